// The keyboard path's geometry: where arrow keys take a picked-up card.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { JourneyDoc } from "../../model/types";
import { cardLanes, describeTarget, moveTarget, slots } from "./keyboard";

const here = path.dirname(fileURLToPath(import.meta.url));
const base = JSON.parse(
  readFileSync(path.join(here, "../../../../tests/vectors/base.json"), "utf-8"),
) as JourneyDoc;
const at = (lane: string, stage: string, step: string | null, index: number) => ({
  lane,
  stage,
  step,
  index,
});

describe("keyboard moves", () => {
  it("lists columns (stage, then its steps) and the lanes that hold cards", () => {
    expect(slots(base)).toEqual([
      { stage: "s1", step: null },
      { stage: "s1", step: "t1" },
      { stage: "s1", step: "t2" },
      { stage: "s2", step: null },
    ]);
    expect(cardLanes(base)).toEqual(["doing", "pains"]);
  });

  it("moves up and down within a cell, then into the lane above or below", () => {
    // c2 is at index 1 of doing/s1 (c1, c2, c3); without it the cell has 2 cards
    expect(moveTarget(base, "c2", at("doing", "s1", null, 1), "ArrowUp")).toEqual(at("doing", "s1", null, 0));
    expect(moveTarget(base, "c2", at("doing", "s1", null, 2), "ArrowDown")).toEqual(
      at("pains", "s1", null, 0),
    );
    expect(moveTarget(base, "c2", at("doing", "s1", null, 0), "ArrowUp")).toEqual(at("doing", "s1", null, 0));
    expect(moveTarget(base, "c5", at("pains", "s2", null, 0), "ArrowUp")).toEqual(at("doing", "s2", null, 0));
  });

  it("moves left and right through stages and steps, keeping the position when it fits", () => {
    expect(moveTarget(base, "c3", at("doing", "s1", null, 2), "ArrowRight")).toEqual(
      at("doing", "s1", "t1", 0),
    );
    expect(moveTarget(base, "c4", at("pains", "s1", "t1", 0), "ArrowRight")).toEqual(
      at("pains", "s1", "t2", 0),
    );
    expect(moveTarget(base, "c5", at("pains", "s2", null, 0), "ArrowLeft")).toEqual(
      at("pains", "s1", "t2", 0),
    );
    expect(moveTarget(base, "c5", at("pains", "s2", null, 0), "ArrowRight")).toEqual(
      at("pains", "s2", null, 0),
    );
  });

  it("describes a target for screen readers", () => {
    expect(describeTarget(base, "c5", at("pains", "s1", "t1", 1))).toBe(
      "stage Discover, step Search, lane Pains, position 2 of 2",
    );
  });
});
