// The map's picture for its Download buttons: drawn by Python (the same SVG as `JourneyMap.to_svg()`),
// or, in a page with no Python behind it, taken from the pictures the export drew ahead (light ones).
// The theme is the Download buttons' (light unless "dark" is ticked).
import type { PictureTheme } from "../../export/DownloadButtons";
import type { Model } from "../../widget";

/** anywidget's request to a Python `@anywidget.experimental.command` (the render argument `experimental.invoke`). */
export type Invoke = (
  name: string,
  msg: unknown,
  options?: { signal?: AbortSignal },
) => Promise<[unknown, DataView[]]>;

/** How long to wait for Python to draw the map before telling the user it did not answer. */
export const PICTURE_TIMEOUT_MS = 20_000;

const NO_KERNEL =
  "Python did not answer (is the kernel running?). From Python: journey_map.to_svg(path) or .to_png(path)";

/** A function that gives the SVG text of the map for a persona id (null: no persona, or all users). */
export function mapPicture(
  model: Model,
  invoke?: Invoke,
): (persona: string | null, theme?: PictureTheme) => Promise<string> {
  return async (persona, theme = "light") => {
    const snapshots = model.get("_svg_snapshots") as Record<string, string> | undefined;
    if (snapshots) {
      const svg = snapshots[persona ?? ""];
      if (svg) return svg;
      throw new Error("this page holds no picture of the map for that persona");
    }
    if (!invoke) throw new Error(NO_KERNEL);
    let reply: unknown;
    try {
      const request = { persona, theme };
      [reply] = await invoke("_map_svg", request, { signal: AbortSignal.timeout(PICTURE_TIMEOUT_MS) });
    } catch (err) {
      if (err instanceof DOMException && err.name === "TimeoutError") throw new Error(NO_KERNEL);
      throw err;
    }
    const { svg, error } = (reply ?? {}) as { svg?: string; error?: string };
    if (error || !svg) throw new Error(error ?? "Python sent no picture");
    return svg;
  };
}
