import path from "node:path";
import { fileURLToPath } from "node:url";
import { act, cleanup, fireEvent } from "@testing-library/preact";
import { afterEach, describe, expect, it } from "vitest";
import { applyOp } from "../../model/ops";
import type { JourneyDoc } from "../../model/types";
import { type fakeModel, mapState } from "../../test/fakeModel";
import { baseDoc, mountWidget } from "../../test/mount";

const _here = path.dirname(fileURLToPath(import.meta.url));
const base = baseDoc();

const mount = (doc: JourneyDoc = base, extra: Record<string, unknown> = {}) =>
  mountWidget(mapState(doc, extra));

afterEach(() => {
  cleanup();
  document.body.innerHTML = "";
});

const press = (key: string, target: Element | null = document.activeElement) =>
  act(() => void fireEvent.keyDown(target!, { key }));
const focused = () => document.activeElement as HTMLElement;
const ops = (model: ReturnType<typeof fakeModel>) =>
  model.sent.map((m) => (m.op as { op: string } | undefined)?.op ?? m.action);

describe("the map's keyboard grid", () => {
  it("has one tab stop: the first stage's header; every other stop is tabindex -1", () => {
    const { el } = mount();
    const grid = el.querySelector(".jw-grid[role=grid]")!;
    const stops = [...grid.querySelectorAll("[tabindex='0']")];
    expect(stops).toHaveLength(1);
    expect(stops[0]!.matches('.jw-stage-header[data-stage-id="s1"]')).toBe(true);
    expect(grid.querySelectorAll(".jw-card[tabindex='-1']")).toHaveLength(5);
    // no interactive role inside another: cards are groups, their buttons out of the tab order
    expect(grid.querySelector(".jw-card[role=button]")).toBeNull();
    expect(grid.querySelectorAll("button:not([tabindex='-1'])")).toHaveLength(0);
  });

  it("moves the focus with the arrow keys and the tab stop with it", () => {
    const { el } = mount();
    const first = el.querySelector<HTMLElement>('.jw-stage-header[data-stage-id="s2"]')!;
    act(() => first.focus());
    press("ArrowDown");
    expect(focused().matches('.jw-cell[data-lane-id="doing"][data-stage-id="s2"]')).toBe(true);
    press("ArrowDown");
    expect(focused().dataset.cardId).toBe("c5");
    press("Home");
    expect(focused().matches('.jw-lane-header[data-lane-id="pains"]')).toBe(true);
    // the one stop, and inside the active lane header its kind (a widget of the focused cell)
    expect([...el.querySelectorAll(".jw-grid [tabindex='0']")]).toEqual([
      focused(),
      focused().querySelector("select"),
    ]);
  });

  it("Enter on a cell adds a card there and edits it; Escape leaves the grid", () => {
    const { model, el } = mount();
    const cell = el.querySelector<HTMLElement>('.jw-cell[data-lane-id="doing"][data-stage-id="s2"]')!;
    act(() => cell.focus());
    press("Enter");
    expect(ops(model)).toEqual(["add_card"]);
    expect(focused().classList.contains("jw-card-input")).toBe(true);
    const input = focused() as HTMLTextAreaElement;
    input.value = "Compares prices";
    press("Enter", input);
    expect(focused().classList.contains("jw-card")).toBe(true);
    press("Escape");
    expect(focused().classList.contains("jw-map")).toBe(true);
  });

  it("Delete removes a card, focuses its neighbour and offers Undo in a toast", () => {
    const { model, el } = mount();
    const c2 = el.querySelector<HTMLElement>('.jw-card[data-card-id="c2"]')!;
    act(() => c2.focus());
    press("Delete");
    expect(ops(model)).toEqual(["remove_card"]);
    expect(focused().dataset.cardId).toBe("c3");
    const toast = el.querySelector(".jw-undo-toast")!;
    expect(toast.textContent).toContain('Card "Compares" deleted.');
    act(() => void fireEvent.click(toast.querySelector("button")!));
    expect(ops(model)).toEqual(["remove_card", "undo"]);
    expect(el.querySelector(".jw-undo-toast")).toBeNull();
  });

  it("a stage is renamed with F2 and moved with Space and the arrows, the focus kept on it", () => {
    const { model, el } = mount();
    act(() => el.querySelector<HTMLElement>('.jw-stage-header[data-stage-id="s1"]')!.focus());
    press("F2");
    const input = focused() as HTMLInputElement;
    expect(input.classList.contains("jw-name-input")).toBe(true);
    input.value = "Explore";
    press("Enter", input);
    expect(focused().matches('.jw-stage-header[data-stage-id="s1"]')).toBe(true);
    press(" ");
    press("ArrowRight");
    press(" ");
    expect(model.sent.map((m) => m.op)).toEqual([
      { op: "update_stage", id: "s1", changes: { name: "Explore" } },
      { op: "move_stage", id: "s1", index: 1 },
    ]);
    expect(focused().matches('.jw-stage-header[data-stage-id="s1"]')).toBe(true);
    expect([...el.querySelectorAll(".jw-stage-name")].map((e) => e.textContent)).toEqual(["Buy", "Explore"]);
  });

  it("deleting a stage asks nothing but says what went and offers Undo; the focus goes to its neighbour", () => {
    const { model, el } = mount();
    act(() => el.querySelector<HTMLElement>('.jw-stage-header[data-stage-id="s1"]')!.focus());
    press("Delete");
    expect(ops(model)).toEqual(["remove_stage"]);
    expect(el.querySelector(".jw-undo-toast")!.textContent).toContain(
      'Stage "Discover" and its 4 cards deleted.',
    );
    expect(focused().matches('.jw-stage-header[data-stage-id="s2"]')).toBe(true);
  });

  it("+ on a stage header adds a step whose name is typed at once", () => {
    const { model, el } = mount();
    act(() => el.querySelector<HTMLElement>('.jw-stage-header[data-stage-id="s2"]')!.focus());
    press("+");
    expect(ops(model)).toEqual(["add_step"]);
    const input = focused() as HTMLInputElement;
    expect(input.classList.contains("jw-name-input")).toBe(true);
    input.value = "Pay";
    press("Enter", input);
    expect((model.sent.at(-1)!.op as { changes: unknown }).changes).toEqual({ name: "Pay" });
    expect(focused().classList.contains("jw-step-header")).toBe(true);
  });
});

describe("an empty journey", () => {
  const empty: JourneyDoc = {
    ...base,
    stages: [],
    lanes: [],
    cards: [],
    emotions: [],
    personas: [],
    metrics: [],
  };

  it("+ Stage opens the new stage's name editor, so typing names it", () => {
    const { model, el } = mount(empty);
    const add = [...el.querySelectorAll("button")].find((b) => b.textContent === "+ Stage")!;
    act(() => void fireEvent.click(add));
    const input = focused() as HTMLInputElement;
    expect(input.classList.contains("jw-name-input")).toBe(true);
    input.value = "Awareness";
    press("Enter", input);
    expect(ops(model)).toEqual(["add_stage", "update_stage"]);
    expect(el.querySelector(".jw-stage-name")!.textContent).toBe("Awareness");
    // the map says what is still missing, and + Lane does not add a second stage
    expect(el.querySelector(".jw-grid-hint")!.textContent).toContain("no lanes yet");
    act(
      () => void fireEvent.click([...el.querySelectorAll("button")].find((b) => b.textContent === "+ Lane")!),
    );
    expect(ops(model)).toEqual(["add_stage", "update_stage", "add_lane"]);
    expect(focused().classList.contains("jw-name-input")).toBe(true);
  });
});

describe("a bound map showing all users", () => {
  it("draws no persona's curve as theirs: every persona's curve with a legend, no editable points", () => {
    let doc = applyOp(base, {
      op: "set_emotion",
      persona_id: "p2",
      stage_id: "s1",
      step_id: null,
      value: 2,
    })[0];
    doc = { ...doc };
    const { el } = mount(doc, {
      persona: null,
      persona_metrics: { p1: { conv: { s1: 0.5 } } },
      metrics: { conv: { s1: 0.4 } },
    });
    const lane = el.querySelector(".jw-emotion-cell")!;
    expect(lane.querySelector("svg[role=img]")!.getAttribute("aria-label")).toContain("of all users");
    expect(lane.querySelectorAll(".jw-emotion-point")).toHaveLength(0);
    const legend = [...lane.querySelectorAll(".jw-emotion-legend li")].map((li) => li.textContent);
    expect(legend).toEqual(doc.personas.map((p) => p.name));
    const details = [...el.querySelectorAll("button")].find((b) => b.textContent === "Persona details")!;
    expect(details.disabled).toBe(true);
  });
});

describe("personas in the browser", () => {
  it("+ Persona adds one, shows its details with the name to type; Delete persona offers Undo", () => {
    const { model, el } = mount();
    const add = [...el.querySelectorAll("button")].find((b) => b.textContent === "+ Persona")!;
    act(() => void fireEvent.click(add));
    const op = model.sent.at(-1)!.op as { op: string; name: string; color: string; id: string };
    expect(op).toMatchObject({ op: "add_persona", name: "New persona" });
    expect(base.personas.map((p) => p.color)).not.toContain(op.color);
    const name = focused() as HTMLInputElement;
    expect(name.value).toBe("New persona");
    expect(el.querySelector(".jw-persona-header-name")!.textContent).toBe("New persona");
    name.value = "Sam";
    act(() => void fireEvent.change(name));
    expect(model.sent.at(-1)!.op).toEqual({ op: "update_persona", id: op.id, changes: { name: "Sam" } });
    act(() => void fireEvent.click(el.querySelector(".jw-delete-persona")!));
    expect(model.sent.at(-1)!.op).toEqual({ op: "remove_persona", id: op.id });
    expect(el.querySelector(".jw-undo-toast")!.textContent).toContain('Persona "Sam" deleted.');
  });
});
