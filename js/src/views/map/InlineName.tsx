// A name that can be renamed in place (double-click, F2 or the rename button): stages, steps and lanes.
import { useContext, useLayoutEffect, useRef } from "preact/hooks";
import { EditorContext } from "./editor";
import { editorBlur } from "./keepFocus";

export function InlineName({
  kind,
  id,
  name,
  class: className,
}: {
  kind: "stage" | "lane" | "step";
  id: string;
  name: string;
  class: string;
}) {
  const editor = useContext(EditorContext)!;
  const input = useRef<HTMLInputElement>(null);
  const editing = editor.editing.value?.kind === kind && editor.editing.value.id === id;
  // a layout effect: the field has the focus before the next key is handled (typing right after + Stage)
  useLayoutEffect(() => {
    if (editing) {
      input.current?.focus();
      input.current?.select();
    }
  }, [editing]);
  if (!editing) {
    const startEditing = () => {
      if (editor.editable.value) editor.editing.value = { kind, id };
    };
    return (
      // biome-ignore lint/a11y/noStaticElementInteractions: double-click is a shortcut; the Rename button is the keyboard path
      <span class={className} onDblClick={startEditing}>
        {name}
      </span>
    );
  }
  const done = (value: string | null) => {
    if (editor.editing.value?.id !== id) return;
    editor.editing.value = null;
    editor.finishRename(kind, id, value);
  };
  return (
    <input
      ref={input}
      class={`jw-name-input ${className}`}
      aria-label={`${kind} name`}
      defaultValue={name}
      onKeyDown={(e) => {
        e.stopPropagation();
        if (e.key === "Escape") done(null);
        else if (e.key === "Enter") done(e.currentTarget.value);
      }}
      onBlur={(e) => editorBlur(e, done)}
    />
  );
}

/** The small buttons shown on a stage, step or lane header in edit mode (the keys do the same: gridKeys.ts). */
export function HeaderActions({
  kind,
  id,
  name,
  first,
  last,
  vertical,
  onAddStep,
}: {
  kind: "stage" | "lane" | "step";
  id: string;
  name: string;
  first: boolean;
  last: boolean;
  vertical: boolean;
  /** a stage's "add a step" action */
  onAddStep?: () => void;
}) {
  const editor = useContext(EditorContext)!;
  if (!editor.editable.value) return null;
  const [back, forward] = vertical ? ["up", "down"] : ["left", "right"];
  return (
    <span class="jw-header-actions">
      <button
        type="button"
        class="jw-icon-button"
        tabIndex={-1}
        aria-label={`Rename ${kind} "${name}"`}
        title="Rename (F2)"
        onClick={() => {
          editor.editing.value = { kind, id };
        }}
      >
        ✎
      </button>
      {onAddStep && (
        <button
          type="button"
          class="jw-icon-button"
          tabIndex={-1}
          aria-label={`Add a step to stage "${name}"`}
          title="Add a step (+)"
          onClick={onAddStep}
        >
          +
        </button>
      )}
      <button
        type="button"
        class="jw-icon-button"
        tabIndex={-1}
        aria-label={`Move ${kind} "${name}" ${back}`}
        title={`Move ${back} (Space, then the arrow keys)`}
        disabled={first}
        onClick={() => editor.shift(kind, id, -1)}
      >
        {vertical ? "↑" : "←"}
      </button>
      <button
        type="button"
        class="jw-icon-button"
        tabIndex={-1}
        aria-label={`Move ${kind} "${name}" ${forward}`}
        title={`Move ${forward} (Space, then the arrow keys)`}
        disabled={last}
        onClick={() => editor.shift(kind, id, 1)}
      >
        {vertical ? "↓" : "→"}
      </button>
      <button
        type="button"
        class="jw-icon-button jw-danger"
        tabIndex={-1}
        aria-label={`Delete ${kind} "${name}"`}
        title="Delete (Del); Undo brings it back"
        onClick={() => editor.remove(kind, id)}
      >
        ×
      </button>
    </span>
  );
}
