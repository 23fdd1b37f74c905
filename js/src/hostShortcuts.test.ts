// Plain keys in our views are kept from the host's shortcuts; keys with a modifier, or outside, are not.
import { afterEach, describe, expect, it } from "vitest";
import { isOwnPlainKey, keepPlainKeysInViews } from "./hostShortcuts";

afterEach(() => {
  document.body.innerHTML = "";
});

function press(target: Element, init: KeyboardEventInit): string | null {
  let seen: string | null = "not dispatched";
  // the host listens on the document, after our listener on the window (both in the capture phase)
  const host = () => {
    seen = target.getAttribute("data-lm-suppress-shortcuts");
  };
  document.addEventListener("keydown", host, true);
  target.dispatchEvent(new KeyboardEvent("keydown", { bubbles: true, ...init }));
  document.removeEventListener("keydown", host, true);
  return seen;
}

describe("keepPlainKeysInViews", () => {
  it("marks the key's target while a plain key is dispatched, then unmarks it", async () => {
    keepPlainKeysInViews();
    document.body.innerHTML = '<div class="jw-root"><div class="card" tabindex="0"></div></div><p></p>';
    const card = document.querySelector(".card")!;
    expect(press(card, { key: "ArrowRight" })).toBe("true");
    expect(press(card, { key: "Enter" })).toBe("true");
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(card.hasAttribute("data-lm-suppress-shortcuts")).toBe(false);
  });

  it("leaves the host's shortcuts with a modifier, and keys outside our views, alone", () => {
    keepPlainKeysInViews();
    document.body.innerHTML = '<div class="jw-root"><div class="card"></div></div><p class="cell"></p>';
    const card = document.querySelector(".card")!;
    expect(press(card, { key: "s", ctrlKey: true })).toBeNull();
    expect(press(card, { key: "z", metaKey: true })).toBeNull();
    const outside = new KeyboardEvent("keydown", { key: "ArrowDown" });
    Object.defineProperty(outside, "target", { value: document.querySelector(".cell") });
    expect(isOwnPlainKey(outside)).toBe(false);
  });
});

describe("the map's undo and redo keys", () => {
  it("are the map's on the map, and the text field's or the host's elsewhere", () => {
    keepPlainKeysInViews();
    document.body.innerHTML =
      '<div class="jw-root"><section class="jw-map"><div class="card" tabindex="0"></div><textarea></textarea></section>' +
      '<div class="jw-funnel" tabindex="0"></div></div>';
    const card = document.querySelector(".card")!;
    expect(press(card, { key: "z", ctrlKey: true })).toBe("true");
    expect(press(card, { key: "Z", ctrlKey: true, shiftKey: true })).toBe("true");
    expect(press(card, { key: "y", metaKey: true })).toBe("true");
    expect(press(document.querySelector("textarea")!, { key: "z", ctrlKey: true })).toBeNull();
    expect(press(document.querySelector(".jw-funnel")!, { key: "z", ctrlKey: true })).toBeNull();
  });
});
