// The map view against a fake model: what it renders, and how it follows and updates the model.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { act, cleanup, fireEvent, screen, within } from "@testing-library/preact";
import { afterEach, describe, expect, it } from "vitest";
import widget from "../../index";
import { applyOp } from "../../model/ops";
import type { JourneyDoc } from "../../model/types";
import { fakeModel } from "../../test/fakeModel";
import { cardsByCell, emotionSeries, stageColumns } from "./layout";

const here = path.dirname(fileURLToPath(import.meta.url));
const base = JSON.parse(
  readFileSync(path.join(here, "../../../../tests/vectors/base.json"), "utf-8"),
) as JourneyDoc;

function mount(doc: JourneyDoc = base, persona: string | null = "p1") {
  const model = fakeModel({ _view: "map", document: doc, persona, revision: 0 });
  const el = document.createElement("div");
  document.body.append(el);
  const cleanupView = widget.render({ model, el });
  return { model, el, cleanupView };
}

afterEach(() => {
  cleanup();
  document.body.innerHTML = "";
});

describe("layout", () => {
  it("gives each stage as many columns as it has steps (at least one)", () => {
    expect(stageColumns(base).map((c) => [c.stage.id, c.start, c.span])).toEqual([
      ["s1", 2, 2],
      ["s2", 4, 1],
    ]);
  });

  it("groups cards by cell in order", () => {
    const cells = cardsByCell(base.cards);
    expect(cells.get("doing\u0000s1\u0000")?.map((c) => c.id)).toEqual(["c1", "c2", "c3"]);
    expect(cells.get("pains\u0000s1\u0000t1")?.map((c) => c.id)).toEqual(["c4"]);
  });

  it("reads a persona's stage-level emotion series", () => {
    expect(emotionSeries(base, "p1")).toEqual([1, null]);
    expect(emotionSeries(base, "p2")).toEqual([null, -2]);
  });
});

describe("JourneyMap view", () => {
  it("renders stages, steps, lanes and cards in their cells", () => {
    const { el } = mount();
    expect([...el.querySelectorAll(".jw-stage-name")].map((e) => e.textContent)).toEqual(["Discover", "Buy"]);
    expect([...el.querySelectorAll(".jw-step-header")].map((e) => e.textContent)).toEqual([
      "Search",
      "Read reviews",
      "",
    ]);
    expect([...el.querySelectorAll(".jw-lane-name")].map((e) => e.textContent)).toEqual([
      "Doing",
      "Pains",
      "Feelings",
    ]);
    const cell = el.querySelector('.jw-cell[data-lane-id="doing"][data-stage-id="s1"]') as HTMLElement;
    expect([...cell.querySelectorAll(".jw-card-text")].map((e) => e.textContent)).toEqual([
      "Searches",
      "Compares",
      "Asks a friend",
    ]);
    const step = el.querySelector('.jw-step-cell[data-step-id="t1"]') as HTMLElement;
    expect(within(step).getByText("No filters")).toBeTruthy();
  });

  it("renders user text as text, never as HTML", () => {
    const evil = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
    const [doc] = applyOp(base, { op: "update_card", id: "c1", changes: { text: evil } });
    const [doc2] = applyOp(doc, { op: "update_journey", changes: { title: evil } });
    const { el } = mount(doc2);
    expect(el.querySelector("img")).toBeNull();
    expect(el.querySelector("script")).toBeNull();
    expect(screen.getByText(evil, { selector: ".jw-card-text" })).toBeTruthy();
    expect(el.querySelector(".jw-title")?.textContent).toBe(evil);
    expect((window as unknown as { __pwned?: number }).__pwned).toBeUndefined();
  });

  it("follows document changes made in Python", () => {
    const { model, el } = mount();
    const [next] = applyOp(base, {
      op: "add_card",
      id: "c9",
      lane_id: "pains",
      stage_id: "s2",
      text: "Slow refund",
    });
    act(() => model.push("document", next));
    expect(within(el).getByText("Slow refund")).toBeTruthy();
  });

  it("draws the selected persona's emotion curve and lets the user switch persona", () => {
    const { model, el } = mount(base, "p2");
    expect(el.querySelector(".jw-emotion")?.getAttribute("aria-label")).toBe(
      "Emotion curve of Bo: Buy very negative",
    );
    const select = el.querySelector(".jw-persona-switcher select") as HTMLSelectElement;
    act(() => {
      select.value = "p1";
      fireEvent.change(select);
    });
    expect(model.saved).toEqual([{ persona: "p1" }]);
    expect(el.querySelector(".jw-emotion")?.getAttribute("aria-label")).toBe(
      "Emotion curve of Ann: Discover positive",
    );
  });

  it("shows an empty state for a journey without stages, and for metric lanes without data", () => {
    const empty = { ...base, stages: [], cards: [], emotions: [] } as JourneyDoc;
    const { el } = mount(empty);
    expect(el.querySelector(".jw-empty")?.textContent).toContain('journey.add_stage("Awareness")');
    cleanup();
    const [withMetricLane] = applyOp(base, { op: "add_lane", id: "m", name: "Metrics", kind: "metric" });
    const second = mount(withMetricLane);
    expect(second.el.querySelector(".jw-metric-empty")?.textContent).toContain("No data bound");
  });

  it("stops listening to the model when the view is removed", () => {
    const { model, el, cleanupView } = mount();
    act(() => cleanupView?.());
    expect(el.innerHTML).toBe("");
    const [next] = applyOp(base, { op: "update_journey", changes: { title: "After" } });
    act(() => model.push("document", next));
    expect(el.innerHTML).toBe("");
  });
});
