// What the map tells the user: screen-reader announcements, keyboard help, and rejected edits.
import { useContext, useEffect } from "preact/hooks";
import { EditorContext } from "./editor";

const REJECTION_MS = 8000;

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
      <p id={`${editor.uid}-card-help`} class="jw-sr-only">
        Press Space or Enter to pick up the card and the arrow keys to move it; F2 edits its text; Delete
        removes it.
      </p>
      {rejection && (
        <div class="jw-toast" role="alert">
          <span>
            That edit could not be applied and was undone:{" "}
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
