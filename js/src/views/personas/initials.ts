// A persona's initials for its avatar: from the name before any comma or dash ("Maya, the busy
// professional" is "M"; "Raj Patel — power user" is "RP"), skipping small words ("the", "a", "of").

const SMALL_WORDS = new Set(["a", "an", "the", "of", "and", "de", "la", "le", "von", "van", "der"]);

/** Up to two letters for an avatar: the first letters of the first and last words of the name proper. */
export function initials(name: string): string {
  const proper = name.split(/[,;:()|]|\s[-–—]\s/u).find((part) => part.trim() !== "") ?? "";
  const words = proper
    .split(/\s+/u)
    .map((w) => w.replace(/^[^\p{L}\p{N}]+/u, ""))
    .filter((w) => w && !SMALL_WORDS.has(w.toLowerCase()));
  if (words.length === 0) return [...name.trim()][0]?.toUpperCase() ?? "?";
  const letters = [words[0]!, ...(words.length > 1 ? [words[words.length - 1]!] : [])];
  return letters.map((w) => [...w][0]!.toUpperCase()).join("");
}
