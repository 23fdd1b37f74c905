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

/** Whether the user moved the focus away from `el` (a press or Tab since it got the focus, just now). */
export function movedByUser(el: EventTarget): boolean {
  const now = performance.now();
  return now - lastUserMove < USER_BLUR_MS && lastUserMove >= (focusedAt.get(el) ?? Number.NEGATIVE_INFINITY);
}

type TextEntry = HTMLInputElement | HTMLTextAreaElement;

/**
 * The blur handler of an in-place editor: `done(value)` when the user moved away (pressed elsewhere or
 * tabbed after the editor opened, or the editor was removed); focus and caret back when the focus left
 * without the user: a re-render moved the editor, or the host page took the focus (JupyterLab's notebook
 * focuses itself, or a cell's code editor, after a click in an output; the keys typed next would go there).
 */
export function editorBlur(e: FocusEvent, done: (value: string) => void): void {
  const el = e.currentTarget as TextEntry;
  if (movedByUser(el)) {
    done(el.value);
    return;
  }
  const { selectionStart, selectionEnd } = el;
  // after the re-render or the host's focus call (a microtask runs before the next keystroke is handled)
  queueMicrotask(() => {
    const active = document.activeElement;
    if (active === el) return;
    if (el.isConnected) {
      el.focus({ preventScroll: true });
      el.setSelectionRange(selectionStart, selectionEnd);
    } else {
      done(el.value);
    }
  });
}
