// Reordering stages, steps and lanes by dragging their headers (pointer events: mouse, touch, pen). The
// header being dragged and the place it would go are marked with classes (no re-render per frame);
// the drop is one move operation. Escape cancels.
import type { MapEditor } from "./editor";

const THRESHOLD_PX = 6;

type Kind = "stage" | "step" | "lane";

/** The headers a header can be moved among, in order: all stages, the steps of its stage, all lanes. */
function siblings(header: HTMLElement, kind: Kind): HTMLElement[] {
  const grid = header.closest(".jw-grid");
  if (!grid) return [];
  if (kind === "stage") return [...grid.querySelectorAll<HTMLElement>(".jw-stage-header[data-stage-id]")];
  if (kind === "lane") return [...grid.querySelectorAll<HTMLElement>(".jw-lane-header[data-lane-id]")];
  const stage = JSON.stringify(header.dataset.stageId ?? "");
  return [...grid.querySelectorAll<HTMLElement>(`.jw-step-header[data-step-id][data-stage-id=${stage}]`)];
}

/**
 * The position a dragged header would take with the pointer at `at` (x for stages and steps, y for
 * lanes): the number of other headers whose middle lies before the pointer.
 */
export function headerIndexAt(boxes: DOMRect[], from: number, at: number, vertical: boolean): number {
  let index = 0;
  boxes.forEach((box, i) => {
    if (i === from) return;
    const middle = vertical ? box.top + box.height / 2 : box.left + box.width / 2;
    if (at > middle) index += 1;
  });
  return index;
}

export function startHeaderDrag(editor: MapEditor, event: PointerEvent, kind: Kind, id: string): void {
  const header = event.currentTarget as HTMLElement;
  const target = event.target as HTMLElement;
  if (event.button !== 0 || !editor.editable.value || target.closest("button, input, select, textarea"))
    return;
  const vertical = kind === "lane";
  const start = vertical ? event.clientY : event.clientX;
  let dragging = false;
  let index = -1;
  let all: HTMLElement[] = [];
  let from = -1;

  const mark = () => {
    all.forEach((el, i) => {
      // the indicator sits before the header at `index` among the others (or after the last one)
      const others = all.filter((_, j) => j !== from);
      el.classList.toggle("jw-header-drop-before", others[index] === el && i !== from);
      el.classList.toggle(
        "jw-header-drop-after",
        index === others.length && others[others.length - 1] === el,
      );
    });
  };
  const onMove = (e: PointerEvent) => {
    const at = vertical ? e.clientY : e.clientX;
    if (!dragging) {
      if (Math.abs(at - start) < THRESHOLD_PX) return;
      dragging = true;
      all = siblings(header, kind);
      from = all.indexOf(header);
      header.classList.add("jw-header-dragging");
    }
    e.preventDefault();
    const next = headerIndexAt(
      all.map((el) => el.getBoundingClientRect()),
      from,
      at,
      vertical,
    );
    if (next !== index) {
      index = next;
      mark();
    }
  };
  const finish = (commit: boolean) => {
    header.removeEventListener("pointermove", onMove);
    header.removeEventListener("pointerup", onUp);
    header.removeEventListener("pointercancel", onCancel);
    window.removeEventListener("keydown", onKey, true);
    if (!dragging) return;
    header.classList.remove("jw-header-dragging");
    for (const el of all) el.classList.remove("jw-header-drop-before", "jw-header-drop-after");
    if (commit && index !== -1) editor.moveTo(kind, id, index);
  };
  const onUp = () => finish(true);
  const onCancel = () => finish(false);
  const onKey = (e: KeyboardEvent) => {
    if (e.key === "Escape" && dragging) {
      e.preventDefault();
      e.stopPropagation();
      finish(false);
      editor.announce("Move cancelled.");
    }
  };
  try {
    header.setPointerCapture(event.pointerId);
  } catch {
    // synthetic events carry no capturable pointer
  }
  header.addEventListener("pointermove", onMove);
  header.addEventListener("pointerup", onUp);
  header.addEventListener("pointercancel", onCancel);
  window.addEventListener("keydown", onKey, true);
}
