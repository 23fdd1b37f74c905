// The keyboard path for moving a card: where the arrow keys take a picked-up card. Pure functions.
import type { Card, JourneyDoc } from "../../model/types";

/** A place a card can be dropped: a cell (lane x stage or step) and a position in it. */
export interface Target {
  lane: string;
  stage: string;
  step: string | null;
  index: number;
}

/** Lanes of these kinds draw something else than cards (a curve, metric values). */
export const NON_CARD_LANES = new Set(["emotion", "metric"]);

export interface Slot {
  stage: string;
  step: string | null;
}

/** The columns a card can sit in, left to right: each stage as a whole, then each of its steps. */
export function slots(doc: JourneyDoc): Slot[] {
  return doc.stages.flatMap((stage) => [
    { stage: stage.id, step: null },
    // a folded stage shows no step cells
    ...(stage.collapsed ? [] : stage.steps.map((step) => ({ stage: stage.id, step: step.id }))),
  ]);
}

export const cardLanes = (doc: JourneyDoc): string[] =>
  doc.lanes.filter((lane) => !NON_CARD_LANES.has(lane.kind)).map((lane) => lane.id);

/** The cards of a cell in order, leaving out the card being moved. */
export function cellCards(
  doc: JourneyDoc,
  lane: string,
  stage: string,
  step: string | null,
  except?: string,
): Card[] {
  return doc.cards
    .filter((c) => c.lane_id === lane && c.stage_id === stage && c.step_id === step && c.id !== except)
    .sort((a, b) => a.order - b.order);
}

export function targetOf(card: Card): Target {
  return { lane: card.lane_id, stage: card.stage_id, step: card.step_id, index: card.order };
}

export type MoveKey = "ArrowUp" | "ArrowDown" | "ArrowLeft" | "ArrowRight";

/**
 * Where a picked-up card goes on an arrow key. Up/Down move within the cell and, past its ends, into the
 * lane above or below; Left/Right move to the previous or next column (stage, or step of a stage).
 */
export function moveTarget(doc: JourneyDoc, cardId: string, from: Target, key: MoveKey): Target {
  const lanes = cardLanes(doc);
  const columns = slots(doc);
  const size = (t: Pick<Target, "lane" | "stage" | "step">) =>
    cellCards(doc, t.lane, t.stage, t.step, cardId).length;
  const laneAt = lanes.indexOf(from.lane);
  const slotAt = columns.findIndex((s) => s.stage === from.stage && s.step === from.step);
  if (key === "ArrowUp") {
    if (from.index > 0) return { ...from, index: from.index - 1 };
    const above = lanes[laneAt - 1];
    return above === undefined ? from : { ...from, lane: above, index: size({ ...from, lane: above }) };
  }
  if (key === "ArrowDown") {
    if (from.index < size(from)) return { ...from, index: from.index + 1 };
    const below = lanes[laneAt + 1];
    return below === undefined ? from : { ...from, lane: below, index: 0 };
  }
  const slot = columns[slotAt + (key === "ArrowLeft" ? -1 : 1)];
  if (slot === undefined) return from;
  const next = { lane: from.lane, stage: slot.stage, step: slot.step };
  return { ...next, index: Math.min(from.index, size(next)) };
}

/** Words for the screen-reader announcement of a target: "Stage Buy, step Pay, lane Pains, position 2 of 3". */
export function describeTarget(doc: JourneyDoc, cardId: string, target: Target): string {
  const stage = doc.stages.find((s) => s.id === target.stage);
  const step = stage?.steps.find((s) => s.id === target.step);
  const lane = doc.lanes.find((l) => l.id === target.lane);
  const count = cellCards(doc, target.lane, target.stage, target.step, cardId).length + 1;
  const place = [
    `stage ${stage?.name ?? target.stage}`,
    step ? `step ${step.name}` : null,
    `lane ${lane?.name ?? target.lane}`,
  ]
    .filter(Boolean)
    .join(", ");
  return `${place}, position ${target.index + 1} of ${count}`;
}
