// Plain keys pressed in our views are the views': JupyterLab and Notebook 7 bind single keys in a notebook's
// command mode (arrows, Enter, letters) and handle them before a widget in an output sees them. For a key
// without Ctrl, Alt or Meta whose target is in one of our views, the target carries Lumino's
// `data-lm-suppress-shortcuts` while the event is dispatched (Lumino checks it from the target up and stops
// at the first element a binding's selector matches: the focused element itself matches `... :focus`);
// the host's shortcuts with a modifier (save, run...) still work, except the map's own undo and redo
// (Ctrl/Cmd+Z, Ctrl/Cmd+Shift+Z, Ctrl/Cmd+Y) pressed on the map outside a text field; keys pressed outside
// our views are untouched.

const ROOT = ".jw-root";
const SUPPRESS = "data-lm-suppress-shortcuts";
let installed = false;

const TEXT_ENTRY = "input, textarea, select, [contenteditable]";

/** The map's undo and redo keys, pressed on the map but not in a text field (which has its own undo). */
const isMapHistoryKey = (e: KeyboardEvent, target: Element): boolean =>
  (e.ctrlKey || e.metaKey) &&
  !e.altKey &&
  ["z", "y"].includes(e.key.toLowerCase()) &&
  !!target.closest(".jw-map") &&
  !target.closest(TEXT_ENTRY);

/** Whether a keydown inside one of our views is ours, not the host's: a plain key, or the map's undo/redo. */
export function isOwnPlainKey(e: KeyboardEvent): boolean {
  if (!(e.target instanceof Element) || !e.target.closest(ROOT)) return false;
  return !(e.ctrlKey || e.metaKey || e.altKey) || isMapHistoryKey(e, e.target);
}

/** Listen (once per page, before the host's shortcut handling) and mark the target of our own plain keys. */
export function keepPlainKeysInViews(): void {
  if (installed || typeof window === "undefined") return;
  installed = true;
  window.addEventListener(
    "keydown",
    (e) => {
      if (!isOwnPlainKey(e)) return;
      const target = e.target as Element;
      if (target.hasAttribute(SUPPRESS)) return; // marked by its own code, for good
      target.setAttribute(SUPPRESS, "true");
      setTimeout(() => target.removeAttribute(SUPPRESS), 0); // after this event's dispatch
    },
    true,
  );
}
