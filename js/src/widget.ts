// The anywidget model as our views use it, and a signal that follows one synced trait.
import type { AnyModel } from "@anywidget/types";
import { type Signal, signal } from "@preact/signals";

export type Model = AnyModel<Record<string, unknown>>;

/** A signal holding trait `name`, updated on every `change:name`; call the returned cleanup on unmount. */
export function traitSignal<T>(model: Model, name: string): [Signal<T>, () => void] {
  const value = signal(model.get(name) as T);
  const update = () => {
    value.value = model.get(name) as T;
  };
  model.on(`change:${name}`, update);
  return [value, () => model.off(`change:${name}`, update)];
}
