// Entry of the widget bundle: every widget class picks its view through the `_view` trait.
import { render } from "preact";
import "./styles.css";
import type { JourneyDoc } from "./model/types";
import { JourneyMap } from "./views/map/JourneyMap";
import { type Model, traitSignal } from "./widget";

function renderMap(model: Model, el: HTMLElement): () => void {
  const [document, stopDocument] = traitSignal<JourneyDoc>(model, "document");
  const [persona, stopPersona] = traitSignal<string | null>(model, "persona");
  const onPersona = (id: string | null) => {
    model.set("persona", id);
    model.save_changes();
  };
  render(<JourneyMap document={document} persona={persona} onPersona={onPersona} />, el);
  return () => {
    stopDocument();
    stopPersona();
    render(null, el);
  };
}

const VIEWS: Record<string, (model: Model, el: HTMLElement) => () => void> = { map: renderMap };

export default {
  render({ model, el }: { model: Model; el: HTMLElement }) {
    el.classList.add("jw-root");
    const view = String(model.get("_view"));
    const renderView = VIEWS[view];
    if (!renderView) {
      el.textContent = `journeywidgets: unknown view "${view}" (is the Python package newer than its bundle?)`;
      return;
    }
    return renderView(model, el);
  },
};
