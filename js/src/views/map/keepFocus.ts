// An in-place editor must not lose what the user is typing when a re-render moves it in the page: a
// keyed list that reorders (Python added cards before ours) moves the editor's DOM node, and a browser
// blurs a focused node it moves. Such a blur comes with no user action; we take the focus back.

let lastUserMove = Number.NEGATIVE_INFINITY;
/** When each element last got the focus: a press before that (the one that opened the editor) is not a move away. */
const focusedAt = new WeakMap<EventTarget, number>();
if (typeof document !== "undefined") {
  document.addEventListener("focusin", (e) => e.target && focusedAt.set(e.target, performance.now()), true);
  // a press anywhere, or Tab, is the user moving the focus
  document.addEventListener("pointerdown", () => (lastUserMove = performance.now()), true);
  document.addEventListener(
    "keydown",
    (e) => {
      if (e.key === "Tab") lastUserMove = performance.now();
    },
    true,
  );
}

/** How recent a pointer press or Tab must be for a blur to count as the user's (ms). */
const USER_BLUR_MS = 500;

function movedByUser(el: EventTarget): boolean {
  const now = performance.now();
  return now - lastUserMove < USER_BLUR_MS && lastUserMove >= (focusedAt.get(el) ?? Number.NEGATIVE_INFINITY);
}

type TextEntry = HTMLInputElement | HTMLTextAreaElement;

/**
 * The blur handler of an in-place editor: `done(value)` when the user moved away (a click elsewhere,
 * Tab, the editor removed), focus and caret back when a re-render moved the editor.
 */
export function editorBlur(e: FocusEvent, done: (value: string) => void): void {
  const el = e.currentTarget as TextEntry;
  if (e.relatedTarget !== null || movedByUser(el)) {
    done(el.value);
    return;
  }
  const { selectionStart, selectionEnd } = el;
  // after the re-render that moved it (a microtask runs before the next keystroke is handled)
  queueMicrotask(() => {
    const active = document.activeElement;
    if (el.isConnected && (active === null || active === document.body)) {
      el.focus({ preventScroll: true });
      el.setSelectionRange(selectionStart, selectionEnd);
    } else if (active !== el) {
      done(el.value);
    }
  });
}
