// anywidget's front end is published as an AMD module (`define(["@jupyter-widgets/base"], factory)`), the
// format of the classic widget loaders. This shim, evaluated just before it, keeps its factory so the
// export page can call it with the widget base it bundles.
import type * as Base from "@jupyter-widgets/base";

type AnyWidgetClasses = { AnyModel: unknown; AnyView: unknown };
type Factory = (base: typeof Base) => AnyWidgetClasses;

let factory: Factory | null = null;

const define = (deps: string[], make: Factory) => {
  if (deps.length === 1 && deps[0] === "@jupyter-widgets/base") factory = make;
};
define.amd = true;
(globalThis as { define?: unknown }).define = define;

/** anywidget's model and view classes, built on `base`. */
export function anywidgetClasses(base: typeof Base): AnyWidgetClasses {
  if (!factory) throw new Error("journeywidgets export: anywidget's front end did not load");
  return factory(base);
}

/** Remove the shim once anywidget has registered (nothing else should see an AMD `define`). */
export function removeShim(): void {
  delete (globalThis as { define?: unknown }).define;
}
