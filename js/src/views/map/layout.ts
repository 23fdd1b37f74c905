// Pure layout of the swimlane grid: which columns each stage spans, and which cards sit in which cell.
import type { Card, JourneyDoc, Stage } from "../../model/types";

export interface StageColumns {
  stage: Stage;
  /** first grid column of the stage (1-based, after the lane header column) */
  start: number;
  span: number;
  /** folded: one narrow column, its steps and cards summarised */
  collapsed: boolean;
}

export function stageColumns(doc: JourneyDoc): StageColumns[] {
  let start = 2;
  return doc.stages.map((stage) => {
    const collapsed = stage.collapsed === true;
    const span = collapsed ? 1 : Math.max(1, stage.steps.length);
    const out = { stage, start, span, collapsed };
    start += span;
    return out;
  });
}

/**
 * How wide a folded stage's column is next to an open one. Its track is minmax(0.35 x min, 0.35fr) beside
 * minmax(min, 1fr): the same ratio at the minimum and in the shares of free space, so every column's
 * width is in proportion to its weight and the emotion curve can place its points from the weights.
 */
export const FOLDED_WEIGHT = 0.35;

/** The grid's column widths: the lane names, then each stage's columns (a folded stage is narrow). */
export function gridColumns(columns: StageColumns[]): { template: string; minWidth: string } {
  const widths = columns.flatMap((c) =>
    c.collapsed
      ? [`minmax(calc(${FOLDED_WEIGHT} * var(--jw-column-min)), ${FOLDED_WEIGHT}fr)`]
      : Array(c.span).fill("minmax(var(--jw-column-min), 1fr)"),
  );
  return {
    template: ["var(--jw-lane-header-width)", ...widths].join(" "),
    minWidth: `calc(var(--jw-lane-header-width) + ${totalWeight(columns)} * var(--jw-column-min))`,
  };
}

/** The weight of a stage's columns (its steps, or one folded column). */
export const stageWeight = (c: StageColumns): number => (c.collapsed ? FOLDED_WEIGHT : c.span);

export const totalWeight = (columns: StageColumns[]): number =>
  columns.reduce((n, c) => n + stageWeight(c), 0);

/** The middle of stage `i`'s columns, from 0 (the map's left) to 1 (its right), lane names left out. */
export function stageMiddle(columns: StageColumns[], i: number): number {
  const before = columns.slice(0, i).reduce((n, c) => n + stageWeight(c), 0);
  return (before + stageWeight(columns[i]!) / 2) / totalWeight(columns);
}

/** A document with view-only folding applied on top of its own (a read-only page folds without editing). */
export function withFolding(doc: JourneyDoc, folding: ReadonlyMap<string, boolean>): JourneyDoc {
  if (folding.size === 0) return doc;
  const fold = <T extends { id: string; collapsed: boolean }>(item: T): T =>
    folding.has(item.id) && folding.get(item.id) !== item.collapsed
      ? { ...item, collapsed: folding.get(item.id)! }
      : item;
  return { ...doc, stages: doc.stages.map(fold), lanes: doc.lanes.map(fold) };
}

export const cellKey = (laneId: string, stageId: string, stepId: string | null): string =>
  `${laneId}\u0000${stageId}\u0000${stepId ?? ""}`;

/** Cards grouped by cell, each group in its `order`. */
export function cardsByCell(cards: readonly Card[]): Map<string, Card[]> {
  const cells = new Map<string, Card[]>();
  for (const card of cards) {
    const key = cellKey(card.lane_id, card.stage_id, card.step_id);
    const cell = cells.get(key);
    if (cell) cell.push(card);
    else cells.set(key, [card]);
  }
  for (const cell of cells.values()) cell.sort((a, b) => a.order - b.order);
  return cells;
}

/** The emotion value of a persona per stage (researched series, stage level), or null where unset. */
export function emotionSeries(
  doc: JourneyDoc,
  personaId: string | null,
  series = "researched",
): (number | null)[] {
  const values = new Map<string, number>();
  for (const point of doc.emotions) {
    if (point.persona_id === personaId && point.series === series && point.step_id === null) {
      values.set(point.stage_id, point.value);
    }
  }
  return doc.stages.map((stage) => values.get(stage.id) ?? null);
}

/**
 * Cards by lane, then by cell, reusing the previous lane's map when none of its cells changed (same cards,
 * same order), so a lane whose cards did not change is not re-rendered.
 */
/** How many cards a large map draws in its first frame; the lanes below follow in the next frame. */
export const FIRST_FRAME_CARDS = 150;

/**
 * The lanes whose cards a large map draws in its first frame: from the top, until `budget` cards are
 * drawn (the first lane always). A map of at most `budget` cards draws every lane at once (null).
 */
export function firstFrameLanes(
  lanes: readonly { id: string }[],
  cards: Map<string, Map<string, Card[]>>,
  budget = FIRST_FRAME_CARDS,
): Set<string> | null {
  let total = 0;
  for (const cells of cards.values()) for (const cell of cells.values()) total += cell.length;
  if (total <= budget) return null;
  const shown = new Set<string>();
  let drawn = 0;
  for (const lane of lanes) {
    if (drawn >= budget) break;
    shown.add(lane.id);
    for (const cell of cards.get(lane.id)?.values() ?? []) drawn += cell.length;
  }
  return shown;
}

export function cardsByLane(
  cards: readonly Card[],
  previous: Map<string, Map<string, Card[]>> | null,
): Map<string, Map<string, Card[]>> {
  const lanes = new Map<string, Map<string, Card[]>>();
  for (const [key, cell] of cardsByCell(cards)) {
    const lane = key.slice(0, key.indexOf("\u0000"));
    if (!lanes.has(lane)) lanes.set(lane, new Map());
    lanes.get(lane)!.set(key, cell);
  }
  for (const [lane, cells] of lanes) {
    const before = previous?.get(lane);
    if (before && sameCells(before, cells)) lanes.set(lane, before);
  }
  return lanes;
}

function sameCells(a: Map<string, Card[]>, b: Map<string, Card[]>): boolean {
  if (a.size !== b.size) return false;
  for (const [key, cards] of b) {
    const other = a.get(key);
    if (!other || other.length !== cards.length || other.some((card, i) => card !== cards[i])) return false;
  }
  return true;
}
