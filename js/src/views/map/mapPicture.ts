// The map's picture for its Download buttons: drawn by Python (the same SVG as `JourneyMap.to_svg()`, asked
// for with a custom message), or, in a page with no Python behind it, taken from the pictures the export
// drew ahead (light ones).
// The theme is the Download buttons' (light unless "dark" is ticked).
import type { PictureTheme } from "../../export/DownloadButtons";
import type { Model } from "../../widget";

/** How long to wait for Python to draw the map before telling the user it did not answer. */
export const PICTURE_TIMEOUT_MS = 20_000;

const NO_KERNEL =
  "Python did not answer (is the kernel running?). From Python: journey_map.to_svg(path) or .to_png(path)";

// Python's reply reaches every page of the kernel (two tabs, Voila and Lab): ids carry this page's own prefix
const PAGE = Math.random().toString(36).slice(2, 10);
let requests = 0;

/**
 * A function that gives the SVG text of the map for a persona id (null: no persona, or all users).
 *
 * It asks Python with a custom message ({type: "picture", id, persona, theme}) and waits for the answer
 * with the same id: messages work in every host (Jupyter, Voila, marimo), anywidget's experimental
 * `invoke` does not.
 */
export function mapPicture(model: Model): (persona: string | null, theme?: PictureTheme) => Promise<string> {
  return async (persona, theme = "light") => {
    const snapshots = model.get("_svg_snapshots") as Record<string, string> | undefined;
    if (snapshots) {
      const svg = snapshots[persona ?? ""];
      if (svg) return svg;
      throw new Error("this page holds no picture of the map for that persona");
    }
    requests += 1;
    const id = `picture-${PAGE}-${requests}`;
    return new Promise<string>((resolve, reject) => {
      const answer = (message: unknown) => {
        const reply = (message ?? {}) as { type?: string; id?: string; svg?: string; error?: string };
        if (reply.type !== "picture" || reply.id !== id) return;
        done();
        if (reply.error || !reply.svg) reject(new Error(reply.error ?? "Python sent no picture"));
        else resolve(reply.svg);
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(NO_KERNEL));
      }, PICTURE_TIMEOUT_MS);
      const done = () => {
        clearTimeout(timer);
        model.off("msg:custom", answer);
      };
      model.on("msg:custom", answer);
      model.send({ type: "picture", id, persona, theme });
    });
  };
}
