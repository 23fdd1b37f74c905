// A card's own colour: K cycles through the offered colours (Shift+K back), the palette's swatches set
// one, each is one undoable edit sent to Python, and the card shows it as its stripe and tint.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { act, cleanup, fireEvent } from "@testing-library/preact";
import { afterEach, describe, expect, it } from "vitest";
import { type fakeModel, mapState } from "../../test/fakeModel";
import { baseDoc, mountWidget } from "../../test/mount";
import { CARD_COLORS, CARD_TINT_PERCENT, colorName } from "./cardColors";

const here = path.dirname(fileURLToPath(import.meta.url));
const base = baseDoc();

const mount = () => mountWidget(mapState(base));

afterEach(() => {
  cleanup();
  document.body.innerHTML = "";
});

const colorEdits = (model: ReturnType<typeof fakeModel>) =>
  model.sent
    .map((m) => m.op as { op: string; changes?: { color?: string } } | undefined)
    .filter((op) => op?.op === "update_card" && op.changes && "color" in op.changes)
    .map((op) => op!.changes!.color);

describe("card colours", () => {
  it("offers the lane's colour first, then fields.json's colours, and names them", () => {
    expect(CARD_COLORS[0]).toEqual({ name: "Lane colour", value: "" });
    expect(CARD_COLORS.map((c) => c.name)).toContain("Yellow");
    expect(colorName("#F2C94C")).toBe("Yellow");
    expect(colorName("#123456")).toBe("#123456");
    const css = readFileSync(path.join(here, "../../styles.css"), "utf-8");
    expect(css).toContain(`var(--jw-card-color) ${CARD_TINT_PERCENT}%`); // the tint the picture uses too
  });

  it("K cycles a card's colour forward, Shift+K back, and the card shows it", () => {
    const { model, el } = mount();
    const card = () => el.querySelector<HTMLElement>('.jw-card[data-card-id="c1"]')!;
    act(() => card().focus());
    act(() => void fireEvent.keyDown(card(), { key: "k" }));
    act(() => void fireEvent.keyDown(card(), { key: "k" }));
    act(() => void fireEvent.keyDown(card(), { key: "K" }));
    expect(colorEdits(model)).toEqual([CARD_COLORS[1]!.value, CARD_COLORS[2]!.value, CARD_COLORS[1]!.value]);
    expect(card().classList.contains("jw-colored")).toBe(true);
    expect(card().style.getPropertyValue("--jw-card-color")).toBe(CARD_COLORS[1]!.value);
    expect(el.querySelector(".jw-sr-only[aria-live]")!.textContent).toBe("Card colour: yellow.");
  });

  it("the palette of a selected card sets a colour and back to the lane's", () => {
    const { model, el } = mount();
    const card = () => el.querySelector<HTMLElement>('.jw-card[data-card-id="c1"]')!;
    act(() => void fireEvent.click(card()));
    act(() => void fireEvent.click(card().querySelector(".jw-color-button")!));
    const swatches = [...card().querySelectorAll<HTMLButtonElement>(".jw-card-palette .jw-swatch")];
    expect(swatches.map((s) => s.getAttribute("aria-label"))).toEqual(CARD_COLORS.map((c) => c.name));
    expect(swatches[0]!.getAttribute("aria-pressed")).toBe("true");
    act(() => void fireEvent.click(swatches[3]!));
    expect(card().querySelector(".jw-card-palette")).toBeNull(); // chosen: the palette closes
    act(() => void fireEvent.click(card().querySelector(".jw-color-button")!));
    expect(card().querySelectorAll(".jw-swatch")[3]!.getAttribute("aria-pressed")).toBe("true");
    act(() => void fireEvent.click(card().querySelectorAll(".jw-swatch")[0]!));
    expect(colorEdits(model)).toEqual([CARD_COLORS[3]!.value, ""]);
    expect(card().classList.contains("jw-colored")).toBe(false);
  });
});
