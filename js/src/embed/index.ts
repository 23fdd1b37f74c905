// The page script of an exported widget file (journeywidgets.to_html): a widget manager just big enough for
// our pages. It reads the inline widget state, makes the models (the bundle's code shared between them, one
// copy per file), links them as jslink does, and draws every view where its view script stands. No network:
// everything is in the page.
import { linkModels, type ModelRecord, pageModels } from "./models";
import { PageViews } from "./views";
import "./embed.css";

const STATE = 'script[type="application/vnd.jupyter.widget-state+json"]';
const SHARED = 'script[type="application/vnd.journeywidgets.shared+json"]';
const VIEW = 'script[type="application/vnd.jupyter.widget-view+json"]';

export async function renderExport(root: Document = document): Promise<void> {
  const stateTag = root.querySelector(STATE);
  if (!stateTag?.textContent) throw new Error("no widget state in this page");
  const state = JSON.parse(stateTag.textContent) as { state?: Record<string, ModelRecord> };
  const shared = JSON.parse(root.querySelector(SHARED)?.textContent || "[]") as string[];
  const models = pageModels(state.state ?? {}, shared);
  linkModels(models);
  const views = new PageViews(models);
  for (const tag of Array.from(root.querySelectorAll(VIEW))) {
    const { model_id } = JSON.parse(tag.textContent ?? "{}") as { model_id?: string };
    const model = model_id ? models.get(model_id) : undefined;
    if (!model || !tag.parentElement) continue;
    const host = root.createElement("div");
    host.className = "jw-export-view";
    tag.parentElement.insertBefore(host, tag);
    try {
      await views.render(model, host);
    } catch (error) {
      // one view that cannot be drawn (a widget this page has no code for) leaves the others be
      const note = root.createElement("pre");
      note.className = "jw-export-error";
      note.textContent = `This widget could not be shown: ${String(error)}`;
      host.replaceChildren(note);
    }
  }
  root.documentElement.dataset.jwRendered = "true";
}

const start = () =>
  renderExport().catch((error: unknown) => {
    const note = document.createElement("pre");
    note.className = "jw-export-error";
    note.textContent = `These widgets could not be shown: ${String(error)}`;
    document.body.prepend(note);
  });

if (typeof document !== "undefined") {
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else void start();
}
