// Runs the shared operation vectors (tests/vectors/ops/*.json) that the Python model must also pass.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { JourneyError } from "./errors";
import { applyOp, OPERATION_NAMES } from "./ops";
import type { JourneyDoc, Op } from "./types";

const vectorsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../tests/vectors");
const base = JSON.parse(readFileSync(path.join(vectorsDir, "base.json"), "utf-8")) as JourneyDoc;

interface Vector {
  name: string;
  op: Op;
  expected: { doc: JourneyDoc; inverse: Op } | { error: { code: string; path: string } };
}

const vectors: Vector[] = readdirSync(path.join(vectorsDir, "ops"))
  .filter((f) => f.endsWith(".json"))
  .sort()
  .map((f) => JSON.parse(readFileSync(path.join(vectorsDir, "ops", f), "utf-8")));

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

describe("shared operation vectors", () => {
  it("has vectors to run", () => {
    expect(vectors.length).toBeGreaterThan(50);
  });

  for (const vector of vectors) {
    it(vector.name, () => {
      const doc = deepFreeze(structuredClone(base));
      const op = deepFreeze(structuredClone(vector.op));
      if ("error" in vector.expected) {
        let caught: unknown;
        try {
          applyOp(doc, op);
        } catch (err) {
          caught = err;
        }
        expect(caught).toBeInstanceOf(JourneyError);
        const err = caught as JourneyError;
        expect({ code: err.code, path: err.path }).toEqual(vector.expected.error);
        expect(err.message.length).toBeGreaterThan(10);
      } else {
        const [next, inverse] = applyOp(doc, op);
        expect(next).toEqual(vector.expected.doc);
        expect(inverse).toEqual(vector.expected.inverse);
        const [restored] = applyOp(next, inverse);
        expect(restored).toEqual(base);
      }
    });
  }
});

describe("applyOp", () => {
  it("knows the same operations as the vectors exercise", () => {
    const used = new Set(vectors.map((v) => v.op.op));
    for (const name of OPERATION_NAMES) expect(used.has(name), name).toBe(true);
  });
});
