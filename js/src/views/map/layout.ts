// Pure layout of the swimlane grid: which columns each stage spans, and which cards sit in which cell.
import type { Card, JourneyDoc, Stage } from "../../model/types";

export interface StageColumns {
  stage: Stage;
  /** first grid column of the stage (1-based, after the lane header column) */
  start: number;
  span: number;
}

export function stageColumns(doc: JourneyDoc): StageColumns[] {
  let start = 2;
  return doc.stages.map((stage) => {
    const span = Math.max(1, stage.steps.length);
    const out = { stage, start, span };
    start += span;
    return out;
  });
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
