// The map's find box: which cards match its text (case- and accent-insensitive) in their text, tags,
// evidence, owner, channel or status.
import type { Card } from "../../model/types";

export const fold = (text: string): string =>
  text.normalize("NFD").replace(/\p{M}/gu, "").toLocaleLowerCase();

/** The words a card can be found by. */
export function cardWords(card: Card, evidenceLabel?: string): string {
  return fold(
    [card.text, ...card.tags, card.evidence, evidenceLabel ?? "", card.owner, card.channel, card.status].join(
      "\n",
    ),
  );
}

/** Whether a card matches a find text: every word of the query appears somewhere in the card's fields. */
export function cardMatches(card: Card, query: string, evidenceLabel?: string): boolean {
  const words = fold(query).split(/\s+/u).filter(Boolean);
  if (words.length === 0) return true;
  const haystack = cardWords(card, evidenceLabel);
  return words.every((w) => haystack.includes(w.replace(/^#/, "")));
}
