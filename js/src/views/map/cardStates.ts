// Each card's own UI state as one small number (editing, selected, picked up, dragged, the grid's tab stop,
// a find-box match), kept per card so that a change re-renders only the cards whose state changed.
import type { ReadonlySignal } from "@preact/signals";
import type { Card, JourneyDoc } from "../../model/types";
import { cardMatches } from "./cardFilter";
import type { Stop } from "./grid";
import { SparseSignals } from "./sparseSignals";

export const EDITING = 1;
export const SELECTED = 2;
export const PICKED = 4;
export const DRAGGED = 8;
export const TAB_STOP = 16;
export const MATCH = 32;
export const UNMATCHED = 64;

export const EVIDENCE_LABEL: Record<string, string> = {
  observed: "Observed",
  reported: "Reported",
  data: "Data",
  inferred: "Inferred",
  hypothesis: "Hypothesis",
};

/** The editor's signals a card's state is made of. */
export interface CardStateSources {
  doc: ReadonlySignal<JourneyDoc>;
  editing: ReadonlySignal<{ kind: string; id: string } | null>;
  selection: ReadonlySignal<{ card: string | null }>;
  pickedUp: ReadonlySignal<{ card: string } | null>;
  dragging: ReadonlySignal<{ card: string } | null>;
  tabStop: ReadonlySignal<Stop | null>;
  filter: ReadonlySignal<string>;
}

/** The cards whose state is not zero, with their state. */
export function nonZeroStates(src: CardStateSources): Map<string, number> {
  const states = new Map<string, number>();
  const mark = (id: string | null | undefined, bit: number) => {
    if (id) states.set(id, (states.get(id) ?? 0) | bit);
  };
  const editing = src.editing.value;
  if (editing?.kind === "card") mark(editing.id, EDITING);
  mark(src.selection.value.card, SELECTED);
  mark(src.pickedUp.value?.card, PICKED);
  mark(src.dragging.value?.card, DRAGGED);
  const stop = src.tabStop.value;
  if (stop?.kind === "card") mark(stop.id, TAB_STOP);
  const query = src.filter.value;
  if (query.trim() !== "") {
    for (const card of src.doc.value.cards) {
      mark(card.id, cardMatches(card, query, EVIDENCE_LABEL[card.evidence]) ? MATCH : UNMATCHED);
    }
  }
  return states;
}

/** Each card's state (the bits above), one signal per card. */
export class CardStates extends SparseSignals<number> {
  constructor(src: CardStateSources) {
    let ids: ReadonlySet<string> = new Set();
    let idsOf: readonly Card[] | null = null;
    super(
      () => nonZeroStates(src),
      0,
      Object.is,
      () => {
        const cards = src.doc.value.cards;
        if (cards !== idsOf) {
          idsOf = cards;
          ids = new Set(cards.map((c) => c.id));
        }
        return ids;
      },
    );
  }
}
