// The text rule of fields.json (limits.text_forbidden), as the Python model applies it (tests/unit/test_text_rules.py).
import { describe, expect, it } from "vitest";
import { forbiddenCharacter, printable } from "./fields";

describe("forbiddenCharacter", () => {
  it("names the first forbidden character and where it is, counting code points as Python does", () => {
    expect(forbiddenCharacter("\u{1F600}\x00")).toBe("U+0000 (a control character) at character 2");
    expect(forbiddenCharacter("ab\uD83D")).toBe("U+D83D (a lone surrogate) at character 3");
    expect(forbiddenCharacter("\uDFFF")).toBe("U+DFFF (a lone surrogate) at character 1");
    expect(forbiddenCharacter("\uFFFE")).toBe("U+FFFE (a Unicode non-character) at character 1");
    expect(forbiddenCharacter("\u{10FFFF}")).toBe("U+10FFFF (a Unicode non-character) at character 1");
    expect(forbiddenCharacter("line\r\n")).toBe("U+000D (a control character) at character 5");
    for (const ch of ["\x08", "\x0b", "\x1f", "\x7f", "\x85", "\x9f", "\uFDD0", "\uFDEF", "\u{1FFFE}"]) {
      expect(forbiddenCharacter(ch), ch.codePointAt(0)?.toString(16)).not.toBeNull();
    }
  });

  it("keeps tab, newline, emoji (a surrogate pair), separators and private use", () => {
    expect(
      forbiddenCharacter("tab\tnew\nline \u{1F600} \u2028 \u200B \uE000 \uFDCF \uFDF0 \uFFFD \u{10FFFD}"),
    ).toBeNull();
  });
});

describe("printable", () => {
  it("escapes only the forbidden characters", () => {
    expect(printable("a\x00\uD83D\u{10FFFF}é")).toBe("a\\u0000\\ud83d\\u10ffffé");
  });
});
