// The cards' mouse and pointer handlers, on the grid once rather than on each of its hundreds of cards:
// a click selects the card under it, a double click edits it, a pointer press may start a drag, and a
// card that takes the focus becomes the selection.
import { startCardDrag } from "./dnd";
import type { MapEditor } from "./editor";

/** The card element an event happened in (its own element, not the ghost of a drag). */
function cardElement(target: EventTarget | null): HTMLElement | null {
  return target instanceof Element ? target.closest<HTMLElement>(".jw-card[data-card-id]") : null;
}

const isControl = (target: EventTarget | null): boolean =>
  target instanceof Element && target.closest("button, textarea, input, select") !== null;

const editingCard = (editor: MapEditor, id: string): boolean =>
  editor.editing.value?.kind === "card" && editor.editing.value.id === id;

/** Handlers to spread on the element that holds the cards. */
export function cardHandlers(editor: MapEditor) {
  return {
    onClick(e: MouseEvent) {
      const card = cardElement(e.target);
      if (card) editor.selectCard(card.dataset.cardId!);
    },
    onDblClick(e: MouseEvent) {
      const card = cardElement(e.target);
      if (!card || !editor.editable.value || isControl(e.target)) return;
      const id = card.dataset.cardId!;
      if (!editingCard(editor, id)) editor.editing.value = { kind: "card", id };
    },
    onPointerDown(e: PointerEvent) {
      const card = cardElement(e.target);
      if (!card || isControl(e.target) || editingCard(editor, card.dataset.cardId!)) return;
      const root = card.closest<HTMLElement>(".jw-root");
      if (root) startCardDrag(editor, e, card, root);
    },
    /** a card that itself takes the focus (Tab, a click, the arrow keys) is selected */
    focusCard(e: FocusEvent) {
      const card = cardElement(e.target);
      if (card && card === e.target) editor.selectCard(card.dataset.cardId!);
    },
  };
}
