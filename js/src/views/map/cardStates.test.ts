// Each card's state signal changes only when that card's own state does, and follows every source.
import { signal } from "@preact/signals";
import { describe, expect, it } from "vitest";
import type { Card, JourneyDoc } from "../../model/types";
import { CardStates, DRAGGED, EDITING, MATCH, PICKED, SELECTED, TAB_STOP, UNMATCHED } from "./cardStates";
import type { Stop } from "./grid";

const card = (id: string, text: string, tags: string[] = []): Card =>
  ({ id, text, tags, evidence: "data", owner: "", channel: "", status: "" }) as unknown as Card;

function sources(cards: Card[]) {
  return {
    doc: signal({ cards } as unknown as JourneyDoc),
    editing: signal<{ kind: string; id: string } | null>(null),
    selection: signal<{ card: string | null }>({ card: null }),
    pickedUp: signal<{ card: string } | null>(null),
    dragging: signal<{ card: string } | null>(null),
    tabStop: signal<Stop | null>(null),
    filter: signal(""),
  };
}

describe("CardStates", () => {
  it("sets the bits of the cards concerned and leaves the others' signals untouched", () => {
    const src = sources([
      card("a", "Pay by card"),
      card("b", "Track the parcel", ["delivery"]),
      card("c", ""),
    ]);
    const states = new CardStates(src);
    const [a, b, c] = ["a", "b", "c"].map((id) => states.of(id));
    const changes = { a: 0, b: 0, c: 0 };
    for (const [id, s] of Object.entries({ a, b, c })) s!.subscribe(() => (changes[id as "a"] += 1));
    const initial = { ...changes };
    src.selection.value = { card: "a" };
    src.editing.value = { kind: "card", id: "a" };
    src.pickedUp.value = { card: "b" };
    src.dragging.value = { card: "b" };
    src.tabStop.value = { kind: "card", id: "b" };
    expect(a!.value).toBe(SELECTED | EDITING);
    expect(b!.value).toBe(PICKED | DRAGGED | TAB_STOP);
    expect(c!.value).toBe(0);
    expect(changes.c).toBe(initial.c); // a card whose state did not change is not told
    src.editing.value = { kind: "stage", id: "a" }; // a stage's name being edited is not a card's
    expect(a!.value).toBe(SELECTED);
    src.filter.value = "#delivery";
    expect([a!.value & (MATCH | UNMATCHED), b!.value & MATCH, c!.value]).toEqual([
      UNMATCHED,
      MATCH,
      UNMATCHED,
    ]);
    src.filter.value = "  ";
    expect(c!.value).toBe(0);
    states.dispose();
  });

  it("gives a card viewed later its current state, and forgets removed cards", () => {
    const src = sources([card("a", "x"), card("b", "y")]);
    const states = new CardStates(src);
    src.selection.value = { card: "b" };
    expect(states.of("b").value).toBe(SELECTED);
    const old = states.of("a");
    src.doc.value = { cards: [card("b", "y")] } as unknown as JourneyDoc;
    expect(states.of("a")).not.toBe(old); // an undone delete gets a fresh signal
    states.dispose();
    src.selection.value = { card: null };
    expect(states.of("b").value).toBe(SELECTED); // disposed: no longer follows
  });
});
