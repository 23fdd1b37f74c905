// One card: its text (edited in place), evidence and actions (its keys: gridKeys.ts; its mouse and pointer
// events: cardEvents.ts).
import { useContext, useLayoutEffect, useRef, useState } from "preact/hooks";
import type { Card } from "../../model/types";
import { memo } from "../memo";
import { CARD_COLORS, colorName, setCardColor } from "./cardColors";
import { DRAGGED, EDITING, EVIDENCE_LABEL, MATCH, PICKED, SELECTED, TAB_STOP, UNMATCHED } from "./cardStates";
import { EditorContext } from "./editor";
import { editorBlur } from "./keepFocus";

/** A card's text; a text of several lines shows its first line as the card's title (as findings from data do). */
function CardText({ text }: { text: string }) {
  if (!text) return <>Untitled</>;
  const cut = text.indexOf("\n");
  if (cut < 0) return <>{text}</>;
  return (
    <>
      <strong class="jw-card-title">{text.slice(0, cut)}</strong>
      {text.slice(cut)}
    </>
  );
}

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

/** The offered colours of a selected card, as swatches (the K key cycles through the same). */
function ColorPalette({ card, onDone }: { card: Card; onDone: () => void }) {
  const editor = useContext(EditorContext)!;
  return (
    <span class="jw-card-palette" role="group" aria-label="Card colour">
      {CARD_COLORS.map(({ name, value }) => (
        <button
          key={name}
          type="button"
          class={value ? "jw-swatch" : "jw-swatch jw-swatch-lane"}
          style={value ? { background: value } : undefined}
          tabIndex={-1}
          aria-label={name}
          aria-pressed={card.color.toLowerCase() === value.toLowerCase()}
          title={name}
          onClick={(e) => {
            e.stopPropagation();
            setCardColor(editor, card.id, value);
            onDone();
          }}
        />
      ))}
    </span>
  );
}

/** A card re-renders only when it changes or its own selected/editing/moving state does. */
export const CardView = memo(function CardView({ card }: { card: Card }) {
  const editor = useContext(EditorContext)!;
  const ref = useRef<HTMLDivElement>(null);
  const editable = editor.editable.value;
  // one small number for this card's state: the card re-renders only when its own state changes
  const state = editor.cardStates.of(card.id).value;
  const editing = (state & EDITING) !== 0;
  const selected = (state & SELECTED) !== 0;
  const picked = (state & PICKED) !== 0;
  const dragged = (state & DRAGGED) !== 0;
  const evidence = EVIDENCE_LABEL[card.evidence];
  const [choosingColor, setChoosingColor] = useState(false);
  const finish = (text: string | null) => {
    const open = editor.editing.value?.kind === "card" && editor.editing.value.id === card.id;
    if (open) editor.editing.value = null;
    editor.finishCardText(card.id, text);
    if (open) ref.current?.focus();
  };
  // (its click, double click, pointer press and focus are handled on the grid: cardEvents.ts)
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
    card.color && "jw-colored",
  ];
  return (
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
      style={card.color ? { "--jw-card-color": card.color } : undefined}
    >
      {editing ? (
        <CardEditor card={card} onDone={finish} />
      ) : (
        <span class={card.text ? "jw-card-text" : "jw-card-text jw-placeholder"}>
          <CardText text={card.text} />
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
      {editable && selected && !editing && choosingColor && (
        <ColorPalette card={card} onDone={() => setChoosingColor(false)} />
      )}
      {editable && selected && !editing && (
        <span class="jw-card-actions">
          <button
            type="button"
            class="jw-icon-button jw-color-button"
            tabIndex={-1}
            aria-label={`Colour of card "${card.text || "untitled"}": ${colorName(card.color).toLowerCase()}`}
            aria-expanded={choosingColor}
            title="Colour (K)"
            onClick={() => setChoosingColor(!choosingColor)}
          />
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
