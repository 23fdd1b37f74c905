// Views of an exported page: anywidget models run their own code (the widget's ES module, from the state),
// boxes lay their children out, and each model's Layout becomes the element's style.
import { type PageModel, referenced } from "./models";

interface WidgetModule {
  default?: {
    initialize?: (props: { model: PageModel }) => unknown;
    render?: (props: { model: PageModel; el: HTMLElement }) => unknown;
  };
}

const BOXES: Record<string, string> = {
  VBoxModel: "widget-vbox",
  HBoxModel: "widget-hbox",
  BoxModel: "widget-box",
};

/** Layout traits (ipywidgets' Layout) as CSS properties: `min_width` is `min-width`; `grid_gap` is `gap`. */
export function layoutStyle(layout: PageModel | undefined): Record<string, string> {
  const style: Record<string, string> = {};
  if (!layout) return style;
  for (const [key, value] of Object.entries(layout.state)) {
    if (key.startsWith("_") || typeof value !== "string" || value === "") continue;
    style[key === "grid_gap" ? "gap" : key.replaceAll("_", "-")] = value;
  }
  return style;
}

/** ipywidgets' HTML (its value is HTML, as the notebook's author wrote it) and Label (text) widgets. */
function renderStatic(model: PageModel, host: HTMLElement): void {
  const description = model.get("description");
  if (typeof description === "string" && description) {
    const label = document.createElement("span");
    label.className = "jw-export-description";
    label.textContent = description;
    host.append(label);
  }
  const value = document.createElement(model.name === "HTMLModel" ? "div" : "span");
  value.className = model.name === "HTMLModel" ? "widget-html-content" : "widget-label";
  if (model.name === "HTMLModel") value.innerHTML = String(model.get("value") ?? "");
  else value.textContent = String(model.get("value") ?? "");
  host.append(value);
}

/** A control (a dropdown, a slider...): nothing to drive without its notebook's kernel, so it says so. */
function renderControl(model: PageModel, host: HTMLElement): void {
  const kind = model.name.replace(/Model$/, "");
  const description = model.get("description");
  const note = document.createElement("div");
  note.className = "jw-export-control";
  note.textContent = `${typeof description === "string" && description ? `${description} ` : ""}(${kind}: a control of the live notebook)`;
  host.append(note);
}

export class PageViews {
  private readonly modules = new Map<string, Promise<WidgetModule>>();
  private readonly styles = new Set<string>();
  private readonly initialized = new Set<string>();

  constructor(private readonly models: Map<string, PageModel>) {}

  private model(value: unknown): PageModel | undefined {
    const id = referenced(value);
    return id ? this.models.get(id) : undefined;
  }

  /** Draw `model` into `host` (its Layout applied to `host`). */
  async render(model: PageModel, host: HTMLElement): Promise<void> {
    Object.assign(host.style, layoutStyle(this.model(model.get("layout"))));
    if (model.name === "AnyModel") return this.renderAnywidget(model, host);
    const box = BOXES[model.name];
    if (box) return this.renderBox(model, host, box);
    if (model.name === "HTMLModel" || model.name === "LabelModel") return renderStatic(model, host);
    renderControl(model, host);
  }

  private async renderBox(model: PageModel, host: HTMLElement, kind: string): Promise<void> {
    const classes = model.get("_dom_classes");
    host.classList.add("widget-box", kind, ...(Array.isArray(classes) ? classes.map(String) : []));
    const children = model.get("children");
    for (const child of Array.isArray(children) ? children : []) {
      const childModel = this.model(child);
      if (!childModel) continue;
      const el = document.createElement("div");
      el.className = "jw-export-child";
      host.append(el);
      await this.render(childModel, el);
    }
  }

  private async renderAnywidget(model: PageModel, host: HTMLElement): Promise<void> {
    const css = model.get("_css");
    if (typeof css === "string" && css && !this.styles.has(css)) {
      this.styles.add(css);
      const style = document.createElement("style");
      style.textContent = css;
      document.head.append(style);
    }
    const esm = model.get("_esm");
    if (typeof esm !== "string" || !esm) throw new Error("a widget in this file carries no code");
    const module = await this.load(esm);
    const widget = module.default;
    if (!widget?.render) throw new Error("a widget's code in this file has no render function");
    if (widget.initialize && !this.initialized.has(model.model_id)) {
      this.initialized.add(model.model_id);
      await widget.initialize({ model });
    }
    await widget.render({ model, el: host });
  }

  /** Import an ES module from its text, once per text (a blob: URL: the file fetches nothing). */
  private load(esm: string): Promise<WidgetModule> {
    let loading = this.modules.get(esm);
    if (!loading) {
      const url = URL.createObjectURL(new Blob([esm], { type: "text/javascript" }));
      loading = import(/* @vite-ignore */ url) as Promise<WidgetModule>;
      this.modules.set(esm, loading);
    }
    return loading;
  }
}
