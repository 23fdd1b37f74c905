// The edit session: optimistic edits, confirmation through `_acks`, rollback of rejected edits.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { applyOp } from "../model/ops";
import type { JourneyDoc, Op } from "../model/types";
import { fakeModel } from "../test/fakeModel";
import { EditSession } from "./session";

const here = path.dirname(fileURLToPath(import.meta.url));
const base = JSON.parse(
  readFileSync(path.join(here, "../../../tests/vectors/base.json"), "utf-8"),
) as JourneyDoc;

/** Python's side of the protocol: apply each op and announce it with a change message. */
function python(model: ReturnType<typeof fakeModel>, ops: Op[], ack?: [string, number]) {
  for (const op of ops) {
    const revision = Number(model.get("python_revision") ?? 0);
    model.set("python_revision", revision + 1);
    model.set("python_doc", applyOp((model.get("python_doc") ?? base) as JourneyDoc, op)[0]);
    const acks = ack ? { [ack[0]]: ack[1] } : {};
    model.emit({ type: "change", base: revision, revision: revision + 1, op, acks });
  }
}

/** Python's full sync: the whole document with its revision and acks. */
function fullSync(model: ReturnType<typeof fakeModel>, acks: Record<string, number> = {}) {
  model.set("revision", model.get("python_revision"));
  model.set("_acks", acks);
  model.push("_document", model.get("python_doc"));
}

const setup = () => {
  const model = fakeModel({ _document: base, revision: 0, _acks: {} });
  const session = new EditSession(model, "view-a");
  return { model, session };
};

const cardText = (doc: JourneyDoc, id: string) => doc.cards.find((c) => c.id === id)?.text;

describe("EditSession", () => {
  it("applies an edit at once and sends it with its base revision", () => {
    const { model, session } = setup();
    const op = { op: "update_card", id: "c1", changes: { text: "Searches twice" } };
    expect(session.submit(op)).toBe(true);
    expect(cardText(session.view.value, "c1")).toBe("Searches twice");
    expect(model.sent).toEqual([{ type: "edit", client: "view-a", seq: 1, base_revision: 0, op }]);
    expect(session.pendingCount).toBe(1);
  });

  it("drops a pending edit when the document that contains it arrives", () => {
    const { model, session } = setup();
    const op = { op: "add_card", id: "c9", lane_id: "doing", stage_id: "s2", text: "new" };
    session.submit(op);
    python(model, [op], ["view-a", 1]);
    expect(session.pendingCount).toBe(0);
    expect(session.view.value.cards.filter((c) => c.id === "c9")).toHaveLength(1);
  });

  it("keeps an acknowledged edit shown while a change it cannot place waits for the full document", () => {
    const { model, session } = setup();
    const add = { op: "add_card", id: "c9", lane_id: "doing", stage_id: "s2", text: "" };
    session.submit(add);
    // a change based on a revision this view never saw (it missed one), acknowledging our add
    model.emit({ type: "change", base: 5, revision: 6, op: add, acks: { "view-a": 1 } });
    expect(session.view.value.cards.filter((c) => c.id === "c9")).toHaveLength(1); // not gone meanwhile
    expect(session.pendingCount).toBe(1);
    python(model, [add], ["view-a", 1]); // (this view is past caring: the full document puts it right)
    fullSync(model, { "view-a": 1 });
    expect(session.pendingCount).toBe(0);
    expect(session.view.value.cards.filter((c) => c.id === "c9")).toHaveLength(1);
  });

  it("does not re-render when Python confirms its own edit", () => {
    const { model, session } = setup();
    const op = { op: "update_card", id: "c1", changes: { text: "mine" } };
    session.submit(op);
    const shown = session.view.value;
    python(model, [op], ["view-a", 1]);
    expect(session.view.value).toBe(shown);
    expect(session.revision.value).toBe(1);
    expect(session.pendingCount).toBe(0);
  });

  it("keeps its pending edits on top of a Python edit made meanwhile: both survive", () => {
    const { model, session } = setup();
    session.submit({ op: "update_card", id: "c1", changes: { text: "from the browser" } });
    python(model, [{ op: "add_card", id: "py1", lane_id: "pains", stage_id: "s2", text: "from Python" }]);
    expect(cardText(session.view.value, "c1")).toBe("from the browser");
    expect(cardText(session.view.value, "py1")).toBe("from Python");
    expect(session.pendingCount).toBe(1);
  });

  it("rolls back a rejected edit and says why", () => {
    const { model, session } = setup();
    session.submit({ op: "update_card", id: "c1", changes: { text: "doomed" } });
    model.emit({
      type: "rejected",
      client: "view-a",
      seq: 1,
      error: { code: "not_found", message: "no card with id 'c1'" },
    });
    expect(cardText(session.view.value, "c1")).toBe("Searches");
    expect(session.rejection.value).toEqual({ seq: 1, message: "no card with id 'c1'", code: "not_found" });
    expect(session.pendingCount).toBe(0);
  });

  it("ignores rejections meant for another view", () => {
    const { model, session } = setup();
    session.submit({ op: "update_card", id: "c1", changes: { text: "mine" } });
    model.emit({ type: "rejected", client: "view-b", seq: 1, error: { message: "not yours" } });
    expect(cardText(session.view.value, "c1")).toBe("mine");
    expect(session.rejection.value).toBeNull();
  });

  it("refuses an edit that is invalid here without sending it", () => {
    const { model, session } = setup();
    expect(session.submit({ op: "remove_card", id: "nope" })).toBe(false);
    expect(model.sent).toEqual([]);
    expect(session.rejection.value?.message).toContain("no card with id 'nope'");
  });

  it("sends undo and redo for Python to apply", () => {
    const { model, session } = setup();
    session.history("undo");
    expect(model.sent).toEqual([
      { type: "edit", client: "view-a", seq: 1, base_revision: 0, action: "undo" },
    ]);
  });

  it("settles a suggestion when Python's notice comes, even one that changed nothing", () => {
    const { model, session } = setup();
    session.suggest();
    expect(model.sent).toEqual([
      { type: "edit", client: "view-a", seq: 1, base_revision: 0, action: "suggest" },
    ]);
    expect(session.pendingCount).toBe(1);
    model.emit({ type: "notice", client: "view-b", seq: 1, added: 0 });
    expect(session.pendingCount).toBe(1); // another view's answer
    model.emit({ type: "notice", client: "view-a", seq: 1, added: 0 });
    expect(session.pendingCount).toBe(0);
    expect(session.notice.value).toEqual({ seq: 1, added: 0 });
  });

  it("ignores a change it cannot place and heals with the full document", () => {
    const { model, session } = setup();
    python(model, [{ op: "update_journey", changes: { title: "One" } }]);
    model.emit({
      type: "change",
      base: 7,
      revision: 8,
      op: { op: "update_journey", changes: { title: "Lost" } },
      acks: {},
    });
    expect(session.view.value.title).toBe("One");
    python(model, [{ op: "update_journey", changes: { title: "Two" } }]);
    fullSync(model);
    expect(session.view.value.title).toBe("Two");
    expect(session.revision.value).toBe(2);
  });

  it("does not go back to an older full document", () => {
    const { model, session } = setup();
    python(model, [{ op: "update_journey", changes: { title: "Newer" } }]);
    model.set("revision", 0);
    model.push("_document", base);
    expect(session.view.value.title).toBe("Newer");
  });

  it("stops listening when disposed", () => {
    const { model, session } = setup();
    session.dispose();
    python(model, [{ op: "update_journey", changes: { title: "Later" } }]);
    expect(session.view.value.title).toBe("Vector journey");
  });
});
