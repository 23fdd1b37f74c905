// Pointer drag of cards (mouse, touch, pen): a small controller on pointer events, not HTML5 drag and drop,
// which is unreliable on touch and inside iframes. The ghost follows the pointer through a transform
// (no re-render per frame); the drop target is recomputed only from the cell under the pointer.
import type { MapEditor } from "./editor";
import type { Target } from "./keyboard";

const THRESHOLD_PX = 4;

/**
 * The drop target for a pointer at (x, y): the cell (or step cell) under it, empty or not, and the
 * position among its cards.
 */
export function dropTargetAt(root: ParentNode & Node, x: number, y: number, dragged: string): Target | null {
  const doc = (root.ownerDocument ?? document) as Document;
  const under = doc.elementFromPoint(x, y);
  const host = under?.closest<HTMLElement>("[data-drop-lane]");
  if (!host || !root.contains(host)) return null;
  // the cell's own card list (a stage cell's step cells have theirs)
  const list = host.classList.contains("jw-cards")
    ? host
    : host.querySelector<HTMLElement>(":scope > .jw-card-list-wrap > .jw-cards");
  const cards = [...(list?.querySelectorAll<HTMLElement>(":scope > .jw-card") ?? [])].filter(
    (c) => c.dataset.cardId !== dragged,
  );
  let index = cards.length;
  for (const [i, card] of cards.entries()) {
    const rect = card.getBoundingClientRect();
    if (y < rect.top + rect.height / 2) {
      index = i;
      break;
    }
  }
  return {
    lane: host.dataset.dropLane!,
    stage: host.dataset.dropStage!,
    step: host.dataset.dropStep ? host.dataset.dropStep : null,
    index,
  };
}

const sameTarget = (a: Target | null, b: Target | null): boolean =>
  a === b ||
  (a !== null &&
    b !== null &&
    a.lane === b.lane &&
    a.stage === b.stage &&
    a.step === b.step &&
    a.index === b.index);

/** Start tracking a possible drag from a pointerdown on a card. */
export function startCardDrag(
  editor: MapEditor,
  event: PointerEvent,
  cardEl: HTMLElement,
  root: HTMLElement,
): void {
  if (event.button !== 0 || !editor.editable.value) return;
  const cardId = cardEl.dataset.cardId!;
  const startX = event.clientX;
  const startY = event.clientY;
  let ghost: HTMLElement | null = null;
  let offsetX = 0;
  let offsetY = 0;
  let frame = 0;
  let lastX = startX;
  let lastY = startY;

  const update = () => {
    frame = 0;
    if (!ghost) return;
    // the ghost is absolutely positioned in the widget root (a fixed position breaks under transformed hosts)
    const origin = root.getBoundingClientRect();
    ghost.style.transform = `translate(${lastX - origin.left - offsetX}px, ${lastY - origin.top - offsetY}px)`;
    const target = dropTargetAt(root, lastX, lastY, cardId);
    const current = editor.dragging.value;
    if (current && !sameTarget(current.target, target)) editor.dragging.value = { card: cardId, target };
  };

  const begin = () => {
    const rect = cardEl.getBoundingClientRect();
    offsetX = startX - rect.left;
    offsetY = startY - rect.top;
    ghost = cardEl.cloneNode(true) as HTMLElement;
    ghost.classList.add("jw-ghost");
    ghost.removeAttribute("data-card-id");
    ghost.style.width = `${rect.width}px`;
    root.append(ghost);
    editor.dragging.value = { card: cardId, target: null };
    editor.selectCard(cardId);
  };

  const onMove = (e: PointerEvent) => {
    lastX = e.clientX;
    lastY = e.clientY;
    if (!ghost) {
      if (Math.hypot(lastX - startX, lastY - startY) < THRESHOLD_PX) return;
      begin();
    }
    e.preventDefault();
    if (!frame) frame = requestAnimationFrame(update);
  };

  const finish = (commit: boolean) => {
    cardEl.removeEventListener("pointermove", onMove);
    cardEl.removeEventListener("pointerup", onUp);
    cardEl.removeEventListener("pointercancel", onCancel);
    window.removeEventListener("keydown", onKey, true);
    if (frame) cancelAnimationFrame(frame);
    if (!ghost) return;
    if (commit) update();
    const target = editor.dragging.value?.target ?? null;
    ghost.remove();
    ghost = null;
    editor.dragging.value = null;
    if (commit && target) {
      editor.moveCard(cardId, target);
      editor.activate({ kind: "card", id: cardId }, true);
    }
  };
  const onUp = () => finish(true);
  const onCancel = () => finish(false);
  const onKey = (e: KeyboardEvent) => {
    if (e.key === "Escape" && ghost) {
      e.preventDefault();
      e.stopPropagation();
      finish(false);
      editor.announce("Move cancelled.");
    }
  };

  try {
    cardEl.setPointerCapture(event.pointerId);
  } catch {
    // synthetic events carry no capturable pointer; the drag still follows them
  }
  cardEl.addEventListener("pointermove", onMove);
  cardEl.addEventListener("pointerup", onUp);
  cardEl.addEventListener("pointercancel", onCancel);
  window.addEventListener("keydown", onKey, true);
}
