// What the map shows besides cards: the persona header (following the switch), lane icons, the emotion
// lane's faces and labelled scale.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { act, cleanup } from "@testing-library/preact";
import { afterEach, describe, expect, it } from "vitest";
import widget from "../../index";
import type { JourneyDoc } from "../../model/types";
import { fakeModel, mapState } from "../../test/fakeModel";
import { LANE_ICON_KINDS } from "./laneIcons";

const here = path.dirname(fileURLToPath(import.meta.url));
const base = JSON.parse(
  readFileSync(path.join(here, "../../../../tests/vectors/base.json"), "utf-8"),
) as JourneyDoc;
const doc: JourneyDoc = {
  ...base,
  emotion_scale: { ...base.emotion_scale, labels: { "-2": "Frustrated", "0": "Neutral", "2": "Delighted" } },
  personas: base.personas.map((p, i) =>
    i === 0
      ? {
          ...p,
          name: "Maya, the busy professional",
          quote: "No time <b>to waste</b>",
          goals: ["Buy fast", "", "Pay once"],
        }
      : p,
  ),
};

afterEach(() => {
  cleanup();
  document.body.innerHTML = "";
});

function mount(extra: Record<string, unknown> = {}) {
  const model = fakeModel(mapState(doc, extra));
  const el = document.createElement("div");
  document.body.append(el);
  widget.render({ model, el });
  return { model, el };
}

describe("the persona header", () => {
  it("shows the persona's avatar, name, quote (as text) and goals, and follows the switch", async () => {
    const { model, el } = mount();
    const header = el.querySelector(".jw-persona-header")!;
    expect(header.querySelector(".jw-avatar")!.textContent).toBe("M");
    expect(header.querySelector(".jw-persona-header-name")!.textContent).toBe("Maya, the busy professional");
    expect(header.querySelector("q")!.textContent).toBe("No time <b>to waste</b>");
    expect(header.querySelector("b")).toBeNull();
    expect([...header.querySelectorAll(".jw-persona-header-goals li")].map((li) => li.textContent)).toEqual([
      "Buy fast",
      "Pay once",
    ]);
    act(() => model.push("persona", "p2"));
    const name = el.querySelector(".jw-persona-header-name")!.textContent;
    expect(name).toBe(doc.personas[1]!.name);
  });
});

describe("lanes and the emotion lane", () => {
  it("gives every lane kind an icon", () => {
    const { el } = mount();
    expect(el.querySelectorAll(".jw-lane-header .jw-lane-icon")).toHaveLength(doc.lanes.length);
    const kinds = (doc as unknown as { lanes: { kind: string }[] }).lanes.map((l) => l.kind);
    for (const kind of kinds) expect(LANE_ICON_KINDS).toContain(kind);
  });

  it("draws a face at each point, smiling or frowning with the value, on a labelled scale", () => {
    const { el } = mount();
    const lane = el.querySelector(".jw-emotion-cell")!;
    expect([...lane.querySelectorAll(".jw-emotion-scale li")].map((li) => li.textContent)).toEqual([
      "Delighted",
      "Neutral",
      "Frustrated",
    ]);
    // p1 has +1 at s1: a smile (the mouth's control point below its ends)
    const mouth = lane.querySelector(".jw-emotion-point .jw-face-mouth")!.getAttribute("d")!;
    expect(Number(mouth.match(/Q12 ([\d.]+)/)![1])).toBeGreaterThan(14.5);
    expect(lane.querySelector(".jw-emotion-point")!.getAttribute("title")).toContain("(1)");
  });
});

describe("finding cards and compact mode", () => {
  it("marks the cards matching the find box (text, tag, evidence, owner) and dims the rest", () => {
    const tagged: JourneyDoc = {
      ...doc,
      cards: doc.cards.map((c, i) =>
        i === 0 ? { ...c, tags: ["checkout"], owner: "Zoë" } : i === 1 ? { ...c, evidence: "data" } : c,
      ),
    };
    const model = fakeModel(mapState(tagged));
    const el = document.createElement("div");
    document.body.append(el);
    widget.render({ model, el });
    const find = el.querySelector<HTMLInputElement>("input[type=search]")!;
    const marked = () =>
      [...el.querySelectorAll(".jw-card.jw-match")].map((c) => (c as HTMLElement).dataset.cardId);
    const type = (text: string) =>
      act(() => {
        find.value = text;
        find.dispatchEvent(new Event("input", { bubbles: true }));
      });
    type("#checkout");
    expect(marked()).toEqual(["c1"]);
    expect(el.querySelectorAll(".jw-card.jw-unmatched")).toHaveLength(tagged.cards.length - 1);
    expect(el.querySelector(".jw-find-count")!.textContent).toBe("1 card");
    type("zoe");
    expect(marked()).toEqual(["c1"]);
    type("DATA");
    expect(marked()).toEqual(["c2", "c5"]); // c5 is from data in the vectors too
    expect(el.querySelector('.jw-card[data-card-id="c1"] .jw-tag')!.textContent).toBe("#checkout");
    type("");
    expect(el.querySelectorAll(".jw-card.jw-match, .jw-card.jw-unmatched")).toHaveLength(0);
  });

  it("Compact toggles the map's compact class; the zoom leaves the toolbar at full size", () => {
    const { el } = mount();
    const map = el.querySelector(".jw-map")!;
    const compact = [...el.querySelectorAll("button")].find((b) => b.textContent === "Compact")!;
    act(() => compact.click());
    expect(map.classList.contains("jw-compact")).toBe(true);
    expect(compact.getAttribute("aria-pressed")).toBe("true");
    act(() =>
      [...el.querySelectorAll("button")].find((b) => b.getAttribute("aria-label") === "Zoom out")!.click(),
    );
    expect((map as HTMLElement).style.fontSize).toBe("");
    expect(el.querySelector<HTMLElement>(".jw-scroll")!.style.fontSize).toBe("0.9em");
  });
});

describe("folding stages and lanes", () => {
  const folded: JourneyDoc = {
    ...doc,
    lanes: doc.lanes.map((l) => (l.id === "doing" ? { ...l, collapsed: true } : l)),
    stages: doc.stages.map((s) => (s.id === "s2" ? { ...s, collapsed: true } : s)),
  };

  it("a folded lane shows each cell's first card and '+ N more'; a folded stage its count", () => {
    const model = fakeModel(mapState(folded));
    const el = document.createElement("div");
    document.body.append(el);
    widget.render({ model, el });
    const cell = el.querySelector('.jw-cell[data-lane-id="doing"][data-stage-id="s1"]')!;
    expect(cell.classList.contains("jw-cell-folded")).toBe(true);
    expect(cell.querySelector(".jw-fold-first")!.textContent).toBe("Searches");
    expect(cell.querySelector(".jw-fold-more")!.textContent).toBe("+ 2 more");
    expect(cell.querySelectorAll(".jw-card")).toHaveLength(0);
    const stageCell = el.querySelector('.jw-cell[data-lane-id="pains"][data-stage-id="s2"]')!;
    expect(stageCell.querySelector(".jw-fold-count")!.textContent).toBe("1");
    expect(el.querySelector('.jw-stage-header[data-stage-id="s2"]')!.classList.contains("jw-folded")).toBe(
      true,
    );
    // the folded stage is one narrow column: 2 for s1's steps + 1
    const grid = el.querySelector<HTMLElement>(".jw-grid")!;
    expect(grid.style.gridTemplateColumns.match(/minmax/g)).toHaveLength(3);
    expect(grid.style.gridTemplateColumns).toContain("0.35fr");
    // unfolding is an edit saved with the document
    act(() => (cell.querySelector(".jw-fold-more") as HTMLButtonElement).click());
    expect(model.sent.at(-1)!.op).toEqual({ op: "update_lane", id: "doing", changes: { collapsed: false } });
  });

  it("C on a header folds it; read-only (presenting) it folds in the browser only", () => {
    const { model, el } = mount();
    act(() => el.querySelector<HTMLElement>('.jw-lane-header[data-lane-id="pains"]')!.focus());
    act(
      () =>
        void document.activeElement!.dispatchEvent(new KeyboardEvent("keydown", { key: "c", bubbles: true })),
    );
    expect(model.sent.at(-1)!.op).toEqual({ op: "update_lane", id: "pains", changes: { collapsed: true } });
    cleanup();
    document.body.innerHTML = "";
    const shown = fakeModel(mapState(doc, { mode: "present" }));
    const page = document.createElement("div");
    document.body.append(page);
    act(() => void widget.render({ model: shown, el: page }));
    const header = page.querySelector<HTMLElement>('.jw-stage-header[data-stage-id="s1"]')!;
    act(() => header.focus());
    act(() => void header.dispatchEvent(new KeyboardEvent("keydown", { key: "c", bubbles: true })));
    expect(shown.sent).toEqual([]);
    expect(page.querySelector('.jw-stage-header[data-stage-id="s1"]')!.classList.contains("jw-folded")).toBe(
      true,
    );
  });
});

describe("the avatar", () => {
  it("shows a persona's image, and its initials without one, with an unsafe one, or when it fails", async () => {
    const { Avatar } = await import("../personas/Avatar");
    const { render } = await import("@testing-library/preact");
    const persona = doc.personas[0]!;
    const shown = (image: string) => {
      const { container, unmount } = render(<Avatar persona={{ ...persona, image }} />);
      const img = container.querySelector("img");
      const out = img ? `img ${img.getAttribute("src")}` : container.textContent;
      return { out, img, unmount, container };
    };
    expect(shown("").out).toBe("M");
    expect(shown("https://example.org/maya.png").out).toBe("img https://example.org/maya.png");
    expect(shown("data:image/png;base64,iVBORw0KGgo=").out).toBe("img data:image/png;base64,iVBORw0KGgo=");
    expect(shown("javascript:alert(1)").out).toBe("M");
    const broken = shown("https://example.org/missing.png");
    act(() => void broken.img!.dispatchEvent(new Event("error")));
    expect(broken.container.textContent).toBe("M");
  });
});

describe("clearing an emotion point", () => {
  it("Delete on a point clears it and offers Undo", () => {
    const { model, el } = mount();
    const point = el.querySelector<HTMLElement>(".jw-emotion-point[role=slider]")!;
    act(() => point.focus());
    act(() => void point.dispatchEvent(new KeyboardEvent("keydown", { key: "Delete", bubbles: true })));
    expect(model.sent.at(-1)!.op).toMatchObject({
      op: "set_emotion",
      persona_id: "p1",
      stage_id: "s1",
      value: null,
    });
    expect(el.querySelector(".jw-undo-toast")!.textContent).toContain('Emotion point at "Discover" cleared.');
  });
});
