// The exported page's widget manager: models as anywidget offers them, links as jslink makes them, boxes, the
// HTML and Label widgets, and one copy of the shared code put back into every model.
import { describe, expect, it } from "vitest";
import { linkModels, type ModelRecord, PageModel, pageModels, withSharedTexts } from "./models";
import { layoutStyle, PageViews } from "./views";

const record = (model_name: string, state: Record<string, unknown>): ModelRecord => ({
  model_name,
  model_module: "x",
  state,
});

describe("page models", () => {
  it("fire change events only for new values, and stop when told", () => {
    const model = new PageModel("m", "AnyModel", { persona: null, selected: { stage: "a" } });
    const heard: unknown[] = [];
    const listener = (_: unknown, value: unknown) => heard.push(value);
    model.on("change:persona", listener);
    model.set("persona", "raj");
    model.set("persona", "raj");
    model.set("selected", { stage: "a" }); // JSON-equal: no change
    model.off("change:persona", listener);
    model.set("persona", "maya");
    expect(heard).toEqual(["raj"]);
    expect(model.get("persona")).toBe("maya");
    expect(() => model.save_changes()).not.toThrow();
  });

  it("put the shared code back into each model", () => {
    const state = withSharedTexts(
      { _esm: { $jw_shared: 1 }, _css: { $jw_shared: 0 }, other: { $jw_shared: 9 } },
      ["css", "esm"],
    );
    expect(state).toEqual({ _esm: "esm", _css: "css", other: { $jw_shared: 9 } });
  });

  it("link traits both ways (jslink) or one way (jsdlink), the target taking the source's value first", () => {
    const models = pageModels({
      a: record("AnyModel", { persona: "raj" }),
      b: record("AnyModel", { persona: null }),
      c: record("AnyModel", { persona: null }),
      ab: record("LinkModel", { source: ["IPY_MODEL_a", "persona"], target: ["IPY_MODEL_b", "persona"] }),
      ac: record("DirectionalLinkModel", {
        source: ["IPY_MODEL_a", "persona"],
        target: ["IPY_MODEL_c", "persona"],
      }),
      broken: record("LinkModel", {
        source: ["IPY_MODEL_zz", "persona"],
        target: ["IPY_MODEL_b", "persona"],
      }),
    });
    expect(linkModels(models)).toBe(2);
    const [a, b, c] = ["a", "b", "c"].map((id) => models.get(id)!);
    expect([b!.get("persona"), c!.get("persona")]).toEqual(["raj", "raj"]);
    b!.set("persona", "maya"); // back to a, and from a on to c
    expect([a!.get("persona"), c!.get("persona")]).toEqual(["maya", "maya"]);
    c!.set("persona", "elena"); // a directional link's target does not write back
    expect(a!.get("persona")).toBe("maya");
  });
});

describe("page views", () => {
  it("turn a Layout into CSS", () => {
    const layout = new PageModel("l", "LayoutModel", {
      _model_name: "LayoutModel",
      flex: "3 1 0",
      min_width: "0",
      grid_gap: "12px",
      width: null,
      height: "",
    });
    expect(layoutStyle(layout)).toEqual({ flex: "3 1 0", "min-width": "0", gap: "12px" });
  });

  it("lay out boxes, show HTML and Label widgets, and say a control needs its notebook", async () => {
    const models = pageModels({
      box: record("VBoxModel", {
        _dom_classes: ["jw-board"],
        children: ["IPY_MODEL_html", "IPY_MODEL_label", "IPY_MODEL_pick"],
        layout: "IPY_MODEL_lay",
      }),
      lay: record("LayoutModel", { grid_gap: "12px" }),
      html: record("HTMLModel", { value: "<b>Bold</b>", description: "" }),
      label: record("LabelModel", { value: "<i>not html</i>" }),
      pick: record("DropdownModel", { description: "Persona" }),
    });
    const host = document.createElement("div");
    await new PageViews(models).render(models.get("box")!, host);
    expect([...host.classList]).toEqual(["widget-box", "widget-vbox", "jw-board"]);
    expect(host.style.gap).toBe("12px");
    const [html, label, pick] = [...host.children];
    expect(html!.querySelector("b")?.textContent).toBe("Bold");
    expect(label!.textContent).toBe("<i>not html</i>");
    expect(label!.querySelector("i")).toBeNull();
    expect(pick!.textContent).toBe("Persona (Dropdown: a control of the live notebook)");
  });

  it("refuse an anywidget model without code", async () => {
    const models = pageModels({ w: record("AnyModel", { _view: "map" }) });
    await expect(
      new PageViews(models).render(models.get("w")!, document.createElement("div")),
    ).rejects.toThrow("carries no code");
  });
});
