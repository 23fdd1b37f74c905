// A thin bar while the kernel computes new numbers for a bound view: the old numbers stay shown (greyed by the
// view), never a blank; screen readers hear a progress bar named for what is happening.
import type { ReadonlySignal } from "@preact/signals";
import "./busy.css";

export interface BusyState {
  /** the binding is computing new numbers (Python's `binding.busy`) */
  busy: ReadonlySignal<boolean>;
  /** the share done, 0 to 1 (Python's `binding.progress`) */
  progress: ReadonlySignal<number>;
}

/** The share as a whole percentage, 0 to 100 (a missing or odd value counts as 0). */
export function percent(progress: number | null | undefined): number {
  const share = typeof progress === "number" && Number.isFinite(progress) ? progress : 0;
  return Math.round(Math.max(0, Math.min(1, share)) * 100);
}

export function BusyBar({ state, what }: { state: BusyState | undefined; what: string }) {
  if (!state?.busy.value) return null;
  const done = percent(state.progress.value);
  return (
    <div
      class="jw-busy"
      role="progressbar"
      aria-label={`Updating ${what}`}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={done}
      aria-valuetext={`${done}% done; the numbers shown are the last ones`}
    >
      <div class="jw-busy-fill" style={{ width: `${Math.max(done, 4)}%` }} />
    </div>
  );
}
