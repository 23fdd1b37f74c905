// A signal per key (a card, a cell) whose value is almost always the same "nothing special" value: one
// effect works out the few keys whose value is something else, and updates only the signals whose value
// changed, so a change re-renders only the views of those keys. A view reads `of(key)`; the signal is
// made on first use. A map of 500 cards holds 500 plain signals, where a computed per card would re-read
// all of its sources for every card on every change.
import { batch, effect, type ReadonlySignal, type Signal, signal } from "@preact/signals";

export class SparseSignals<T> {
  private readonly signals = new Map<string, Signal<T>>();
  private current = new Map<string, T>();
  private readonly stop: () => void;

  /**
   * @param compute the keys whose value is not `empty`, with their value (run again when what it reads changes)
   * @param empty the value of every other key
   * @param equal when two values are the same (no update)
   * @param keys the keys that still exist (read in the effect), to forget the signals of the others
   */
  constructor(
    compute: () => Map<string, T>,
    private readonly empty: T,
    equal: (a: T, b: T) => boolean = Object.is,
    keys?: () => ReadonlySet<string>,
  ) {
    this.stop = effect(() => {
      const next = compute();
      const alive = keys?.();
      batch(() => {
        for (const key of new Set([...this.current.keys(), ...next.keys()])) {
          const s = this.signals.get(key);
          const value = next.get(key) ?? empty;
          if (s && !equal(s.peek(), value)) s.value = value;
        }
      });
      this.current = next;
      if (alive && this.signals.size > alive.size) {
        for (const key of this.signals.keys()) if (!alive.has(key)) this.signals.delete(key);
      }
    });
  }

  /** A key's value, as a signal its view reads. */
  of(key: string): ReadonlySignal<T> {
    let s = this.signals.get(key);
    if (!s) {
      s = signal(this.current.get(key) ?? this.empty);
      this.signals.set(key, s);
    }
    return s;
  }

  /** Stop following the sources (the view is gone). */
  dispose(): void {
    this.stop();
  }
}
