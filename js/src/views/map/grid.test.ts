// The map's keyboard grid as pure functions: where each arrow key goes, where the focus goes after a removal.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { JourneyDoc } from "../../model/types";
import { firstStop, type NavKey, navigate, type Stop, stopAfterRemoval, stopExists, stopKey } from "./grid";

const here = path.dirname(fileURLToPath(import.meta.url));
// stages s1 (steps t1, t2) and s2; lanes doing (action), pains (pain_point), feel (emotion)
// cards: doing/s1 c1 c2 c3; pains/s1/t1 c4; pains/s2 c5
const base = JSON.parse(
  readFileSync(path.join(here, "../../../../tests/vectors/base.json"), "utf-8"),
) as JourneyDoc;

const card = (id: string): Stop => ({ kind: "card", id });
const cell = (lane: string, stage: string, step: string | null = null): Stop => ({
  kind: "cell",
  lane,
  stage,
  step,
});
const walk = (from: Stop, ...keys: NavKey[]) => keys.reduce((at, key) => navigate(base, at, key), from);

describe("keyboard grid navigation", () => {
  it("starts at the first stage's header", () => {
    expect(firstStop(base)).toEqual({ kind: "stage", id: "s1" });
    expect(firstStop({ ...base, stages: [] })).toEqual({ kind: "lane", id: "doing" });
    expect(firstStop({ ...base, stages: [], lanes: [] })).toBeNull();
  });

  it("walks down a column: stage header, the lane's cards, its cell, then the next lane", () => {
    expect(walk({ kind: "stage", id: "s2" }, "ArrowDown")).toEqual(cell("doing", "s2"));
    expect(walk({ kind: "stage", id: "s2" }, "ArrowDown", "ArrowDown")).toEqual(card("c5"));
    expect(walk({ kind: "stage", id: "s2" }, "ArrowDown", "ArrowDown", "ArrowDown")).toEqual(
      cell("pains", "s2"),
    );
    expect(walk(cell("pains", "s2"), "ArrowDown")).toEqual({ kind: "row", lane: "feel" });
    expect(walk({ kind: "row", lane: "feel" }, "ArrowDown")).toEqual({ kind: "row", lane: "feel" });
  });

  it("goes from a stage with steps to its first step's header, and from a step down its column", () => {
    expect(walk({ kind: "stage", id: "s1" }, "ArrowDown")).toEqual({ kind: "step", id: "t1", stage: "s1" });
    expect(walk({ kind: "step", id: "t1", stage: "s1" }, "ArrowDown")).toEqual(cell("doing", "s1", "t1"));
    expect(walk(cell("doing", "s1", "t1"), "ArrowDown")).toEqual(card("c4"));
    expect(walk(card("c4"), "ArrowUp", "ArrowUp", "ArrowUp")).toEqual({ kind: "stage", id: "s1" });
  });

  it("moves between cards of a cell and leaves it at its ends", () => {
    expect(walk(card("c1"), "ArrowDown")).toEqual(card("c2"));
    expect(walk(card("c3"), "ArrowDown")).toEqual(cell("doing", "s1"));
    expect(walk(card("c1"), "ArrowUp")).toEqual({ kind: "stage", id: "s1" });
  });

  it("moves sideways through the columns (a stage, then each of its steps), keeping the position", () => {
    expect(walk(card("c2"), "ArrowRight")).toEqual(cell("doing", "s1", "t1"));
    expect(walk(card("c2"), "ArrowRight", "ArrowRight", "ArrowRight")).toEqual(cell("doing", "s2"));
    expect(walk(cell("pains", "s1", "t2"), "ArrowLeft")).toEqual(card("c4"));
    expect(walk(cell("pains", "s1", "t1"), "ArrowRight", "ArrowRight")).toEqual(card("c5"));
    expect(walk(card("c1"), "ArrowLeft")).toEqual({ kind: "lane", id: "doing" });
    expect(walk({ kind: "lane", id: "doing" }, "ArrowRight")).toEqual(card("c1"));
    expect(walk(card("c5"), "ArrowRight")).toEqual(card("c5"));
  });

  it("goes to a row's ends with Home and End", () => {
    expect(walk(card("c5"), "Home")).toEqual({ kind: "lane", id: "pains" });
    expect(walk({ kind: "lane", id: "pains" }, "End")).toEqual(card("c5"));
    expect(walk({ kind: "stage", id: "s2" }, "Home")).toEqual({ kind: "stage", id: "s1" });
    expect(walk({ kind: "step", id: "t1", stage: "s1" }, "End")).toEqual({
      kind: "step",
      id: "t2",
      stage: "s1",
    });
  });

  it("moves between lane headers and up to the stages", () => {
    expect(walk({ kind: "lane", id: "pains" }, "ArrowUp")).toEqual({ kind: "lane", id: "doing" });
    expect(walk({ kind: "lane", id: "doing" }, "ArrowUp")).toEqual({ kind: "stage", id: "s1" });
    expect(walk({ kind: "lane", id: "pains" }, "ArrowDown")).toEqual({ kind: "lane", id: "feel" });
    expect(walk({ kind: "row", lane: "feel" }, "ArrowLeft")).toEqual({ kind: "lane", id: "feel" });
  });

  it("walks stage headers left and right, and stays at the edges", () => {
    expect(walk({ kind: "stage", id: "s1" }, "ArrowRight")).toEqual({ kind: "stage", id: "s2" });
    expect(walk({ kind: "stage", id: "s1" }, "ArrowLeft")).toEqual({ kind: "stage", id: "s1" });
    expect(walk({ kind: "stage", id: "s1" }, "ArrowUp")).toEqual({ kind: "stage", id: "s1" });
  });

  it("reaches every stop of the grid from the first one (seeded random walks)", () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const keys: NavKey[] = ["ArrowUp", "ArrowDown", "ArrowLeft", "ArrowRight", "Home", "End"];
    const seen = new Set<string>();
    let at = firstStop(base)!;
    for (let i = 0; i < 4000; i++) {
      seen.add(stopKey(at));
      at = navigate(base, at, keys[Math.floor(random() * keys.length)]!);
      expect(stopExists(base, at)).toBe(true);
    }
    // 2 stage + 2 step headers, 3 lane headers, 5 cards, 2 card lanes x 4 columns of cells, 1 emotion row
    expect(seen.size).toBe(2 + 2 + 3 + 5 + 8 + 1);
  });
});

describe("folded lanes and stages", () => {
  const folded: JourneyDoc = {
    ...base,
    lanes: base.lanes.map((l) => (l.id === "doing" ? { ...l, collapsed: true } : l)),
    stages: base.stages.map((s) => (s.id === "s1" ? { ...s, collapsed: true } : s)),
  };
  const go = (from: Stop, ...keys: NavKey[]) => keys.reduce((at, key) => navigate(folded, at, key), from);

  it("a folded cell is one stop (its cards are not drawn), and a folded stage has no step columns", () => {
    expect(go({ kind: "stage", id: "s2" }, "ArrowDown")).toEqual(cell("doing", "s2"));
    expect(go({ kind: "stage", id: "s2" }, "ArrowDown", "ArrowDown")).toEqual(card("c5"));
    expect(go({ kind: "stage", id: "s1" }, "ArrowDown")).toEqual(cell("doing", "s1"));
    expect(go(cell("pains", "s1"), "ArrowRight")).toEqual(card("c5"));
    expect(stopExists(folded, card("c1"))).toBe(false);
    expect(stopExists(folded, { kind: "step", id: "t1", stage: "s1" })).toBe(false);
  });
});

describe("focus after a removal", () => {
  it("goes to the card now at the same place, the one before, or the cell", () => {
    expect(stopAfterRemoval(base, card("c2"))).toEqual(card("c3"));
    expect(stopAfterRemoval(base, card("c3"))).toEqual(card("c2"));
    expect(stopAfterRemoval(base, card("c5"))).toEqual(cell("pains", "s2"));
  });

  it("goes to a neighbouring header for stages, steps and lanes", () => {
    expect(stopAfterRemoval(base, { kind: "stage", id: "s1" })).toEqual({ kind: "stage", id: "s2" });
    expect(stopAfterRemoval(base, { kind: "stage", id: "s2" })).toEqual({ kind: "stage", id: "s1" });
    expect(stopAfterRemoval(base, { kind: "step", id: "t2", stage: "s1" })).toEqual({
      kind: "step",
      id: "t1",
      stage: "s1",
    });
    expect(stopAfterRemoval(base, { kind: "lane", id: "feel" })).toEqual({ kind: "lane", id: "pains" });
  });
});
