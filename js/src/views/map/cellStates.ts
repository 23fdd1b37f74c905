// Each cell's own UI state (the grid's tab stop, in the selected stage or lane, the drop target of a
// moving card), one signal per cell, so a selection, a focus move or a drag frame re-renders only the
// cells concerned, not the map's hundred.
import type { ReadonlySignal } from "@preact/signals";
import type { JourneyDoc } from "../../model/types";
import type { Stop } from "./grid";
import type { Target } from "./keyboard";
import { cellKey } from "./layout";
import { SparseSignals } from "./sparseSignals";

export interface CellState {
  tabStop: boolean;
  /** the cell is in the selected stage or lane (a stage cell, not a step cell) */
  selected: boolean;
  /** where a card moving over this cell would land, and which card it is */
  target: Target | null;
  moving: string | null;
}

export const PLAIN_CELL: CellState = { tabStop: false, selected: false, target: null, moving: null };

export interface CellStateSources {
  doc: ReadonlySignal<JourneyDoc>;
  selection: ReadonlySignal<{ stage: string | null; lane: string | null }>;
  pickedUp: ReadonlySignal<{ card: string; target: Target } | null>;
  dragging: ReadonlySignal<{ card: string; target: Target | null } | null>;
  tabStop: ReadonlySignal<Stop | null>;
}

const sameCell = (a: CellState, b: CellState): boolean =>
  a.tabStop === b.tabStop &&
  a.selected === b.selected &&
  a.moving === b.moving &&
  (a.target === b.target ||
    (a.target !== null &&
      b.target !== null &&
      a.target.index === b.target.index &&
      cellKey(a.target.lane, a.target.stage, a.target.step) ===
        cellKey(b.target.lane, b.target.stage, b.target.step)));

/** The cells whose state is not plain, by cellKey. */
export function specialCells(src: CellStateSources): Map<string, CellState> {
  const cells = new Map<string, CellState>();
  const set = (key: string, change: Partial<CellState>) =>
    cells.set(key, { ...(cells.get(key) ?? PLAIN_CELL), ...change });
  const stop = src.tabStop.value;
  if (stop?.kind === "cell") set(cellKey(stop.lane, stop.stage, stop.step), { tabStop: true });
  const drag = src.dragging.value;
  const picked = src.pickedUp.value;
  const moving = drag?.target ? { target: drag.target, moving: drag.card } : picked;
  if (moving?.target) {
    const { lane, stage, step } = moving.target;
    set(cellKey(lane, stage, step), {
      target: moving.target,
      moving: drag?.target ? drag.card : picked!.card,
    });
  }
  const { stage, lane } = src.selection.value;
  if (stage !== null || lane !== null) {
    const doc = src.doc.value;
    if (stage !== null) for (const l of doc.lanes) set(cellKey(l.id, stage, null), { selected: true });
    if (lane !== null) for (const s of doc.stages) set(cellKey(lane, s.id, null), { selected: true });
  }
  return cells;
}

/** Each cell's state, one signal per cell (by cellKey). */
export class CellStates extends SparseSignals<CellState> {
  constructor(src: CellStateSources) {
    super(() => specialCells(src), PLAIN_CELL, sameCell);
  }
}
