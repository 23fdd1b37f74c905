// The path view against a fake model: Python's flows drawn, the choices sent, the keyboard path through nodes.
import { act, cleanup, fireEvent } from "@testing-library/preact";
import { afterEach, describe, expect, it } from "vitest";
import widget from "../../index";
import { fakeModel } from "../../test/fakeModel";

const FLOWS = {
  stage: "cart",
  persona: null,
  direction: "after",
  steps: 2,
  status: "reached",
  users: 4,
  columns: [
    [{ id: "0:Cart", label: "Cart", users: 4, kind: "stage" }],
    [
      { id: "1:buy", label: "buy", users: 2, kind: "event" },
      { id: "1:<b>help</b>", label: "<b>help</b>", users: 1, kind: "event" },
      { id: "1:(end)", label: "(end)", users: 1, kind: "end" },
    ],
    [
      { id: "2:faq", label: "faq", users: 1, kind: "event" },
      { id: "2:(end)", label: "(end)", users: 2, kind: "end" },
    ],
  ],
  links: [
    { source: "0:Cart", target: "1:buy", users: 2 },
    { source: "0:Cart", target: "1:<b>help</b>", users: 1 },
    { source: "0:Cart", target: "1:(end)", users: 1 },
    { source: "1:buy", target: "2:(end)", users: 2 },
    { source: "1:<b>help</b>", target: "2:faq", users: 1 },
  ],
};

function mount(extra: Record<string, unknown> = {}) {
  const model = fakeModel({
    _view: "paths",
    selected_stage: "cart",
    persona: null,
    direction: "after",
    steps: 2,
    status: "reached",
    stages: [
      { id: "visit", name: "Visit" },
      { id: "cart", name: "Cart" },
    ],
    personas: [{ id: "repeat", name: "Repeat" }],
    flows: FLOWS,
    busy: false,
    progress: 1,
    ...extra,
  });
  const el = document.createElement("div");
  document.body.append(el);
  widget.render({ model, el });
  return { model, el };
}

const node = (el: HTMLElement, id: string) => el.querySelector<SVGGElement>(`[data-node-id="${id}"]`)!;

afterEach(() => {
  cleanup();
  document.body.innerHTML = "";
});

describe("PathView", () => {
  it("draws Python's nodes and bands, user text as text", () => {
    const { el } = mount();
    expect(el.querySelector("h3")!.textContent).toBe("What users did after Cart");
    expect(el.querySelectorAll(".jw-sankey-node")).toHaveLength(6);
    expect(el.querySelectorAll(".jw-sankey-link")).toHaveLength(5);
    expect(el.querySelector("b")).toBeNull();
    expect(node(el, "1:(end)").getAttribute("aria-label")).toBe(
      "no further event, 1 event after Cart: 1 users (25.0%)",
    );
    expect(node(el, "1:buy").getAttribute("aria-label")).toBe(
      "buy, 1 event after Cart: 2 users (50.0%); then no further event 2",
    );
  });

  it("walks the nodes with the arrow keys (one tab stop) and highlights a node's flows with Enter", () => {
    const { el } = mount();
    const stops = [...el.querySelectorAll(".jw-sankey-node")].filter(
      (n) => n.getAttribute("tabindex") === "0",
    );
    expect(stops.map((n) => n.getAttribute("data-node-id"))).toEqual(["0:Cart"]);
    const stage = node(el, "0:Cart");
    act(() => stage.focus());
    act(() => void fireEvent.keyDown(stage, { key: "ArrowRight" }));
    expect(document.activeElement?.getAttribute("data-node-id")).toBe("1:buy");
    act(() => void fireEvent.keyDown(node(el, "1:buy"), { key: "ArrowDown" }));
    expect(document.activeElement?.getAttribute("data-node-id")).toBe("1:<b>help</b>");
    act(() => void fireEvent.keyDown(node(el, "1:<b>help</b>"), { key: "Enter" }));
    expect(node(el, "1:<b>help</b>").getAttribute("aria-pressed")).toBe("true");
    expect(el.querySelectorAll(".jw-sankey-link.jw-lit")).toHaveLength(2);
    expect(el.querySelector(".jw-path-focus")!.textContent).toContain("<b>help</b>, 1 event after Cart");
  });

  it("sends the page's choices to Python", () => {
    const { el, model } = mount();
    const selects = el.querySelectorAll("select");
    act(() => void fireEvent.change(selects[0]!, { target: { value: "visit" } }));
    expect(model.get("selected_stage")).toBe("visit");
    act(
      () =>
        void fireEvent.click([...el.querySelectorAll<HTMLElement>('[aria-label="Direction"] button')][0]!),
    );
    expect(model.get("direction")).toBe("before");
    act(() => void fireEvent.change(selects[2]!, { target: { value: "abandoned" } }));
    expect(model.get("status")).toBe("abandoned");
    act(() => void fireEvent.change(selects[3]!, { target: { value: "repeat" } }));
    expect(model.get("persona")).toBe("repeat");
  });

  it("asks for a stage, says what it waits for and why it failed", () => {
    expect(mount({ selected_stage: null, flows: {} }).el.textContent).toContain("Select a stage");
    cleanup();
    expect(mount({ selected_stage: "visit" }).el.textContent).toContain("Computing the paths of Visit…");
    cleanup();
    const failed = { stage: "cart", error: "Dask numbers no rows in order" };
    expect(mount({ flows: failed }).el.querySelector('[role="alert"]')!.textContent).toBe(
      "No paths: Dask numbers no rows in order",
    );
  });
});
