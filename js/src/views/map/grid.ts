// The map as a keyboard grid (the WAI-ARIA grid pattern): one tab stop, the arrow keys move between the
// stops below. Pure functions over the document, so the whole path is unit-tested without a DOM.
//
// Stops, row by row: the stage headers; the step headers (when any stage has steps); then each lane: its
// header, and per column (a stage as a whole, then each of its steps) the cards of that cell and, last,
// the cell itself (where Enter adds a card). An emotion or metric lane is one stop across its row.
import type { JourneyDoc } from "../../model/types";
import { cellCards, NON_CARD_LANES, type Slot, slots } from "./keyboard";

export type Stop =
  | { kind: "stage"; id: string }
  | { kind: "step"; id: string; stage: string }
  | { kind: "lane"; id: string }
  | { kind: "card"; id: string }
  | { kind: "cell"; lane: string; stage: string; step: string | null }
  /** a metric lane's values at a stage */
  | { kind: "metric"; lane: string; stage: string }
  /** an emotion lane's row (its points are entered with Enter) */
  | { kind: "row"; lane: string };

export type NavKey = "ArrowUp" | "ArrowDown" | "ArrowLeft" | "ArrowRight" | "Home" | "End";

export const NAV_KEYS: ReadonlySet<string> = new Set<NavKey>([
  "ArrowUp",
  "ArrowDown",
  "ArrowLeft",
  "ArrowRight",
  "Home",
  "End",
]);

export const sameStop = (a: Stop | null, b: Stop | null): boolean =>
  a === b || (a !== null && b !== null && stopKey(a) === stopKey(b));

/** A string naming a stop, unique in a document (for comparisons and the DOM lookup). */
export function stopKey(stop: Stop): string {
  switch (stop.kind) {
    case "cell":
      return `cell\u0000${stop.lane}\u0000${stop.stage}\u0000${stop.step ?? ""}`;
    case "row":
      return `row\u0000${stop.lane}`;
    case "metric":
      return `metric\u0000${stop.lane}\u0000${stop.stage}`;
    default:
      return `${stop.kind}\u0000${stop.id}`;
  }
}

/** Whether a lane's cell at a stage is folded (the lane or the stage is): it shows a summary, no cards. */
export function folded(doc: JourneyDoc, lane: string, stage: string): boolean {
  return (
    doc.lanes.find((l) => l.id === lane)?.collapsed === true ||
    doc.stages.find((s) => s.id === stage)?.collapsed === true
  );
}

/** The stops of one lane's column, top to bottom: its cards, then the cell (only the cell when folded). */
function columnStops(doc: JourneyDoc, lane: string, slot: Slot): Stop[] {
  if (folded(doc, lane, slot.stage)) return [{ kind: "cell", lane, stage: slot.stage, step: slot.step }];
  return [
    ...cellCards(doc, lane, slot.stage, slot.step).map((c): Stop => ({ kind: "card", id: c.id })),
    { kind: "cell", lane, stage: slot.stage, step: slot.step },
  ];
}

/** A lane's stops in a column: the cards and cell of a card lane, or the one stop of an emotion/metric row. */
function laneStops(doc: JourneyDoc, laneId: string, slot: Slot): Stop[] {
  const lane = doc.lanes.find((l) => l.id === laneId);
  if (!lane) return [];
  // a folded emotion or metric lane is one summary across its row
  if (NON_CARD_LANES.has(lane.kind) && lane.collapsed) return [{ kind: "row", lane: lane.id }];
  if (lane.kind === "metric") return [{ kind: "metric", lane: lane.id, stage: slot.stage }];
  return NON_CARD_LANES.has(lane.kind) ? [{ kind: "row", lane: lane.id }] : columnStops(doc, lane.id, slot);
}

/** The header stops above a column: the stage, and its step when the column is a step. */
function headerStops(slot: Slot): Stop[] {
  const stops: Stop[] = [{ kind: "stage", id: slot.stage }];
  if (slot.step !== null) stops.push({ kind: "step", id: slot.step, stage: slot.stage });
  return stops;
}

/** Everything in a column from top to bottom: its headers, then every lane's stops. */
function verticalStops(doc: JourneyDoc, slot: Slot): Stop[] {
  return [...headerStops(slot), ...doc.lanes.flatMap((lane) => laneStops(doc, lane.id, slot))];
}

/** Where a stop sits: its column (slot index, or -1 for a lane header) and, in a lane, which lane. */
interface Place {
  column: number;
  lane: string | null;
  /** the card's position in its cell (cells and headers: the end, so moving sideways keeps to the cell) */
  index: number;
}

function placeOf(doc: JourneyDoc, stop: Stop, columns: Slot[]): Place | null {
  const columnOf = (stage: string, step: string | null) =>
    columns.findIndex((s) => s.stage === stage && s.step === step);
  switch (stop.kind) {
    case "stage":
      return { column: columnOf(stop.id, null), lane: null, index: 0 };
    case "step":
      return { column: columnOf(stop.stage, stop.id), lane: null, index: 0 };
    case "lane":
      return { column: -1, lane: stop.id, index: 0 };
    case "row":
      return { column: 0, lane: stop.lane, index: 0 };
    case "metric":
      return { column: columnOf(stop.stage, null), lane: stop.lane, index: 0 };
    case "cell": {
      const size = cellCards(doc, stop.lane, stop.stage, stop.step).length;
      return { column: columnOf(stop.stage, stop.step), lane: stop.lane, index: size };
    }
    case "card": {
      const card = doc.cards.find((c) => c.id === stop.id);
      if (!card) return null;
      const index = cellCards(doc, card.lane_id, card.stage_id, card.step_id).findIndex(
        (c) => c.id === card.id,
      );
      return { column: columnOf(card.stage_id, card.step_id), lane: card.lane_id, index };
    }
  }
}

/** The stop at `index` (or the nearest one) of a lane in a column. */
function stopInLane(doc: JourneyDoc, lane: string, slot: Slot, index: number): Stop | null {
  const stops = laneStops(doc, lane, slot);
  return stops[Math.min(index, stops.length - 1)] ?? null;
}

/** The first stop of the grid: the first stage's header, or the first lane's header when there are no stages. */
export function firstStop(doc: JourneyDoc): Stop | null {
  if (doc.stages.length > 0) return { kind: "stage", id: doc.stages[0]!.id };
  if (doc.lanes.length > 0) return { kind: "lane", id: doc.lanes[0]!.id };
  return null;
}

/** Whether a stop still exists in the document. */
export function stopExists(doc: JourneyDoc, stop: Stop): boolean {
  const stage = (id: string) => doc.stages.find((s) => s.id === id);
  const lane = (id: string) => doc.lanes.find((l) => l.id === id);
  switch (stop.kind) {
    case "stage":
      return !!stage(stop.id);
    case "step":
      return !stage(stop.stage)?.collapsed && !!stage(stop.stage)?.steps.some((t) => t.id === stop.id);
    case "lane":
      return !!lane(stop.id);
    case "row": {
      const l = lane(stop.lane);
      return !!l && (l.kind === "emotion" || (l.kind === "metric" && l.collapsed));
    }
    case "metric":
      return lane(stop.lane)?.kind === "metric" && !lane(stop.lane)?.collapsed && !!stage(stop.stage);
    case "card": {
      const card = doc.cards.find((c) => c.id === stop.id);
      return !!card && !folded(doc, card.lane_id, card.stage_id);
    }
    case "cell": {
      const l = lane(stop.lane);
      const s = stage(stop.stage);
      return (
        !!l &&
        !NON_CARD_LANES.has(l.kind) &&
        !!s &&
        (stop.step === null || (!s.collapsed && s.steps.some((t) => t.id === stop.step)))
      );
    }
  }
}

/**
 * Where an arrow key (or Home/End) goes from `from`. Up/Down walk a column: the headers, then each lane's
 * cards and cell; Left/Right move to the neighbouring column in the same row, keeping the card's position
 * where the cell has one (a lane header sits left of the first column); Home/End go to the row's ends.
 * Returns `from` at the grid's edges.
 */
export function navigate(doc: JourneyDoc, from: Stop, key: NavKey): Stop {
  const columns = slots(doc);
  const place = placeOf(doc, from, columns);
  if (!place) return firstStop(doc) ?? from;
  const laneIds = doc.lanes.map((l) => l.id);

  if (from.kind === "lane") {
    const at = laneIds.indexOf(from.id);
    if (key === "ArrowUp" && at > 0) return { kind: "lane", id: laneIds[at - 1]! };
    if (key === "ArrowUp" && at === 0 && doc.stages.length > 0)
      return { kind: "stage", id: doc.stages[0]!.id };
    if (key === "ArrowDown" && at < laneIds.length - 1) return { kind: "lane", id: laneIds[at + 1]! };
    if ((key === "ArrowRight" || key === "End") && columns.length > 0) {
      const slot = columns[key === "End" ? columns.length - 1 : 0]!;
      return stopInLane(doc, from.id, slot, 0) ?? from;
    }
    return from;
  }

  if (from.kind === "row") {
    if (key === "ArrowLeft" || key === "Home") return { kind: "lane", id: from.lane };
    if (key !== "ArrowUp" && key !== "ArrowDown") return from;
    // leave the row into the lane above or below, in the first column
    const slot = columns[0];
    if (!slot) return from;
    const column = verticalStops(doc, slot);
    const here = column.findIndex((s) => sameStop(s, from));
    const next = column[here + (key === "ArrowUp" ? -1 : 1)];
    return next ?? from;
  }

  if (key === "ArrowUp" || key === "ArrowDown") {
    const slot = columns[place.column];
    if (!slot) return from;
    const column = verticalStops(doc, slot);
    const here = column.findIndex((s) => sameStop(s, from));
    if (here === -1) return from;
    if (from.kind === "stage" && key === "ArrowDown" && slot.step === null) {
      // a stage header leads to its first step's header when the stage has steps
      const stage = doc.stages.find((s) => s.id === from.id);
      const first = stage?.collapsed ? undefined : stage?.steps[0];
      if (first) return { kind: "step", id: first.id, stage: from.id };
    }
    return column[here + (key === "ArrowUp" ? -1 : 1)] ?? from;
  }

  // sideways: the same row in the next column
  if (from.kind === "stage") {
    const ids = doc.stages.map((s) => s.id);
    const at = ids.indexOf(from.id);
    const to = key === "Home" ? 0 : key === "End" ? ids.length - 1 : at + (key === "ArrowLeft" ? -1 : 1);
    return ids[to] !== undefined ? { kind: "stage", id: ids[to]! } : from;
  }
  if (from.kind === "step") {
    const steps = columns.filter((s) => s.step !== null);
    const at = steps.findIndex((s) => s.step === from.id);
    const to = key === "Home" ? 0 : key === "End" ? steps.length - 1 : at + (key === "ArrowLeft" ? -1 : 1);
    const slot = steps[to];
    return slot ? { kind: "step", id: slot.step!, stage: slot.stage } : from;
  }
  const lane = place.lane!;
  if (from.kind === "metric") {
    const ids = doc.stages.map((s) => s.id);
    const at = ids.indexOf(from.stage);
    const next = key === "Home" ? -1 : key === "End" ? ids.length - 1 : at + (key === "ArrowLeft" ? -1 : 1);
    if (next === -1) return { kind: "lane", id: lane };
    return ids[next] !== undefined ? { kind: "metric", lane, stage: ids[next]! } : from;
  }
  const to =
    key === "Home" ? -1 : key === "End" ? columns.length - 1 : place.column + (key === "ArrowLeft" ? -1 : 1);
  if (to === -1) return { kind: "lane", id: lane };
  const slot = columns[to];
  if (!slot) return from;
  return stopInLane(doc, lane, slot, place.index) ?? from;
}

/**
 * Where the focus goes when `stop` is about to disappear (its card deleted or moved away, its stage or
 * lane removed): the card now at its place in the cell, else the one before, else the cell; for headers,
 * the neighbour, else the first stop.
 */
export function stopAfterRemoval(doc: JourneyDoc, stop: Stop): Stop | null {
  if (stop.kind === "card") {
    const card = doc.cards.find((c) => c.id === stop.id);
    if (!card) return firstStop(doc);
    const cell = cellCards(doc, card.lane_id, card.stage_id, card.step_id, card.id);
    const at = cellCards(doc, card.lane_id, card.stage_id, card.step_id).findIndex((c) => c.id === card.id);
    const neighbour = cell[at] ?? cell[at - 1];
    if (neighbour) return { kind: "card", id: neighbour.id };
    return { kind: "cell", lane: card.lane_id, stage: card.stage_id, step: card.step_id };
  }
  const neighbours = (ids: string[], id: string) => {
    const at = ids.indexOf(id);
    return ids[at + 1] ?? ids[at - 1];
  };
  if (stop.kind === "stage") {
    const next = neighbours(
      doc.stages.map((s) => s.id),
      stop.id,
    );
    return next ? { kind: "stage", id: next } : doc.lanes[0] ? { kind: "lane", id: doc.lanes[0].id } : null;
  }
  if (stop.kind === "lane" || stop.kind === "row" || stop.kind === "metric") {
    const id = stop.kind === "lane" ? stop.id : stop.lane;
    const next = neighbours(
      doc.lanes.map((l) => l.id),
      id,
    );
    return next ? { kind: "lane", id: next } : firstStop({ ...doc, lanes: [] });
  }
  if (stop.kind === "step") {
    const steps = doc.stages.find((s) => s.id === stop.stage)?.steps.map((t) => t.id) ?? [];
    const next = neighbours(steps, stop.id);
    return next ? { kind: "step", id: next, stage: stop.stage } : { kind: "stage", id: stop.stage };
  }
  return firstStop(doc);
}

/** The CSS selector of a stop's element in the map (cards, cells, headers and rows carry these attributes). */
export function stopSelector(stop: Stop): string {
  const q = (v: string) => JSON.stringify(v);
  switch (stop.kind) {
    case "card":
      return `.jw-card[data-card-id=${q(stop.id)}]`;
    case "cell":
      return `[data-drop-lane=${q(stop.lane)}][data-drop-stage=${q(stop.stage)}][data-drop-step=${q(stop.step ?? "")}]`;
    case "stage":
      return `.jw-stage-header[data-stage-id=${q(stop.id)}]`;
    case "step":
      return `.jw-step-header[data-step-id=${q(stop.id)}]`;
    case "lane":
      return `.jw-lane-header[data-lane-id=${q(stop.id)}]`;
    case "row":
      return `.jw-row-stop[data-lane-id=${q(stop.lane)}]`;
    case "metric":
      return `.jw-metric-cell[data-lane-id=${q(stop.lane)}][data-stage-id=${q(stop.stage)}]`;
  }
}
