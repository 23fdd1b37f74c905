// Presentation mode's walkthrough: which stage comes next, and the keys that step through the stages.
import type { JourneyDoc } from "../../model/types";

export type Mode = "edit" | "present";

/** The stage `delta` steps from `current` (clamped to the ends); from no stage, forward starts at the first. */
export function stepStage(doc: JourneyDoc, current: string | null, delta: number): string | null {
  const ids = doc.stages.map((s) => s.id);
  if (ids.length === 0) return null;
  const at = current === null ? -1 : ids.indexOf(current);
  if (at === -1) return delta >= 0 ? ids[0]! : ids[ids.length - 1]!;
  return ids[Math.max(0, Math.min(ids.length - 1, at + delta))]!;
}

/** What a key does while presenting: a step through the stages, an end, or a toggle. */
export function presenterKey(
  key: string,
): { delta: number } | { to: "first" | "last" } | "notes" | "fullscreen" | null {
  switch (key) {
    case "ArrowRight":
    case "ArrowDown":
    case "PageDown":
    case " ":
      return { delta: 1 };
    case "ArrowLeft":
    case "ArrowUp":
    case "PageUp":
      return { delta: -1 };
    case "Home":
      return { to: "first" };
    case "End":
      return { to: "last" };
    case "n":
    case "N":
      return "notes";
    case "f":
    case "F":
      return "fullscreen";
    default:
      return null;
  }
}
