// Persona cards against a fake model: one card or a gallery, chosen persona, editing through operations.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { act, cleanup, fireEvent } from "@testing-library/preact";
import { afterEach, describe, expect, it } from "vitest";
import widget from "../../index";
import type { JourneyDoc } from "../../model/types";
import { fakeModel } from "../../test/fakeModel";

const here = path.dirname(fileURLToPath(import.meta.url));
const base = JSON.parse(
  readFileSync(path.join(here, "../../../../tests/vectors/base.json"), "utf-8"),
) as JourneyDoc;

function mount(extra: Record<string, unknown>) {
  const model = fakeModel({
    _view: "personas",
    _document: base,
    revision: 0,
    editable: true,
    can_undo: false,
    can_redo: false,
    _acks: {},
    persona: null,
    only: false,
    ...extra,
  });
  const el = document.createElement("div");
  document.body.append(el);
  widget.render({ model, el });
  return { model, el };
}

afterEach(() => {
  cleanup();
  document.body.innerHTML = "";
});

describe("persona cards", () => {
  it("shows every persona in a gallery, and one persona in a card", () => {
    const { el } = mount({});
    expect([...el.querySelectorAll(".jw-persona-card h3")].map((h) => h.textContent)).toEqual(
      base.personas.map((p) => p.name),
    );
    cleanup();
    document.body.innerHTML = "";
    const one = mount({ only: true, persona: base.personas[1]!.id });
    expect([...one.el.querySelectorAll(".jw-persona-card h3")].map((h) => h.textContent)).toEqual([
      base.personas[1]!.name,
    ]);
    expect(one.el.querySelector(".jw-chip")).toBeNull(); // a single card has nothing to choose
  });

  it("chooses a persona from its card and marks it", () => {
    const { model, el } = mount({});
    const card = el.querySelectorAll<HTMLElement>(".jw-persona-card")[1]!;
    act(() => void fireEvent.click(card.querySelector(".jw-chip")!));
    expect(model.saved.at(-1)).toEqual({ persona: base.personas[1]!.id });
    expect(card.classList.contains("jw-chosen")).toBe(true);
  });

  it("reads by default and edits in place through an update_persona operation", () => {
    const { model, el } = mount({ only: true, persona: base.personas[0]!.id });
    expect(el.querySelector(".jw-persona-card input")).toBeNull();
    act(() => void fireEvent.click(el.querySelector(".jw-persona-card .jw-button")!));
    const description = el.querySelectorAll<HTMLInputElement>(".jw-persona-card input")[1]!;
    act(() => void fireEvent.change(description, { target: { value: "Busy <b>parent</b>" } }));
    const sent = model.sent.at(-1) as { op: Record<string, unknown> };
    expect(sent.op).toEqual({
      op: "update_persona",
      id: base.personas[0]!.id,
      changes: { description: "Busy <b>parent</b>" },
    });
  });

  it("offers no editing when read-only", () => {
    const { el } = mount({ editable: false });
    expect(el.querySelector(".jw-persona-card .jw-button")).toBeNull();
  });
});
