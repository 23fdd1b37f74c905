// What the map tells the user: screen-reader announcements, keyboard help, and rejected edits.
import { useContext, useEffect } from "preact/hooks";
import { EditorContext } from "./editor";

const REJECTION_MS = 8000;
/** How long the "Undo" toast of a deletion stays (ms). */
export const UNDO_TOAST_MS = 8000;

function UndoToast() {
  const editor = useContext(EditorContext)!;
  const offer = editor.undoable.value;
  useEffect(() => {
    if (!offer) return;
    const timer = setTimeout(() => {
      if (editor.undoable.value === offer) editor.undoable.value = null;
    }, UNDO_TOAST_MS);
    return () => clearTimeout(timer);
  }, [offer, editor]);
  if (!offer) return null;
  return (
    <div class="jw-toast jw-undo-toast" role="status">
      <span>{offer.message}</span>
      <button type="button" class="jw-button" onClick={() => editor.undoFromToast()}>
        Undo
      </button>
      <button
        type="button"
        class="jw-icon-button"
        aria-label="Dismiss"
        onClick={() => {
          editor.undoable.value = null;
          editor.focusRequest.value += 1;
        }}
      >
        ×
      </button>
    </div>
  );
}

/** A short message with no Undo (a suggestion that found nothing new); it goes by itself. */
function NoticeToast() {
  const editor = useContext(EditorContext)!;
  const notice = editor.notice.value;
  useEffect(() => {
    if (!notice) return;
    const timer = setTimeout(() => {
      if (editor.notice.value === notice) editor.notice.value = null;
    }, UNDO_TOAST_MS);
    return () => clearTimeout(timer);
  }, [notice, editor]);
  if (!notice) return null;
  return (
    <div class="jw-toast" role="status">
      <span>{notice}</span>
      <button type="button" class="jw-button" onClick={() => (editor.notice.value = null)}>
        Dismiss
      </button>
    </div>
  );
}

export function Feedback() {
  const editor = useContext(EditorContext)!;
  const rejection = editor.session.rejection.value;
  useEffect(() => {
    if (!rejection) return;
    const timer = setTimeout(() => {
      if (editor.session.rejection.value === rejection) editor.session.rejection.value = null;
    }, REJECTION_MS);
    return () => clearTimeout(timer);
  }, [rejection, editor]);
  return (
    <>
      <div class="jw-sr-only" aria-live="polite" aria-atomic="true">
        {editor.announcement.value}
      </div>
      <p id={`${editor.uid}-grid-help`} class="jw-sr-only">
        Arrow keys move between stages, lanes, cells and cards; Home and End go to the ends of a row; Escape
        leaves the map.
        {editor.editable.value &&
          " Enter or F2 edits a card or a name; Enter on a cell adds a card; Space picks up a card, stage, step or lane for the arrow keys to move; Delete deletes (Ctrl+Z undoes); K changes a card's colour; + adds a step to a stage."}
      </p>
      <p id={`${editor.uid}-card-help`} class="jw-sr-only">
        Press Space to pick up the card and the arrow keys to move it; Enter or F2 edits its text; K changes
        its colour; Delete removes it.
      </p>
      <p id={`${editor.uid}-header-help`} class="jw-sr-only">
        Enter or F2 renames; Space picks it up for the arrow keys to move; Delete deletes it and its cards
        (Ctrl+Z undoes).
      </p>
      <UndoToast />
      <NoticeToast />
      {rejection && (
        <div class="jw-toast" role="alert">
          <span>
            {rejection.action === "suggest"
              ? "No cards were suggested: "
              : "That edit could not be applied and was undone: "}
            <span class="jw-toast-reason">{rejection.message}</span>
          </span>
          <button type="button" class="jw-button" onClick={() => (editor.session.rejection.value = null)}>
            Dismiss
          </button>
        </div>
      )}
    </>
  );
}
