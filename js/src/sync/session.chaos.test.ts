// Chaos test of the edit session: two views and Python, with Python's messages to each view delayed,
// reordered, duplicated and dropped, the views' edits delivered to Python at least once, and the full
// document arriving late (and stale copies of it at random). For many seeded random runs, every view
// must end with exactly Python's document, nothing pending. Python is played by the same operations
// (the shared vectors keep them equal to Python's), with Python's rules: each (client, seq) applied at
// most once, a rejected edit acknowledged, a full sync carrying the document, its revision and the acks.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { applyOp } from "../model/ops";
import type { JourneyDoc, Op } from "../model/types";
import { type FakeModel, fakeModel } from "../test/fakeModel";
import { type Random, random } from "../test/random";
import { EditSession } from "./session";

const here = path.dirname(fileURLToPath(import.meta.url));
const base = JSON.parse(
  readFileSync(path.join(here, "../../../tests/vectors/base.json"), "utf-8"),
) as JourneyDoc;

type Message = Record<string, unknown>;

interface Snapshot {
  doc: JourneyDoc;
  revision: number;
  acks: Record<string, number>;
}

/** Python's side: the authority. Applies edits once, rejects what its rules refuse, announces every change. */
class Python {
  doc: JourneyDoc = base;
  revision = 0;
  acks: Record<string, number> = {};
  private last: Record<string, number> = {};
  readonly inboxes: Message[][] = [];

  private broadcast(message: Message): void {
    for (const inbox of this.inboxes) inbox.push(message);
  }

  private apply(op: Op): boolean {
    try {
      [this.doc] = applyOp(this.doc, op);
    } catch {
      return false;
    }
    this.revision += 1;
    return true;
  }

  receive(edit: Message): void {
    const client = String(edit.client);
    const seq = Number(edit.seq);
    if (seq <= (this.last[client] ?? 0)) {
      this.broadcast({ type: "duplicate", client, seq });
      return;
    }
    this.last[client] = seq;
    const op = edit.op as Op;
    // a rule only Python knows: the browser cannot tell this edit will be refused
    const applied = !JSON.stringify(op).includes("forbidden") && this.apply(op);
    this.acks = { ...this.acks, [client]: seq };
    if (!applied) {
      this.broadcast({ type: "rejected", client, seq, error: { code: "invalid", message: "refused" } });
      return;
    }
    this.broadcast({ type: "change", base: this.revision - 1, revision: this.revision, op, acks: this.acks });
  }

  edit(op: Op): void {
    if (this.apply(op)) {
      this.broadcast({
        type: "change",
        base: this.revision - 1,
        revision: this.revision,
        op,
        acks: this.acks,
      });
    }
  }

  snapshot(): Snapshot {
    return { doc: this.doc, revision: this.revision, acks: { ...this.acks } };
  }
}

/** One view (a page) and its unreliable link from Python. */
class Page {
  readonly model: FakeModel;
  readonly session: EditSession;
  readonly inbox: Message[] = [];
  delivered = 0; // how many of the view's sent edits reached Python
  private lastRevision = 0;

  constructor(client: string) {
    this.model = fakeModel({ _document: base, revision: 0, _acks: {} });
    this.session = new EditSession(this.model, client);
  }

  receive(message: Message): void {
    this.model.emit(message);
    this.check();
  }

  fullDocument(snapshot: Snapshot): void {
    this.model.push("revision", snapshot.revision);
    this.model.push("_acks", snapshot.acks);
    this.model.push("_document", snapshot.doc);
    this.check();
  }

  private check(): void {
    expect(this.session.revision.value).toBeGreaterThanOrEqual(this.lastRevision); // never goes back
    this.lastRevision = this.session.revision.value;
  }
}

let fresh = 0;

/** An edit that is (mostly) valid on `doc`: add, change, move or remove a card. */
function randomOp(rng: Random, doc: JourneyDoc): Op {
  const lanes = doc.lanes.map((l) => l.id);
  const stages = doc.stages.map((s) => s.id);
  const cards = doc.cards.map((c) => c.id);
  const kind = cards.length === 0 ? 0 : rng.int(5);
  if (kind <= 1) {
    fresh += 1;
    const text = rng.int(8) === 0 ? "forbidden" : `new ${fresh}`;
    const index = rng.int(3) === 0 ? null : rng.int(4);
    return {
      op: "add_card",
      id: `n${fresh}`,
      lane_id: rng.pick(lanes),
      stage_id: rng.pick(stages),
      text,
      index,
    };
  }
  const id = rng.pick(cards);
  if (kind === 2) return { op: "update_card", id, changes: { text: `text ${rng.int(1000)}` } };
  if (kind === 3)
    return { op: "move_card", id, lane_id: rng.pick(lanes), stage_id: rng.pick(stages), index: rng.int(4) };
  return { op: "remove_card", id };
}

/** Take one message from a link: mostly the oldest, sometimes a later one (reordered). */
function takeFrom(rng: Random, queue: Message[], reorder: boolean): Message | undefined {
  if (queue.length === 0) return undefined;
  const at = reorder && rng.int(3) === 0 ? rng.int(queue.length) : 0;
  return queue.splice(at, 1)[0];
}

interface Chaos {
  reorder: boolean;
  duplicate: boolean;
  drop: boolean;
  staleDocuments: boolean;
}

function run(seed: number, chaos: Chaos, steps = 80): { python: Python; pages: Page[] } {
  const rng = random(seed);
  const python = new Python();
  const pages = [new Page("view-a"), new Page("view-b")];
  for (const page of pages) python.inboxes.push(page.inbox);
  const snapshots: Snapshot[] = [python.snapshot()];
  const toPython = (page: Page, all = false) => {
    while (page.delivered < page.model.sent.length) {
      const edit = page.model.sent[page.delivered]!;
      python.receive(edit);
      if (chaos.duplicate && rng.int(6) === 0) python.receive(edit); // delivered twice
      page.delivered += 1;
      if (!all && rng.int(2) === 0) break;
    }
  };
  for (let step = 0; step < steps; step++) {
    const page = rng.pick(pages);
    const roll = rng.int(10);
    if (roll <= 1) page.session.submit(randomOp(rng, page.session.view.value));
    else if (roll === 2) toPython(page);
    else if (roll === 3) python.edit(randomOp(rng, python.doc));
    else if (roll === 4) snapshots.push(python.snapshot());
    else if (roll === 5 && chaos.staleDocuments) page.fullDocument(rng.pick(snapshots));
    else {
      const message = takeFrom(rng, page.inbox, chaos.reorder);
      if (message === undefined) continue;
      if (chaos.drop && rng.int(8) === 0) continue; // lost
      page.receive(message);
      if (chaos.duplicate && rng.int(6) === 0) page.receive(message);
    }
  }
  // the end of the burst: every edit reaches Python, what is left in the links arrives (or not)
  for (const page of pages) toPython(page, true);
  for (const page of pages) {
    for (let message = takeFrom(rng, page.inbox, chaos.reorder); message; ) {
      if (!(chaos.drop && rng.int(8) === 0)) page.receive(message);
      message = takeFrom(rng, page.inbox, chaos.reorder);
    }
  }
  return { python, pages };
}

const seeds = Array.from({ length: 300 }, (_, i) => i + 1);

describe("EditSession under chaos", () => {
  it("converges to Python's document once the full document arrives, whatever the links did", () => {
    const chaos = { reorder: true, duplicate: true, drop: true, staleDocuments: true };
    for (const seed of seeds) {
      const { python, pages } = run(seed, chaos);
      for (const page of pages) {
        page.fullDocument(python.snapshot()); // Python's full sync after the burst, late
        expect({ seed, view: page.session.view.value }).toEqual({ seed, view: python.doc });
        expect({ seed, pending: page.session.pendingCount }).toEqual({ seed, pending: 0 });
        expect(page.session.revision.value).toBe(python.revision);
      }
    }
  });

  it("converges from the change messages alone when they arrive in order (duplicated or not)", () => {
    const chaos = { reorder: false, duplicate: true, drop: false, staleDocuments: false };
    for (const seed of seeds) {
      const { python, pages } = run(seed, chaos);
      for (const page of pages) {
        expect({ seed, view: page.session.view.value }).toEqual({ seed, view: python.doc });
        expect({ seed, pending: page.session.pendingCount }).toEqual({ seed, pending: 0 });
      }
    }
  });

  it("converges from the change messages alone when they are reordered and duplicated but none is lost", () => {
    const chaos = { reorder: true, duplicate: true, drop: false, staleDocuments: false };
    for (const seed of seeds) {
      const { python, pages } = run(seed, chaos);
      for (const page of pages) {
        expect({ seed, view: page.session.view.value }).toEqual({ seed, view: python.doc });
        expect({ seed, pending: page.session.pendingCount }).toEqual({ seed, pending: 0 });
      }
    }
  });

  it("keeps every edit of its own that Python has not answered yet on show", () => {
    const chaos = { reorder: true, duplicate: true, drop: true, staleDocuments: true };
    for (const seed of seeds.slice(0, 100)) {
      const rng = random(seed * 7919);
      const { pages } = run(seed, chaos, 40);
      const page = rng.pick(pages);
      const op = { op: "update_journey", changes: { title: `unanswered ${seed}` } };
      page.session.submit(op);
      page.fullDocument({ doc: base, revision: 10_000, acks: {} }); // any document that does not answer it
      expect(page.session.view.value.title).toBe(`unanswered ${seed}`);
    }
  });
});
