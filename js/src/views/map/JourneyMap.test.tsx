// The map view against a fake model: what it renders, and how it follows and updates the model.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { act, cleanup, fireEvent, screen, within } from "@testing-library/preact";
import { afterEach, describe, expect, it, vi } from "vitest";
import widget from "../../index";
import { applyOp } from "../../model/ops";
import type { JourneyDoc } from "../../model/types";
import { fakeModel, mapState } from "../../test/fakeModel";
import { cardsByCell, emotionSeries, stageColumns } from "./layout";

const here = path.dirname(fileURLToPath(import.meta.url));
const base = JSON.parse(
  readFileSync(path.join(here, "../../../../tests/vectors/base.json"), "utf-8"),
) as JourneyDoc;

function mount(doc: JourneyDoc = base, persona: string | null = "p1") {
  const model = fakeModel(mapState(doc, { persona }));
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
  it("says when a bound map's numbers could not be updated, as text", async () => {
    const { el, model } = mount();
    expect(el.querySelector(".jw-metrics-error")).toBeNull();
    model.set("metrics_error", "segment 'plan == 1': <b>no</b> column 'plan'");
    await Promise.resolve();
    const alert = el.querySelector(".jw-metrics-error[role=alert]");
    expect(alert?.textContent).toBe("Numbers not updated: segment 'plan == 1': <b>no</b> column 'plan'");
    expect(alert?.querySelector("b")).toBeNull();
    model.set("metrics_error", "");
    await Promise.resolve();
    expect(el.querySelector(".jw-metrics-error")).toBeNull();
  });

  it("shows a progress bar and greys its numbers while the binding recomputes, never blanking them", async () => {
    const [doc] = applyOp(base, { op: "add_lane", id: "m", name: "Metrics", kind: "metric" });
    const { el, model } = mount(doc);
    expect(el.querySelector(".jw-busy")).toBeNull();
    model.set("progress", 0.25);
    model.set("busy", true);
    await Promise.resolve();
    const bar = el.querySelector(".jw-busy[role=progressbar]");
    expect(bar?.getAttribute("aria-valuenow")).toBe("25");
    expect(bar?.getAttribute("aria-label")).toBe("Updating the map's numbers");
    expect(el.querySelector(".jw-map")?.classList.contains("jw-numbers-busy")).toBe(true);
    expect(el.querySelector('[data-lane-id="m"][role=row]')?.getAttribute("aria-busy")).toBe("true");
    expect(el.querySelector('[data-lane-id="doing"][role=row]')?.hasAttribute("aria-busy")).toBe(false);
    model.set("busy", false);
    await Promise.resolve();
    expect(el.querySelector(".jw-busy")).toBeNull();
    expect(el.querySelector(".jw-map")?.classList.contains("jw-numbers-busy")).toBe(false);
  });

  it("renders stages, steps, lanes and cards in their cells", () => {
    const { el } = mount();
    expect([...el.querySelectorAll(".jw-stage-name")].map((e) => e.textContent)).toEqual(["Discover", "Buy"]);
    const stepName = (e: Element) => e.querySelector(".jw-step-name")?.textContent ?? "";
    expect([...el.querySelectorAll(".jw-step-header")].map(stepName)).toEqual(["Search", "Read reviews", ""]);
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
    const step = el.querySelector(
      '.jw-cell[data-lane-id="pains"] .jw-step-cell[data-step-id="t1"]',
    ) as HTMLElement;
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
    act(() =>
      model.emit({
        type: "change",
        base: 0,
        revision: 1,
        op: { op: "add_card", id: "c9", lane_id: "pains", stage_id: "s2", text: "Slow refund" },
        acks: {},
      }),
    );
    expect(within(el).getByText("Slow refund")).toBeTruthy();
    expect(el.querySelector(".jw-map")?.getAttribute("data-revision")).toBe("1");
    void next;
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
    act(() => model.push("_document", next));
    expect(el.innerHTML).toBe("");
  });
});

const sentOps = (model: ReturnType<typeof fakeModel>) =>
  model.sent.map((m) => (m.op as { op: string } | undefined)?.op ?? m.action);
const lastOp = (model: ReturnType<typeof fakeModel>) => model.sent.at(-1)?.op as Record<string, unknown>;
const cardEl = (el: HTMLElement, id: string) =>
  el.querySelector(`.jw-card[data-card-id="${id}"]`) as HTMLElement;
const cellIds = (el: HTMLElement, selector: string) =>
  [...el.querySelectorAll(`${selector} > .jw-card`)].map((c) => (c as HTMLElement).dataset.cardId);

describe("downloading the map", () => {
  /** Python's side of the picture messages: answer each request the view sent with `reply`. */
  const answerPictures = (model: ReturnType<typeof fakeModel>, reply: Record<string, unknown>) => {
    const answered = new Set<unknown>();
    return () => {
      for (const message of model.sent) {
        if (message.type !== "picture" || answered.has(message.id)) continue;
        answered.add(message.id);
        act(() => model.emit({ type: "picture", id: message.id, ...reply }));
      }
    };
  };

  it("asks Python for the shown persona's picture and saves it under the journey's name", async () => {
    const saved: string[] = [];
    const create = vi.spyOn(URL, "createObjectURL").mockReturnValue("blob:map");
    const click = vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      saved.push(this.download);
    });
    const { model } = mount(base, "p1");
    const answer = answerPictures(model, { svg: '<svg xmlns="http://www.w3.org/2000/svg"/>' });
    await act(async () => {
      fireEvent.click(screen.getByRole("button", { name: "Download the map as SVG" }));
    });
    await vi.waitFor(() => {
      answer();
      expect(saved).toHaveLength(1);
    });
    const asked = () => model.sent.filter((m) => m.type === "picture").map(({ id: _, ...m }) => m);
    expect(asked()).toEqual([{ type: "picture", persona: "p1", theme: "light" }]); // light by default
    expect(saved).toEqual(["vector-journey-ann.svg"]);
    // dark on request; a reply to another request is not this one's
    act(() => void fireEvent.click(screen.getAllByRole("checkbox", { name: "dark" })[0]!));
    await act(async () => {
      fireEvent.click(screen.getByRole("button", { name: "Download the map as SVG" }));
    });
    act(() => model.emit({ type: "picture", id: "someone-else", svg: "<svg/>" }));
    expect(saved).toHaveLength(1);
    await vi.waitFor(() => {
      answer();
      expect(saved).toHaveLength(2);
    });
    create.mockRestore();
    click.mockRestore();
    expect(asked()[1]).toEqual({ type: "picture", persona: "p1", theme: "dark" });
  });

  it("shows why a download failed", async () => {
    const { model } = mount(base, "p1");
    const answer = answerPictures(model, { error: "the map could not be drawn: no disk" });
    await act(async () => {
      fireEvent.click(screen.getByRole("button", { name: "Download the map as PNG" }));
    });
    await vi.waitFor(() => {
      answer();
      expect(screen.getByRole("alert").textContent).toContain("no disk");
    });
  });
});

describe("editing in the map", () => {
  it("moves a card with the keyboard: Space picks up, arrows move, Space drops", () => {
    const { model, el } = mount();
    const card = cardEl(el, "c3");
    act(() => card.focus());
    act(() => void fireEvent.keyDown(card, { key: " " }));
    expect(el.querySelector(".jw-sr-only[aria-live]")?.textContent).toContain(
      'Picked up card "Asks a friend"',
    );
    act(() => void fireEvent.keyDown(cardEl(el, "c3"), { key: "ArrowRight" }));
    expect(el.querySelector(".jw-sr-only[aria-live]")?.textContent).toBe(
      "Over stage Discover, step Search, lane Doing, position 1 of 1.",
    );
    act(() => void fireEvent.keyDown(cardEl(el, "c3"), { key: " " }));
    expect(lastOp(model)).toEqual({
      op: "move_card",
      id: "c3",
      lane_id: "doing",
      stage_id: "s1",
      step_id: "t1",
      index: 0,
    });
    expect(cellIds(el, '.jw-cell[data-lane-id="doing"] [data-drop-step="t1"]')).toEqual(["c3"]);
    expect(el.querySelector(".jw-sr-only[aria-live]")?.textContent).toContain(
      "moved to stage Discover, step Search",
    );
  });

  it("Escape cancels a keyboard move", () => {
    const { model, el } = mount();
    act(() => void fireEvent.keyDown(cardEl(el, "c1"), { key: " " }));
    act(() => void fireEvent.keyDown(cardEl(el, "c1"), { key: "ArrowDown" }));
    act(() => void fireEvent.keyDown(cardEl(el, "c1"), { key: "Escape" }));
    expect(model.sent).toEqual([]);
    expect(el.querySelector(".jw-sr-only[aria-live]")?.textContent).toBe("Move cancelled.");
  });

  it("adds a card with the + button and edits its text in place", () => {
    const { model, el } = mount();
    const add = screen.getByRole("button", { name: "Add a card to Pains in Buy" });
    act(() => void fireEvent.click(add));
    const input = el.querySelector(".jw-card-input") as HTMLTextAreaElement;
    expect(document.activeElement).toBe(input);
    input.value = "Refund takes weeks";
    act(() => void fireEvent.keyDown(input, { key: "Enter" }));
    expect(sentOps(model)).toEqual(["add_card", "update_card"]);
    expect(within(el).getByText("Refund takes weeks")).toBeTruthy();
  });

  it("discards a new card left empty (Escape, or Enter with no text); a written one stays", () => {
    const { model, el } = mount();
    const add = screen.getByRole("button", { name: "Add a card to Pains in Buy" });
    const count = () => el.querySelectorAll(".jw-card").length;
    const before = count();
    act(() => void fireEvent.click(add));
    expect(count()).toBe(before + 1);
    act(() => void fireEvent.keyDown(el.querySelector(".jw-card-input")!, { key: "Escape" }));
    expect(count()).toBe(before);
    act(() => void fireEvent.click(add));
    const input = el.querySelector(".jw-card-input") as HTMLTextAreaElement;
    input.value = "   ";
    act(() => void fireEvent.keyDown(input, { key: "Enter" }));
    expect(count()).toBe(before);
    expect(sentOps(model)).toEqual(["add_card", "remove_card", "add_card", "remove_card"]);
    expect(screen.getByText("Empty card discarded.")).toBeTruthy();
  });

  it("a second + while a new card's editor is open keeps the first card's text, or discards it empty", () => {
    const { model, el } = mount();
    const add = screen.getByRole("button", { name: "Add a card to Pains in Buy" });
    const count = () => el.querySelectorAll(".jw-card").length;
    const before = count();
    act(() => void fireEvent.click(add));
    act(() => void fireEvent.click(add)); // the first editor is replaced by the second card's
    expect(count()).toBe(before + 1);
    const input = el.querySelector(".jw-card-input") as HTMLTextAreaElement;
    input.value = "Typed, then + again";
    act(() => void fireEvent.click(add));
    expect(count()).toBe(before + 2);
    expect(within(el).getByText("Typed, then + again")).toBeTruthy();
    expect(sentOps(model)).toEqual(["add_card", "add_card", "remove_card", "add_card", "update_card"]);
  });

  it("Escape leaves the text as it was; F2 edits; Delete removes", () => {
    const { model, el } = mount();
    act(() => void fireEvent.dblClick(cardEl(el, "c1")));
    const input = el.querySelector(".jw-card-input") as HTMLTextAreaElement;
    input.value = "changed my mind";
    act(() => void fireEvent.keyDown(input, { key: "Escape" }));
    expect(model.sent).toEqual([]);
    act(() => void fireEvent.keyDown(cardEl(el, "c1"), { key: "F2" }));
    expect(el.querySelector(".jw-card-input")).toBeTruthy();
    act(() => void fireEvent.keyDown(el.querySelector(".jw-card-input")!, { key: "Escape" }));
    act(() => void fireEvent.keyDown(cardEl(el, "c2"), { key: "Delete" }));
    expect(lastOp(model)).toEqual({ op: "remove_card", id: "c2" });
    expect(cardEl(el, "c2")).toBeNull();
  });

  it("renames, moves and deletes stages and lanes from their headers", () => {
    const { model, el } = mount();
    act(() => void fireEvent.click(screen.getByRole("button", { name: 'Rename stage "Buy"' })));
    const input = el.querySelector(".jw-name-input") as HTMLInputElement;
    input.value = "Pay";
    act(() => void fireEvent.keyDown(input, { key: "Enter" }));
    act(() => void fireEvent.click(screen.getByRole("button", { name: 'Move stage "Pay" left' })));
    act(() => void fireEvent.click(screen.getByRole("button", { name: 'Move lane "Doing" down' })));
    act(() => void fireEvent.click(screen.getByRole("button", { name: 'Delete lane "Feelings"' })));
    expect(model.sent.map((m) => m.op)).toEqual([
      { op: "update_stage", id: "s2", changes: { name: "Pay" } },
      { op: "move_stage", id: "s2", index: 0 },
      { op: "move_lane", id: "doing", index: 1 },
      { op: "remove_lane", id: "feel" },
    ]);
    expect([...el.querySelectorAll(".jw-stage-name")].map((e) => e.textContent)).toEqual(["Pay", "Discover"]);
  });

  it("undo and redo go to Python, from the toolbar and the keyboard", () => {
    const model = fakeModel(mapState(base, { can_undo: true, can_redo: true }));
    const el = document.createElement("div");
    document.body.append(el);
    widget.render({ model, el });
    act(() => void fireEvent.click(screen.getByRole("button", { name: "Undo" })));
    act(
      () => void fireEvent.keyDown(el.querySelector(".jw-map")!, { key: "z", ctrlKey: true, shiftKey: true }),
    );
    expect(model.sent.map((m) => m.action)).toEqual(["undo", "redo"]);
  });

  it("offers Suggest from data only when Python does, and says what it added", () => {
    expect(mount().el.querySelector(".jw-suggest")).toBeNull();
    cleanup();
    document.body.innerHTML = "";
    const model = fakeModel(mapState(base, { can_suggest: true }));
    const el = document.createElement("div");
    document.body.append(el);
    widget.render({ model, el });
    const button = screen.getByRole("button", { name: "Suggest from data" });
    act(() => void fireEvent.click(button));
    act(() => void fireEvent.click(button)); // a second click while Python works sends nothing
    expect(model.sent.map((m) => m.action)).toEqual(["suggest"]);
    expect(button.getAttribute("aria-busy")).toBe("true");
    const client = model.sent[0]!.client;
    act(() => model.emit({ type: "notice", client, seq: 1, added: 3 }));
    expect(screen.getByRole("status").textContent).toContain("Added 3 cards from data.");
    expect(screen.getByRole("button", { name: "Suggest from data" }).getAttribute("aria-busy")).toBe("false");
    const toast = screen.getByRole("status");
    act(() => void fireEvent.click(within(toast).getByRole("button", { name: "Undo" })));
    expect(model.sent.map((m) => m.action)).toEqual(["suggest", "undo"]);

    act(() => void fireEvent.click(screen.getByRole("button", { name: "Suggest from data" })));
    act(() => model.emit({ type: "notice", client: "someone-else", seq: 3, added: 9 }));
    expect(screen.queryByText(/Added 9 cards/)).toBeNull();
    act(() => model.emit({ type: "notice", client, seq: 3, added: 0 }));
    expect(screen.getByRole("status").textContent).toContain("No new findings");

    act(() => void fireEvent.click(screen.getByRole("button", { name: "Suggest from data" })));
    const refusal = { code: "cannot_suggest", message: "the numbers could not be computed" };
    act(() => model.emit({ type: "rejected", client, seq: 4, error: refusal }));
    expect(screen.getByRole("alert").textContent).toBe(
      "No cards were suggested: the numbers could not be computed" + "Dismiss",
    );
  });

  it("shows a rejected edit, rolled back, with its reason", () => {
    const { model, el } = mount();
    act(() => void fireEvent.keyDown(cardEl(el, "c2"), { key: "Delete" }));
    const client = model.sent[0]!.client;
    act(() =>
      model.emit({ type: "rejected", client, seq: 1, error: { code: "not_found", message: "no card 'c2'" } }),
    );
    expect(screen.getByRole("alert").textContent).toContain("no card 'c2'");
    expect(cardEl(el, "c2")).toBeTruthy();
  });

  it("drags an emotion point with the keyboard (it is a slider)", () => {
    const { model } = mount();
    const slider = screen.getByRole("slider", { name: "Ann's emotion at Discover" });
    expect(slider.getAttribute("aria-valuenow")).toBe("1");
    act(() => void fireEvent.keyDown(slider, { key: "ArrowUp" }));
    expect(lastOp(model)).toEqual({
      op: "set_emotion",
      persona_id: "p1",
      stage_id: "s1",
      step_id: null,
      value: 2,
    });
    act(() => void fireEvent.click(screen.getByRole("button", { name: "Add Ann's emotion at Buy" })));
    expect(lastOp(model)).toMatchObject({ stage_id: "s2", value: 0 });
  });

  it("overlays the other personas' curves on demand", () => {
    const [doc] = applyOp(base, { op: "set_emotion", persona_id: "p2", stage_id: "s1", value: -1 });
    const model = fakeModel(mapState(doc));
    const el = document.createElement("div");
    document.body.append(el);
    widget.render({ model, el });
    expect(el.querySelectorAll(".jw-emotion-other")).toHaveLength(0);
    act(() => void fireEvent.click(screen.getByRole("button", { name: "Compare personas" })));
    expect(el.querySelectorAll(".jw-emotion-other")).toHaveLength(1);
    expect(el.querySelector(".jw-emotion-legend")?.textContent).toBe("AnnBo");
  });

  it("edits a persona's fields", () => {
    const { model } = mount();
    act(() => void fireEvent.click(screen.getByRole("button", { name: "Persona details" })));
    const goals = screen.getByRole("textbox", { name: "Goals" }) as HTMLTextAreaElement;
    goals.value = "Find it fast\n\n  Pay once ";
    act(() => void fireEvent.change(goals));
    expect(lastOp(model)).toEqual({
      op: "update_persona",
      id: "p1",
      changes: { goals: ["Find it fast", "Pay once"] },
    });
  });

  it("publishes the selection and shows Python's", () => {
    const { model, el } = mount();
    act(() => void fireEvent.click(cardEl(el, "c5")));
    expect(model.saved.at(-1)).toEqual({
      selected: { card: "c5", stage: "s2", lane: "pains" },
      selected_stage: "s2",
    });
    act(() => model.push("selected", { card: "c1", stage: "s1", lane: "doing" }));
    expect(cardEl(el, "c1").classList.contains("jw-selected")).toBe(true);
  });

  it("follows selected_stage set from outside (a linked funnel) and highlights the stage", () => {
    const { model, el } = mount();
    act(() => model.push("selected_stage", "s2"));
    expect(model.saved.at(-1)).toEqual({ selected: { stage: "s2", lane: null, card: null } });
    expect(el.querySelector('.jw-stage-header[data-stage-id="s2"]')?.classList.contains("jw-selected")).toBe(
      true,
    );
    expect(el.querySelectorAll(".jw-cell-selected").length).toBeGreaterThan(0);
    act(() => model.push("selected_stage", null));
    expect(el.querySelector(".jw-stage-header.jw-selected")).toBeNull();
  });

  it("shows the chosen persona's numbers when bound, and all users' for 'All users'", () => {
    const [doc] = applyOp(base, { op: "add_lane", id: "m", name: "Metrics", kind: "metric" });
    const state = mapState(doc, {
      persona: null,
      metrics: { conv: { s1: 0.5, s2: 0.25 } },
      persona_metrics: { p2: { conv: { s1: 0.9, s2: 0.1 } } },
    });
    const model = fakeModel(state);
    const el = document.createElement("div");
    document.body.append(el);
    widget.render({ model, el });
    const shown = () => [...el.querySelectorAll(".jw-metric dd")].map((d) => d.textContent);
    const select = el.querySelector(".jw-persona-switcher select") as HTMLSelectElement;
    expect([...select.options].map((o) => o.textContent)[0]).toBe("All users");
    expect(select.value).toBe("");
    expect(shown()).toEqual(["50.0%", "25.0%"]);
    act(() => model.push("persona", "p2"));
    expect(shown()).toEqual(["90.0%", "10.0%"]);
    act(() => void fireEvent.change(select, { target: { value: "" } }));
    expect(model.saved.at(-1)).toEqual({ persona: null });
  });

  it("draws a sparkline per metric value for the population shown, open periods dashed", () => {
    const [doc] = applyOp(base, { op: "add_lane", id: "m", name: "Metrics", kind: "metric" });
    const periods = ["2026-03-02", "2026-03-09", "2026-03-16"].map((start, i) => ({
      start,
      end: start,
      complete: i < 2,
    }));
    const trends = (persona: string | null) => ({
      period: "W",
      persona,
      periods,
      metrics: { conv: { s1: [0.5, 0.4, 0.45], s2: [null, 0.2, 0.25] } },
    });
    const model = fakeModel(
      mapState(doc, {
        persona: null,
        metrics: { conv: { s1: 0.5, s2: 0.25 } },
        persona_metrics: { p2: { conv: { s1: 0.9, s2: 0.1 } } },
        metric_trends: trends(null),
      }),
    );
    const el = document.createElement("div");
    document.body.append(el);
    widget.render({ model, el });
    const lines = () => [...el.querySelectorAll(".jw-sparkline")];
    expect(lines()).toHaveLength(2);
    const first = lines()[0]!;
    expect(first.getAttribute("title")).toBe(
      "Conversion by week: 50.0% to 45.0% over 3 weeks; the last week still open",
    );
    expect(first.querySelector(".jw-sr-only")?.textContent).toBe(first.getAttribute("title"));
    expect(first.querySelector("svg")?.getAttribute("aria-hidden")).toBe("true");
    // two segments, the second (into the open week) dashed; the open week's point hollow
    expect([...first.querySelectorAll("path")].map((p) => p.getAttribute("class"))).toEqual([
      "jw-spark-line",
      "jw-spark-line jw-spark-open",
    ]);
    expect(first.querySelector("circle")?.getAttribute("class")).toBe("jw-spark-point jw-spark-open");
    // the highest value at the top of the box, the lowest at the bottom
    const ys = (first.querySelector("path")!.getAttribute("d") ?? "")
      .match(/,([\d.]+)/g)!
      .map((m) => +m.slice(1));
    expect(ys[0]).toBeLessThan(ys[1]!);
    expect(lines()[1]!.querySelectorAll("path")).toHaveLength(1); // no value in the first week: one segment
    // another persona's values are shown: all users' sparklines are not theirs
    act(() => model.push("persona", "p2"));
    expect(lines()).toHaveLength(0);
    act(() => model.push("metric_trends", trends("p2")));
    expect(lines()).toHaveLength(2);
  });

  it("shows metric values with their target status", () => {
    const [doc] = applyOp(base, { op: "add_lane", id: "m", name: "Metrics", kind: "metric" });
    const model = fakeModel(mapState(doc, { metrics: { conv: { s1: 0.52, s2: 0.2 } } }));
    const [withTarget] = applyOp(doc, { op: "update_metric", id: "conv", changes: { target: 0.4 } });
    model.push("_document", withTarget);
    const el = document.createElement("div");
    document.body.append(el);
    widget.render({ model, el });
    const values = [...el.querySelectorAll(".jw-metric")].map((m) => [
      m.className,
      m.querySelector("dd")?.textContent,
    ]);
    expect(values).toEqual([
      ["jw-metric jw-metric-good", "52.0%"],
      ["jw-metric jw-metric-bad", "20.0%"],
    ]);
    // rates sit on a 0-100% bar with the target as a tick
    const fills = [...el.querySelectorAll<HTMLElement>(".jw-metric-fill")].map((f) => f.style.width);
    expect(fills).toEqual(["52%", "20%"]);
    expect(el.querySelector<HTMLElement>(".jw-metric-target")?.style.left).toBe("40%");
  });

  it("shows a retention metric as a share, with what it counts as its tooltip", () => {
    const [withLane] = applyOp(base, { op: "add_lane", id: "m", name: "Metrics", kind: "metric" });
    const [doc] = applyOp(withLane, {
      op: "add_metric",
      id: "back",
      name: "Back within a week",
      kind: "retention",
      events: ["visit"],
      window: "7D",
    });
    const el = document.createElement("div");
    document.body.append(el);
    widget.render({ model: fakeModel(mapState(doc, { metrics: { back: { s1: 0.375, s2: null } } })), el });
    const metric = el.querySelector('.jw-metric[data-metric-id="back"]')!;
    expect(metric.querySelector("dd")?.textContent).toBe("37.5%");
    expect(metric.querySelector<HTMLElement>(".jw-metric-fill")?.style.width).toBe("37.5%");
    expect(metric.querySelector("dt")?.getAttribute("title")).toBe(
      "Users at this stage who came back (visit) within 7D of reaching it, of those whose window has ended",
    );
    expect(el.querySelectorAll('.jw-metric[data-metric-id="back"]')).toHaveLength(1); // no value at s2
  });

  it("offers no editing when the map is read-only", () => {
    const model = fakeModel(mapState(base, { editable: false }));
    const el = document.createElement("div");
    document.body.append(el);
    widget.render({ model, el });
    expect(el.querySelector(".jw-add-card")).toBeNull();
    expect(screen.queryByRole("button", { name: "Undo" })).toBeNull();
    act(() => void fireEvent.dblClick(cardEl(el, "c1")));
    act(() => void fireEvent.keyDown(cardEl(el, "c1"), { key: " " }));
    expect(el.querySelector(".jw-card-input")).toBeNull();
    expect(model.sent).toEqual([]);
  });
});
