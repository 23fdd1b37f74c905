// Each card's own UI state as one small number (editing, selected, picked up, dragged, the grid's tab stop,
// a find-box match), kept per card so that a change re-renders only the cards whose state changed. One
// effect works out the few cards whose state is not zero and updates just their signals: a 500-card map
// holds 500 plain signals, where a computed per card would re-read six sources for every card.
import { batch, effect, type ReadonlySignal, type Signal, signal } from "@preact/signals";
import type { Card, JourneyDoc } from "../../model/types";
import { cardMatches } from "./cardFilter";
import type { Stop } from "./grid";

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

export class CardStates {
  private readonly signals = new Map<string, Signal<number>>();
  private current = new Map<string, number>();
  private cards: readonly Card[] | null = null;
  private readonly stop: () => void;

  constructor(src: CardStateSources) {
    this.stop = effect(() => {
      const next = nonZeroStates(src);
      const cards = src.doc.value.cards;
      batch(() => {
        for (const id of new Set([...this.current.keys(), ...next.keys()])) {
          const s = this.signals.get(id);
          if (s) s.value = next.get(id) ?? 0;
        }
      });
      this.current = next;
      if (cards !== this.cards) this.forgetRemoved(cards);
    });
  }

  /** A card's state, as a signal its view reads (created on first use). */
  of(id: string): ReadonlySignal<number> {
    let s = this.signals.get(id);
    if (!s) {
      s = signal(this.current.get(id) ?? 0);
      this.signals.set(id, s);
    }
    return s;
  }

  dispose(): void {
    this.stop();
  }

  /** Drop the signals of cards the document no longer has (an undone delete makes a new one). */
  private forgetRemoved(cards: readonly Card[]): void {
    this.cards = cards;
    if (this.signals.size <= cards.length) return;
    const ids = new Set(cards.map((c) => c.id));
    for (const id of this.signals.keys()) if (!ids.has(id)) this.signals.delete(id);
  }
}
