// Presentation mode: the walkthrough's steps, the keys, the dimmed stages, the notes and read-only.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { act, cleanup, fireEvent } from "@testing-library/preact";
import { afterEach, describe, expect, it } from "vitest";
import widget from "../../index";
import type { JourneyDoc } from "../../model/types";
import { fakeModel, mapState } from "../../test/fakeModel";
import { presenterKey, stepStage } from "./presentation";

const here = path.dirname(fileURLToPath(import.meta.url));
const base = JSON.parse(
  readFileSync(path.join(here, "../../../../tests/vectors/base.json"), "utf-8"),
) as JourneyDoc;
const doc: JourneyDoc = {
  ...base,
  stages: base.stages.map((s, i) => ({ ...s, notes: i === 0 ? "Open with the <b>ad</b> numbers" : "" })),
};

function mount(mode: "edit" | "present") {
  const model = fakeModel(mapState(doc, { mode }));
  const el = document.createElement("div");
  document.body.append(el);
  act(() => void widget.render({ model, el })); // act runs the effects (the focus) too
  return { model, el, map: el.querySelector<HTMLElement>(".jw-map")! };
}

afterEach(() => {
  cleanup();
  document.body.innerHTML = "";
});

describe("the walkthrough", () => {
  it("steps through the stages and stops at the ends", () => {
    expect(stepStage(doc, null, 1)).toBe("s1");
    expect(stepStage(doc, null, -1)).toBe("s2");
    expect(stepStage(doc, "s1", 1)).toBe("s2");
    expect(stepStage(doc, "s2", 1)).toBe("s2");
    expect(stepStage(doc, "s1", -1)).toBe("s1");
    expect(stepStage({ ...doc, stages: [] }, null, 1)).toBeNull();
  });

  it("maps the presenter's keys", () => {
    expect(presenterKey("ArrowRight")).toEqual({ delta: 1 });
    expect(presenterKey("PageUp")).toEqual({ delta: -1 });
    expect(presenterKey("End")).toEqual({ to: "last" });
    expect(presenterKey("n")).toBe("notes");
    expect(presenterKey("x")).toBeNull();
  });
});

describe("presentation mode", () => {
  it("is read-only, hides the editing tools and takes the keyboard", () => {
    const { el, map } = mount("present");
    expect(map.classList.contains("jw-presenting")).toBe(true);
    expect(el.querySelector(".jw-add-card")).toBeNull();
    expect(el.querySelector('[aria-label="Map tools"]')).toBeNull();
    // the deck starts at the first stage
    expect(el.querySelector(".jw-presenter-where")?.textContent).toBe("Stage 1 of 2: Discover");
    expect(document.activeElement).toBe(map);
  });

  it("walks stage by stage with the arrow keys, dimming the others, and publishes the current stage", () => {
    const { model, el, map } = mount("present");
    expect(model.saved.at(-1)).toMatchObject({ selected: { stage: "s1" }, selected_stage: "s1" });
    expect(el.querySelector(".jw-presenter-where")?.textContent).toBe("Stage 1 of 2: Discover");
    expect(map.classList.contains("jw-has-current")).toBe(true);
    const lit = [...el.querySelectorAll(".jw-stage-header.jw-selected")].map((h) =>
      h.getAttribute("data-stage-id"),
    );
    expect(lit).toEqual(["s1"]);
    act(() => void fireEvent.keyDown(map, { key: "ArrowRight" }));
    act(() => void fireEvent.keyDown(map, { key: "ArrowRight" }));
    expect(model.saved.at(-1)).toMatchObject({ selected_stage: "s2" });
    act(() => void fireEvent.keyDown(map, { key: "Home" }));
    expect(model.saved.at(-1)).toMatchObject({ selected_stage: "s1" });
  });

  it("shows the current stage's notes as speaker notes, as text", () => {
    const { el, map } = mount("present");
    act(() => void fireEvent.keyDown(map, { key: "n" }));
    expect(el.querySelector(".jw-speaker-notes")?.textContent).toBe(
      "Discover: Open with the <b>ad</b> numbers",
    );
    expect(el.querySelector(".jw-speaker-notes b")).toBeNull();
  });

  it("is entered from the toolbar and left from the presenter bar", () => {
    const { model, el } = mount("edit");
    act(() => void fireEvent.click(el.querySelector(".jw-present")!));
    expect(model.saved).toContainEqual({ mode: "present" });
    act(() => model.push("mode", "present"));
    const exit = [...el.querySelectorAll<HTMLButtonElement>(".jw-presenter-bar button")].find(
      (b) => b.textContent === "Edit",
    )!;
    act(() => void fireEvent.click(exit));
    expect(model.saved.at(-1)).toEqual({ mode: "edit" });
  });

  it("on a read-only page the way out is called Map", () => {
    const model = fakeModel(mapState(doc, { mode: "present", editable: false }));
    const el = document.createElement("div");
    document.body.append(el);
    act(() => void widget.render({ model, el }));
    const labels = [...el.querySelectorAll(".jw-presenter-bar button")].map((b) => b.textContent);
    expect(labels).toContain("Map");
    expect(labels).not.toContain("Edit");
  });
});
