import { describe, expect, it } from "vitest";
import { initials } from "./initials";

describe("persona initials", () => {
  it.each([
    ["Maya, the busy professional", "M"],
    ["Maya Chen", "MC"],
    ["Raj Patel — power user", "RP"],
    ["Jean-Luc de la Tour", "JT"],
    ["the night owl", "NO"],
    ["  émile zola ", "ÉZ"],
    ["(Guest)", "G"],
    ["李 小龙", "李小"],
    ["", "?"],
  ])("%s -> %s", (name, expected) => {
    expect(initials(name)).toBe(expected);
  });
});
