// The image field type of fields.json (a persona's picture, #12), checked as the Python model checks it:
// tests/vectors/images.json holds values and the message field_checks.py refuses each with (up to ", got ...").
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { JourneyError } from "./errors";
import { checkValue, defaultValue } from "./fields";

const file = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../tests/vectors/images.json");
const cases = JSON.parse(readFileSync(file, "utf-8")) as { value: unknown; error: string | null }[];

function outcome(value: unknown): string | null {
  try {
    expect(checkValue("image", value, "persona 'p'", "image")).toEqual(value);
    return null;
  } catch (err) {
    if (!(err instanceof JourneyError)) throw err;
    expect(err.code).toBe("invalid_field");
    expect(err.path).toBe("image");
    return err.message.split(", got ")[0] ?? "";
  }
}

describe("image fields", () => {
  it("default to no picture", () => {
    expect(defaultValue("image")).toBe("");
  });

  it("has both kinds of case", () => {
    expect(cases.filter((c) => c.error === null).length).toBeGreaterThan(5);
    expect(cases.filter((c) => c.error !== null).length).toBeGreaterThan(20);
  });

  for (const [n, c] of cases.entries()) {
    it(`${c.error === null ? "accepts" : "refuses"} ${n}: ${JSON.stringify(c.value)?.slice(0, 50)}`, () => {
      expect(outcome(c.value)).toBe(c.error);
    });
  }

  it("accepts a data URI of up to a million characters, quickly", () => {
    const big = `data:image/png;base64,${"QUJD".repeat(249_994)}`;
    expect(big.length).toBe(999_998);
    expect(outcome(big)).toBeNull();
    expect(outcome(`${big}QUJD`)).toMatch(/URI of at most 1000000 characters/);
    expect(outcome(`${big.slice(0, -4)}QU!D`)).toMatch(/its data in base64/);
  });
});
