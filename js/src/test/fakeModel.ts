// A fake anywidget model for view tests: get/set/on/off/save_changes over a plain object.
import type { JourneyDoc } from "../model/types";
import type { Model } from "../widget";

export interface FakeModel extends Model {
  saved: Record<string, unknown>[];
  /** Custom messages the view sent to Python. */
  sent: Record<string, unknown>[];
  /** Deliver a custom message from Python to the view. */
  emit(message: Record<string, unknown>): void;
  /** Set a trait as Python would (fires change:name without saving). */
  push(name: string, value: unknown): void;
}

export function fakeModel(state: Record<string, unknown>): FakeModel {
  const values: Record<string, unknown> = { ...state };
  const listeners = new Map<string, Set<() => void>>();
  const pending: Record<string, unknown> = {};
  const fire = (name: string) => {
    for (const callback of listeners.get(`change:${name}`) ?? []) callback();
  };
  const model = {
    saved: [] as Record<string, unknown>[],
    sent: [] as Record<string, unknown>[],
    emit: (message: Record<string, unknown>) => {
      for (const callback of listeners.get("msg:custom") ?? []) (callback as (m: unknown) => void)(message);
    },
    get: (name: string) => values[name],
    set: (name: string, value: unknown) => {
      values[name] = value;
      pending[name] = value;
      fire(name);
    },
    save_changes: () => {
      model.saved.push({ ...pending });
      for (const key of Object.keys(pending)) delete pending[key];
    },
    on: (event: string, callback: () => void) => {
      if (!listeners.has(event)) listeners.set(event, new Set());
      listeners.get(event)!.add(callback);
    },
    off: (event: string, callback: () => void) => {
      listeners.get(event)?.delete(callback);
    },
    push: (name: string, value: unknown) => {
      values[name] = value;
      fire(name);
    },
    send: (message: Record<string, unknown>) => {
      model.sent.push(message);
    },
    widget_manager: {} as never,
  };
  return model as unknown as FakeModel;
}

/** The synced state of a JourneyMap widget showing `doc`, as Python would send it. */
export function mapState(doc: JourneyDoc, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    _view: "map",
    _document: doc,
    persona: "p1",
    revision: 0,
    editable: true,
    selected: { stage: null, lane: null, card: null },
    metrics: {},
    persona_metrics: {},
    selected_stage: null,
    derived_emotion: {},
    mode: "edit",
    can_undo: false,
    can_redo: false,
    _acks: {},
    ...extra,
  };
}
