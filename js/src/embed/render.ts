// Render the widget state inlined in an exported page: every view script is replaced by its live view.
import type { HTMLManager } from "@jupyter-widgets/html-manager/lib/htmlmanager";

const STATE = 'script[type="application/vnd.jupyter.widget-state+json"]';
const VIEW = 'script[type="application/vnd.jupyter.widget-view+json"]';

export async function renderExport(
  makeManager: () => HTMLManager,
  root: ParentNode = document,
): Promise<void> {
  const stateTag = root.querySelector(STATE);
  if (!stateTag?.textContent) throw new Error("no widget state in this page");
  const manager = makeManager();
  const models = await manager.set_state(JSON.parse(stateTag.textContent));
  for (const tag of Array.from(root.querySelectorAll(VIEW))) {
    const { model_id } = JSON.parse(tag.textContent ?? "{}") as { model_id?: string };
    const model = models.find((m) => m.model_id === model_id);
    if (!model || !tag.parentElement) continue;
    const host = document.createElement("div");
    host.className = "widget-subarea jw-export-view";
    tag.parentElement.insertBefore(host, tag);
    const view = await manager.create_view(model);
    await manager.display_view(view, host);
  }
  document.documentElement.dataset.jwRendered = "true";
}
