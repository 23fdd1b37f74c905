// Which lanes a large map draws in its first frame.
import { describe, expect, it } from "vitest";
import type { Card } from "../../model/types";
import { FIRST_FRAME_CARDS, firstFrameLanes } from "./layout";

const lanesWith = (counts: number[]) => {
  const lanes = counts.map((_, i) => ({ id: `l${i}` }));
  const cards = new Map(
    counts.map((n, i) => [`l${i}`, new Map([[`l${i}\\u0000s\\u0000`, Array(n).fill({}) as Card[]]])]),
  );
  return { lanes, cards };
};

describe("firstFrameLanes", () => {
  it("draws a map of at most the budget's cards at once", () => {
    const { lanes, cards } = lanesWith([50, 50, 50]);
    expect(firstFrameLanes(lanes, cards)).toBeNull();
    expect(FIRST_FRAME_CARDS).toBe(150);
  });

  it("draws lanes from the top until the budget is reached, the first lane always", () => {
    const { lanes, cards } = lanesWith([62, 62, 62, 62, 62]);
    expect([...firstFrameLanes(lanes, cards)!]).toEqual(["l0", "l1", "l2"]);
    const big = lanesWith([400, 10, 10]);
    expect([...firstFrameLanes(big.lanes, big.cards)!]).toEqual(["l0"]);
    // lanes with no cards (an emotion lane) cost nothing but are passed like the others
    const gaps = lanesWith([0, 100, 0, 100, 100]);
    expect([...firstFrameLanes(gaps.lanes, gaps.cards)!]).toEqual(["l0", "l1", "l2", "l3"]);
  });
});
