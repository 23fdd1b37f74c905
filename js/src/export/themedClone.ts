// Drawing a view's picture in a chosen theme, whatever the page's: a copy of the view is laid out off
// screen inside an element that sets our theme variables (every colour of our CSS reads them), and
// the picture is taken from that copy's computed styles.
import type { PictureTheme } from "./DownloadButtons";

/** Run `draw` on an off-screen copy of `view` shown in `theme`; the copy is removed afterwards. */
export function inTheme<T>(view: HTMLElement, theme: PictureTheme, draw: (copy: HTMLElement) => T): T {
  const stage = document.createElement("div");
  stage.className = `jw-root jw-theme-${theme}`;
  stage.setAttribute("aria-hidden", "true");
  const width = view.getBoundingClientRect().width;
  stage.style.cssText = `position:fixed;left:-100000px;top:0;width:${width || 800}px;pointer-events:none`;
  const copy = view.cloneNode(true) as HTMLElement;
  stage.append(copy);
  document.body.append(stage);
  try {
    return draw(copy);
  } finally {
    stage.remove();
  }
}
