// The models of an exported page: each widget's state, as anywidget's front end offers it to our views
// (get, set, on/off "change:<name>", save_changes), with no kernel behind it. Links (ipywidgets' jslink and
// jsdlink) copy a trait from one model to another, as the widget manager's LinkModel does.

type Listener = (...args: unknown[]) => void;

/** What an exported state file holds for one model (the widget-state JSON format, version 2). */
export interface ModelRecord {
  model_name: string;
  model_module: string;
  model_module_version?: string;
  state: Record<string, unknown>;
}

export const REFERENCE = "IPY_MODEL_";

/** JSON-equal values (traits are JSON): a set that changes nothing fires no change. */
function same(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

export class PageModel {
  readonly listeners = new Map<string, Set<Listener>>();

  constructor(
    readonly model_id: string,
    readonly name: string,
    readonly state: Record<string, unknown>,
  ) {}

  get(name: string): unknown {
    return this.state[name];
  }

  /** Set a trait; listeners of `change:<name>` (and `change`) hear of it when the value is new. */
  set(name: string, value: unknown): void {
    if (same(this.state[name], value)) return;
    this.state[name] = value;
    for (const event of [`change:${name}`, "change"]) {
      for (const listener of [...(this.listeners.get(event) ?? [])]) listener(this, value);
    }
  }

  /** No kernel to save to: what a view sets stays in the page. */
  save_changes(): void {}

  /** No kernel to send to: a view's messages (edits, picture requests) have no one to answer them. */
  send(): void {}

  on(event: string, listener: Listener): void {
    for (const name of event.split(" ")) {
      if (!this.listeners.has(name)) this.listeners.set(name, new Set());
      this.listeners.get(name)!.add(listener);
    }
  }

  off(event?: string | null, listener?: Listener | null): void {
    if (!event) {
      this.listeners.clear();
      return;
    }
    for (const name of event.split(" ")) {
      if (listener) this.listeners.get(name)?.delete(listener);
      else this.listeners.delete(name);
    }
  }
}

/** The model id a state value refers to ("IPY_MODEL_<id>"), or null. */
export function referenced(value: unknown): string | null {
  return typeof value === "string" && value.startsWith(REFERENCE) ? value.slice(REFERENCE.length) : null;
}

/** Put `shared` texts back where the export left a {"$jw_shared": index} (one copy of the bundle per file). */
export function withSharedTexts(state: Record<string, unknown>, shared: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(state)) {
    const index = (value as { $jw_shared?: unknown } | null)?.$jw_shared;
    out[key] = typeof index === "number" && shared[index] !== undefined ? shared[index] : value;
  }
  return out;
}

/** Models by id, from an exported widget state (and the texts it shares between them). */
export function pageModels(
  records: Record<string, ModelRecord>,
  shared: string[] = [],
): Map<string, PageModel> {
  const models = new Map<string, PageModel>();
  for (const [id, record] of Object.entries(records)) {
    models.set(id, new PageModel(id, record.model_name, withSharedTexts(record.state ?? {}, shared)));
  }
  return models;
}

/** Make the page's jslink/jsdlink models copy their traits; returns how many links were made. */
export function linkModels(models: Map<string, PageModel>): number {
  let made = 0;
  for (const model of models.values()) {
    if (model.name !== "LinkModel" && model.name !== "DirectionalLinkModel") continue;
    const ends = [model.get("source"), model.get("target")].map((end) => {
      const [ref, trait] = Array.isArray(end) ? end : [];
      const id = referenced(ref);
      return id && typeof trait === "string" && models.has(id) ? { model: models.get(id)!, trait } : null;
    });
    const [source, target] = ends;
    if (!source || !target) continue;
    const copy = (from: typeof source, to: typeof target) => () =>
      to.model.set(to.trait, from.model.get(from.trait));
    copy(source, target)(); // as ipywidgets does when a link is made: the target takes the source's value
    source.model.on(`change:${source.trait}`, copy(source, target));
    if (model.name === "LinkModel") target.model.on(`change:${target.trait}`, copy(target, source));
    made += 1;
  }
  return made;
}
