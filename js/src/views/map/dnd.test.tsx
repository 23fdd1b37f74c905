import path from "node:path";
import { fileURLToPath } from "node:url";
import { act, cleanup, fireEvent } from "@testing-library/preact";
import { afterEach, describe, expect, it, vi } from "vitest";
import { mapState } from "../../test/fakeModel";
import { baseDoc, mountWidget } from "../../test/mount";
import { dropTargetAt } from "./dnd";

const _here = path.dirname(fileURLToPath(import.meta.url));
const base = baseDoc();

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
  document.body.innerHTML = "";
});

const mount = () => mountWidget(mapState(base));

/** Give every card of a list a 40px-high box, stacked from `top`. */
function layOut(list: HTMLElement, top: number) {
  list.querySelectorAll<HTMLElement>(":scope > .jw-card").forEach((card, i) => {
    vi.spyOn(card, "getBoundingClientRect").mockReturnValue(new DOMRect(0, top + i * 40, 200, 40));
  });
}

const nextFrame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));

describe("pointer drag", () => {
  it("finds the drop position from the pointer's height among the cards", () => {
    const { el } = mount();
    const list = el.querySelector<HTMLElement>('.jw-cell[data-lane-id="doing"] [data-drop-step=""]')!;
    layOut(list, 100);
    vi.spyOn(document, "elementFromPoint").mockReturnValue(list);
    expect(dropTargetAt(el, 10, 105, "c9")).toEqual({ lane: "doing", stage: "s1", step: null, index: 0 });
    expect(dropTargetAt(el, 10, 150, "c9")).toEqual({ lane: "doing", stage: "s1", step: null, index: 1 });
    expect(dropTargetAt(el, 10, 500, "c9")).toEqual({ lane: "doing", stage: "s1", step: null, index: 3 });
    // the dragged card itself does not count
    expect(dropTargetAt(el, 10, 150, "c1")).toEqual({ lane: "doing", stage: "s1", step: null, index: 0 });
  });

  it("drags a card to another cell and sends one move", async () => {
    const { model, el } = mount();
    const card = el.querySelector<HTMLElement>('.jw-card[data-card-id="c1"]')!;
    const target = el.querySelector<HTMLElement>(
      '.jw-cell[data-lane-id="pains"][data-stage-id="s2"] [data-drop-step=""]',
    )!;
    layOut(target, 300);
    vi.spyOn(document, "elementFromPoint").mockReturnValue(target);
    act(() => void fireEvent.pointerDown(card, { button: 0, clientX: 10, clientY: 10, pointerId: 1 }));
    act(() => void fireEvent.pointerMove(card, { clientX: 30, clientY: 400, pointerId: 1 }));
    await act(nextFrame);
    expect(el.querySelector(".jw-ghost")).toBeTruthy();
    expect(target.querySelector(".jw-drop-indicator")).toBeTruthy();
    act(() => void fireEvent.pointerUp(card, { clientX: 30, clientY: 400, pointerId: 1 }));
    expect(model.sent.map((m) => m.op)).toEqual([
      { op: "move_card", id: "c1", lane_id: "pains", stage_id: "s2", step_id: null, index: 1 },
    ]);
    expect(el.querySelector(".jw-ghost")).toBeNull();
  });

  it("a small movement is a click, not a drag; Escape cancels a drag", async () => {
    const { model, el } = mount();
    const card = el.querySelector<HTMLElement>('.jw-card[data-card-id="c2"]')!;
    act(() => void fireEvent.pointerDown(card, { button: 0, clientX: 10, clientY: 10, pointerId: 1 }));
    act(() => void fireEvent.pointerMove(card, { clientX: 12, clientY: 11, pointerId: 1 }));
    act(() => void fireEvent.pointerUp(card, { clientX: 12, clientY: 11, pointerId: 1 }));
    expect(model.sent).toEqual([]);
    const target = el.querySelector<HTMLElement>(
      '.jw-cell[data-lane-id="pains"][data-stage-id="s2"] [data-drop-step=""]',
    )!;
    vi.spyOn(document, "elementFromPoint").mockReturnValue(target);
    act(() => void fireEvent.pointerDown(card, { button: 0, clientX: 10, clientY: 10, pointerId: 2 }));
    act(() => void fireEvent.pointerMove(card, { clientX: 60, clientY: 300, pointerId: 2 }));
    await act(nextFrame);
    act(() => void fireEvent.keyDown(window, { key: "Escape" }));
    act(() => void fireEvent.pointerUp(card, { clientX: 60, clientY: 300, pointerId: 2 }));
    expect(model.sent).toEqual([]);
    expect(el.querySelector(".jw-ghost")).toBeNull();
  });
});

describe("dropping into an empty cell", () => {
  it("the whole cell is the target, not only its card list, and shows where the card goes", async () => {
    const { model, el } = mount();
    const card = el.querySelector<HTMLElement>('.jw-card[data-card-id="c1"]')!;
    // doing x s2 holds no card: the pointer is over the cell's padding, outside any card list
    const empty = el.querySelector<HTMLElement>('.jw-cell[data-lane-id="doing"][data-stage-id="s2"]')!;
    expect(empty.querySelectorAll(".jw-card")).toHaveLength(0);
    vi.spyOn(document, "elementFromPoint").mockReturnValue(empty);
    expect(dropTargetAt(el, 10, 10, "c1")).toEqual({ lane: "doing", stage: "s2", step: null, index: 0 });
    act(() => void fireEvent.pointerDown(card, { button: 0, clientX: 10, clientY: 10, pointerId: 1 }));
    act(() => void fireEvent.pointerMove(card, { clientX: 300, clientY: 40, pointerId: 1 }));
    await act(nextFrame);
    expect(empty.querySelector(".jw-drop-here .jw-drop-indicator")).toBeTruthy();
    act(() => void fireEvent.pointerUp(card, { clientX: 300, clientY: 40, pointerId: 1 }));
    expect(model.sent.map((m) => m.op)).toEqual([
      { op: "move_card", id: "c1", lane_id: "doing", stage_id: "s2", step_id: null, index: 0 },
    ]);
  });

  it("an empty step cell takes the card into that step", () => {
    const { el } = mount();
    const stepCell = el.querySelector<HTMLElement>(
      '.jw-cell[data-lane-id="doing"] .jw-step-cell[data-step-id="t2"]',
    )!;
    vi.spyOn(document, "elementFromPoint").mockReturnValue(stepCell);
    expect(dropTargetAt(el, 10, 10, "c1")).toEqual({ lane: "doing", stage: "s1", step: "t2", index: 0 });
  });
});
