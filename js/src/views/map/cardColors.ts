// A card's own colour (a sticky note's): the colours the map offers (from fields.json, shared with the
// Python picture), their names, and setting or cycling a card's colour as one edit.
import { card_colors, card_tint } from "../../../../src/journeywidgets/model/fields.json";
import type { MapEditor } from "./editor";

/** The offered colours in order, "" (the lane kind's colour) first. */
export const CARD_COLORS: readonly { name: string; value: string }[] = [
  { name: "Lane colour", value: "" },
  ...Object.entries(card_colors as Record<string, string>).map(([name, value]) => ({ name, value })),
];

/** How much of a card's colour is mixed into its background (as the Python picture does). */
export const CARD_TINT_PERCENT = Math.round(card_tint * 100);

/** A colour's name for people: an offered colour's name, else the value itself. */
export function colorName(value: string): string {
  return CARD_COLORS.find((c) => c.value.toLowerCase() === value.toLowerCase())?.name ?? value;
}

/** Give a card a colour ("" for its lane's); announced, undoable like every edit. */
export function setCardColor(editor: MapEditor, cardId: string, color: string): boolean {
  const card = editor.doc.value.cards.find((c) => c.id === cardId);
  if (!card || card.color === color) return false;
  if (!editor.submit({ op: "update_card", id: cardId, changes: { color } })) return false;
  editor.announce(`Card colour: ${colorName(color).toLowerCase()}.`);
  return true;
}

/** The next (or previous) offered colour after a card's (the K key). */
export function cycleCardColor(editor: MapEditor, cardId: string, delta: 1 | -1): boolean {
  const card = editor.doc.value.cards.find((c) => c.id === cardId);
  if (!card) return false;
  const at = CARD_COLORS.findIndex((c) => c.value.toLowerCase() === card.color.toLowerCase());
  const next = CARD_COLORS[(at + delta + CARD_COLORS.length) % CARD_COLORS.length]!;
  return setCardColor(editor, cardId, next.value);
}
