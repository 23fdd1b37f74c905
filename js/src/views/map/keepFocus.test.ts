// An in-place editor keeps the focus through a re-render that moves it, and lets go when the user moves away.
import { afterEach, describe, expect, it, vi } from "vitest";
import { editorBlur } from "./keepFocus";

function editor() {
  const list = document.createElement("div");
  const before = document.createElement("div");
  const input = document.createElement("textarea");
  list.append(before, input);
  document.body.append(list);
  input.value = "br 1";
  input.focus();
  input.setSelectionRange(4, 4);
  const done = vi.fn();
  input.addEventListener("blur", (e) => editorBlur(e, done));
  return { list, before, input, done };
}

afterEach(() => {
  document.body.innerHTML = "";
  vi.useRealTimers();
});

describe("editorBlur", () => {
  it("takes the focus back when a re-render moves the editor (no user action)", async () => {
    const { list, before, input, done } = editor();
    await new Promise((r) => setTimeout(r, 600)); // no recent press
    list.insertBefore(input, before); // what a keyed reorder does; Chrome then blurs the node:
    (document.activeElement as HTMLElement | null)?.blur();
    input.dispatchEvent(new FocusEvent("blur"));
    await new Promise((r) => setTimeout(r, 0));
    expect(document.activeElement).toBe(input);
    expect(input.selectionStart).toBe(4);
    expect(done).not.toHaveBeenCalled();
  });

  it("keeps the focus when the press that opened the editor is recent", async () => {
    document.dispatchEvent(new Event("pointerdown")); // the click on "+"
    const { list, before, input, done } = editor(); // then the editor opens, focused
    list.insertBefore(input, before);
    (document.activeElement as HTMLElement | null)?.blur();
    input.dispatchEvent(new FocusEvent("blur"));
    await new Promise((r) => setTimeout(r, 0));
    expect(document.activeElement).toBe(input);
    expect(done).not.toHaveBeenCalled();
  });

  it("takes the focus back from the host page when the user did nothing", async () => {
    const { input, done } = editor();
    await new Promise((r) => setTimeout(r, 600));
    const notebook = document.createElement("div");
    notebook.tabIndex = -1;
    document.body.append(notebook);
    notebook.focus(); // what JupyterLab does after a click in an output
    input.dispatchEvent(new FocusEvent("blur", { relatedTarget: notebook }));
    await new Promise((r) => setTimeout(r, 0));
    expect(document.activeElement).toBe(input);
    expect(done).not.toHaveBeenCalled();
  });

  it("finishes when the user clicks elsewhere or tabs away", async () => {
    const { input, done } = editor();
    document.dispatchEvent(new Event("pointerdown"));
    input.blur();
    expect(done).toHaveBeenCalledWith("br 1");
  });

  it("finishes when the editor is removed", async () => {
    const { list, input, done } = editor();
    await new Promise((r) => setTimeout(r, 600));
    list.remove();
    input.dispatchEvent(new FocusEvent("blur"));
    await new Promise((r) => setTimeout(r, 0));
    expect(done).toHaveBeenCalledWith("br 1");
  });
});
