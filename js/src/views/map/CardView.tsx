// One card: its text (edited in place), evidence, actions and pointer drag (its keys: gridKeys.ts).
import { useComputed } from "@preact/signals";
import { useContext, useLayoutEffect, useRef } from "preact/hooks";
import type { Card } from "../../model/types";
import { memo } from "../memo";
import { cardMatches } from "./cardFilter";
import { startCardDrag } from "./dnd";
import { EditorContext } from "./editor";
import { editorBlur } from "./keepFocus";

const EVIDENCE_LABEL: Record<string, string> = {
  observed: "Observed",
  reported: "Reported",
  data: "Data",
  inferred: "Inferred",
  hypothesis: "Hypothesis",
};

const EDITING = 1;
const SELECTED = 2;
const PICKED = 4;
const DRAGGED = 8;
const TAB_STOP = 16;
const MATCH = 32;
const UNMATCHED = 64;

function CardEditor({ card, onDone }: { card: Card; onDone: (text: string | null) => void }) {
  const editor = useContext(EditorContext)!;
  const ref = useRef<HTMLTextAreaElement>(null);
  // an editor closes once: Enter, Escape, the user moving away, or its removal after another editor opened
  const closed = useRef(false);
  const close = (text: string | null) => {
    if (closed.current) return;
    closed.current = true;
    onDone(text);
  };
  const initial = useRef<string | null>(null);
  if (initial.current === null) initial.current = editor.takeDraft(card.id) ?? card.text;
  // a layout effect: the editor has the focus before the next key is handled
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.focus();
    el.select();
    return () => {
      if (closed.current) return;
      const stillOpen = editor.editing.value?.kind === "card" && editor.editing.value.id === card.id;
      if (stillOpen) {
        // a re-render took the editor away (the card moved, or left the view for a moment): the card's next
        // editor opens with this text; nothing is closed, so the blur of the removal must not close it either
        closed.current = true;
        editor.keepDraft(card.id, el.value);
      } else close(el.value); // another editor opened: this one's text is kept, or its empty new card goes
    };
  }, []);
  return (
    <textarea
      ref={ref}
      class="jw-card-input"
      aria-label="Card text"
      defaultValue={initial.current}
      rows={Math.max(2, initial.current.split("\n").length)}
      onKeyDown={(e) => {
        e.stopPropagation();
        if (e.key === "Escape") close(null);
        else if (e.key === "Enter" && !e.shiftKey) {
          e.preventDefault();
          close(e.currentTarget.value);
        }
      }}
      onBlur={(e) => editorBlur(e, close)}
    />
  );
}

/** A card re-renders only when it changes or its own selected/editing/moving state does. */
export const CardView = memo(function CardView({ card }: { card: Card }) {
  const editor = useContext(EditorContext)!;
  const ref = useRef<HTMLDivElement>(null);
  const editable = editor.editable.value;
  // one small number for this card's state, so the card re-renders only when its own state changes
  const state = useComputed(
    () =>
      (editor.editing.value?.kind === "card" && editor.editing.value.id === card.id ? EDITING : 0) |
      (editor.selection.value.card === card.id ? SELECTED : 0) |
      (editor.pickedUp.value?.card === card.id ? PICKED : 0) |
      (editor.dragging.value?.card === card.id ? DRAGGED : 0) |
      (editor.isTabStop({ kind: "card", id: card.id }) ? TAB_STOP : 0) |
      (editor.filter.value.trim() === ""
        ? 0
        : cardMatches(card, editor.filter.value, EVIDENCE_LABEL[card.evidence])
          ? MATCH
          : UNMATCHED),
  ).value;
  const editing = (state & EDITING) !== 0;
  const selected = (state & SELECTED) !== 0;
  const picked = (state & PICKED) !== 0;
  const dragged = (state & DRAGGED) !== 0;
  const evidence = EVIDENCE_LABEL[card.evidence];
  const finish = (text: string | null) => {
    const open = editor.editing.value?.kind === "card" && editor.editing.value.id === card.id;
    if (open) editor.editing.value = null;
    editor.finishCardText(card.id, text);
    if (open) ref.current?.focus();
  };
  const startEditing = () => {
    if (editable) editor.editing.value = { kind: "card", id: card.id };
  };
  const classes = [
    "jw-card",
    selected && "jw-selected",
    picked && "jw-picked",
    dragged && "jw-dragging",
    state & MATCH && "jw-match",
    state & UNMATCHED && "jw-unmatched",
  ];
  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: the map grid handles every card's keys (gridKeys.ts)
    <div
      ref={ref}
      role="group"
      class={classes.filter(Boolean).join(" ")}
      data-card-id={card.id}
      data-evidence={card.evidence}
      tabIndex={state & TAB_STOP ? 0 : -1}
      aria-roledescription={editable ? "movable card" : "card"}
      aria-label={card.text || "Untitled card"}
      aria-describedby={editable ? `${editor.uid}-card-help` : undefined}
      onFocus={(e) => e.target === e.currentTarget && editor.selectCard(card.id)}
      onClick={() => editor.selectCard(card.id)}
      onDblClick={startEditing}
      onPointerDown={(e) => {
        const target = e.target as HTMLElement;
        if (editing || target.closest("button, textarea, input, select")) return;
        const root = ref.current?.closest<HTMLElement>(".jw-root");
        if (root && ref.current) startCardDrag(editor, e, ref.current, root);
      }}
    >
      {editing ? (
        <CardEditor card={card} onDone={finish} />
      ) : (
        <span class={card.text ? "jw-card-text" : "jw-card-text jw-placeholder"}>
          {card.text || "Untitled"}
        </span>
      )}
      {!editing && (evidence || card.tags.length > 0) && (
        <span class="jw-card-meta">
          {evidence && (
            <span class="jw-evidence" title={`Evidence: ${evidence}`}>
              {evidence}
            </span>
          )}
          {card.tags.map((tag) => (
            <span key={tag} class="jw-tag">
              #{tag}
            </span>
          ))}
        </span>
      )}
      {editable && selected && !editing && (
        <span class="jw-card-actions">
          <button
            type="button"
            class="jw-icon-button"
            tabIndex={-1}
            aria-label={`Edit card "${card.text || "untitled"}"`}
            title="Edit (F2)"
            onClick={startEditing}
          >
            ✎
          </button>
          <button
            type="button"
            class="jw-icon-button"
            tabIndex={-1}
            aria-label={`Delete card "${card.text || "untitled"}"`}
            title="Delete (Del)"
            onClick={() => editor.removeCard(card.id, true)}
          >
            ×
          </button>
        </span>
      )}
    </div>
  );
});
