// A cell's state follows the tab stop, the selected stage or lane and a moving card, and only the cells
// concerned are told.
import { signal } from "@preact/signals";
import { describe, expect, it } from "vitest";
import type { JourneyDoc } from "../../model/types";
import { CellStates, PLAIN_CELL } from "./cellStates";
import type { Stop } from "./grid";
import type { Target } from "./keyboard";
import { cellKey } from "./layout";

describe("CellStates", () => {
  it("marks the tab stop, the selected stage's and lane's cells, and the drop target", () => {
    const src = {
      doc: signal({
        lanes: [{ id: "l1" }, { id: "l2" }],
        stages: [{ id: "s1" }, { id: "s2" }],
      } as unknown as JourneyDoc),
      selection: signal<{ stage: string | null; lane: string | null }>({ stage: null, lane: null }),
      pickedUp: signal<{ card: string; target: Target } | null>(null),
      dragging: signal<{ card: string; target: Target | null } | null>(null),
      tabStop: signal<Stop | null>(null),
    };
    const states = new CellStates(src);
    const cell = (lane: string, stage: string, step: string | null = null) =>
      states.of(cellKey(lane, stage, step));
    const far = cell("l2", "s2");
    let farChanges = 0;
    far.subscribe(() => (farChanges += 1));
    const before = farChanges;
    src.tabStop.value = { kind: "cell", lane: "l1", stage: "s1", step: "t1" };
    expect(cell("l1", "s1", "t1").value.tabStop).toBe(true);
    expect(cell("l1", "s1").value.tabStop).toBe(false);
    src.selection.value = { stage: "s1", lane: null };
    expect([cell("l1", "s1").value.selected, cell("l2", "s1").value.selected, far.value.selected]).toEqual([
      true,
      true,
      false,
    ]);
    src.pickedUp.value = { card: "c1", target: { lane: "l1", stage: "s2", step: null, index: 0 } };
    expect(cell("l1", "s2").value).toMatchObject({ moving: "c1", target: { index: 0 } });
    // a pointer drag over another cell wins over the keyboard pick-up
    src.dragging.value = { card: "c2", target: { lane: "l2", stage: "s1", step: null, index: 1 } };
    expect(cell("l1", "s2").value).toEqual(PLAIN_CELL);
    expect(cell("l2", "s1").value).toMatchObject({ selected: true, moving: "c2", target: { index: 1 } });
    // the same target again is no change
    const same = cell("l2", "s1").value;
    src.dragging.value = { card: "c2", target: { lane: "l2", stage: "s1", step: null, index: 1 } };
    expect(cell("l2", "s1").value).toBe(same);
    expect(farChanges).toBe(before);
    src.selection.value = { stage: null, lane: "l2" };
    expect(far.value.selected).toBe(true);
    states.dispose();
  });
});
