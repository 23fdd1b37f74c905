// The edit session of one view: the document Python confirmed, plus this view's edits not yet confirmed.
//
// Python is the authority. A browser edit is applied here at once (optimistically), sent to Python with
// the revision it was based on and a sequence number, and kept as *pending* until Python confirms it.
// Python announces every change of the journey with a small "change" message: the operation it applied,
// the revision it was applied to (`base`), the new revision, and `acks` ({view id: last sequence
// handled}). This view applies the operation to its confirmed document when it has that base revision, and
// drops the pending edits the acks cover; a change that arrives before the one it follows waits for it (Python
// sends them in revision order, but a view must not depend on it), a duplicate is ignored. The full document (trait `_document`, with `revision` and
// `_acks`) follows shortly after a burst and replaces the confirmed document, so a missed or
// mis-applied message heals itself. A rejected edit is dropped, which rolls it back here, and its reason
// is shown.
import { batch, type Signal, signal } from "@preact/signals";
import { applyOp } from "../model/ops";
import type { JourneyDoc, Op } from "../model/types";
import type { Model } from "../widget";

/** What a view asks Python to do instead of sending an operation: only Python can carry these out. */
export type PageAction = "undo" | "redo" | "suggest";
export type HistoryAction = Extract<PageAction, "undo" | "redo">;

export interface EditMessage {
  type: "edit";
  client: string;
  seq: number;
  base_revision: number;
  op?: Op;
  action?: PageAction;
}

export interface Rejection {
  seq: number;
  message: string;
  code: string;
  /** the action refused, when it was one (absent: an operation) */
  action?: PageAction;
}

/** Python's answer to this view's "suggest": how many cards from data it added (0: none new). */
export interface Notice {
  seq: number;
  added: number;
}

interface Pending {
  seq: number;
  op: Op | null; // null: an action (undo, redo, suggest), which only Python can carry out
  action?: PageAction;
  sentAt: number; // performance.now() when it was sent, for the round-trip measure
}

/** Record how long an edit took from being sent to being confirmed by Python (User Timing, for profilers). */
function measureRoundTrip(pending: Pending): void {
  performance.measure("journeywidgets:round-trip", { start: pending.sentAt });
}

/** Keep the previous card objects that did not change, so the cards that did not change do not re-render. */
function shareUnchanged(previous: JourneyDoc, next: JourneyDoc): JourneyDoc {
  const before = new Map(previous.cards.map((card) => [card.id, card]));
  const cards = next.cards.map((card) => {
    const old = before.get(card.id);
    return old && JSON.stringify(old) === JSON.stringify(card) ? old : card;
  });
  return { ...next, cards };
}

/** How many change messages that overtook an earlier one are kept for it (the full document heals the rest). */
const MAX_EARLY = 256;

const newClientId = (): string => `view-${Math.random().toString(36).slice(2, 10)}`;

export class EditSession {
  readonly client: string;
  /** The document to show: Python's, with this view's pending edits applied on top. */
  readonly view: Signal<JourneyDoc>;
  /** The last rejected edit of this view, until dismissed. */
  readonly rejection: Signal<Rejection | null> = signal(null);
  /** Python's last answer to this view's "suggest". */
  readonly notice: Signal<Notice | null> = signal(null);
  /** The revision of the confirmed document. */
  readonly revision: Signal<number>;
  private confirmed: JourneyDoc;
  private pending: Pending[] = [];
  /** Change messages that arrived before the one they follow, by their base revision (applied in turn). */
  private early = new Map<number, Record<string, unknown>>();
  private seq = 0;
  private readonly model: Model;
  private readonly listeners: [string, (...args: unknown[]) => void][] = [];

  constructor(model: Model, client: string = newClientId()) {
    this.model = model;
    this.client = client;
    this.confirmed = model.get("_document") as JourneyDoc;
    this.revision = signal(Number(model.get("revision") ?? 0));
    this.view = signal(this.confirmed);
    this.listen("change:_document", () => this.onDocument());
    this.listen("msg:custom", (msg) => this.onMessage(msg as Record<string, unknown>));
  }

  private listen(event: string, callback: (...args: unknown[]) => void): void {
    this.model.on(event, callback);
    this.listeners.push([event, callback]);
  }

  dispose(): void {
    for (const [event, callback] of this.listeners) this.model.off(event, callback);
  }

  /** Python's document as last confirmed (without this view's pending edits). */
  get confirmedDocument(): JourneyDoc {
    return this.confirmed;
  }

  get pendingCount(): number {
    return this.pending.length;
  }

  /** Apply an edit here at once and send it to Python. Returns false (and shows why) if it is invalid here. */
  submit(op: Op): boolean {
    let next: JourneyDoc;
    try {
      [next] = applyOp(this.view.value, op);
    } catch (err) {
      this.rejection.value = { seq: 0, message: (err as Error).message, code: "invalid" };
      return false;
    }
    this.seq += 1;
    this.pending.push({ seq: this.seq, op, sentAt: performance.now() });
    this.view.value = next;
    this.send({ op });
    return true;
  }

  /** Ask Python to undo or redo the journey's last change. */
  history(action: HistoryAction): void {
    this.ask(action);
  }

  /** Ask Python for cards suggested by the data it is bound to; its answer comes as `notice` (or a rejection). */
  suggest(): void {
    this.ask("suggest");
  }

  private ask(action: PageAction): void {
    this.seq += 1;
    this.pending.push({ seq: this.seq, op: null, action, sentAt: performance.now() });
    this.send({ action });
  }

  private send(body: { op?: Op; action?: PageAction }): void {
    const message: EditMessage = {
      type: "edit",
      client: this.client,
      seq: this.seq,
      base_revision: this.revision.value,
      ...body,
    };
    this.model.send(message);
  }

  private dropAcked(acks: unknown): void {
    const acked = ((acks ?? {}) as Record<string, number>)[this.client] ?? 0;
    for (const p of this.pending) if (p.seq <= acked) measureRoundTrip(p);
    this.pending = this.pending.filter((p) => p.seq > acked);
  }

  private onDocument(): void {
    const revision = Number(this.model.get("revision") ?? 0);
    if (revision < this.revision.value) return; // older than what the change messages already gave us
    batch(() => {
      this.confirmed = shareUnchanged(this.confirmed, this.model.get("_document") as JourneyDoc);
      this.revision.value = revision;
      this.dropAcked(this.model.get("_acks"));
      this.rebase();
      for (const base of this.early.keys()) if (base < revision) this.early.delete(base);
      this.applyEarly();
    });
  }

  private onChange(msg: Record<string, unknown>): void {
    const base = Number(msg.base);
    if (base !== this.revision.value) {
      // a change this view cannot place yet: one that overtook an earlier change waits for it (a few at most);
      // an older one (a duplicate) is dropped. Our edits it acknowledges stay pending until it is placed or
      // the full document comes: dropped now, they would vanish from the view meanwhile
      if (base > this.revision.value && this.early.size < MAX_EARLY) this.early.set(base, msg);
      return;
    }
    this.applyChange(msg);
    this.applyEarly();
  }

  private applyEarly(): void {
    for (let next = this.early.get(this.revision.value); next; next = this.early.get(this.revision.value)) {
      this.early.delete(this.revision.value);
      this.applyChange(next);
    }
  }

  private applyChange(msg: Record<string, unknown>): void {
    const op = msg.op as Op;
    try {
      [this.confirmed] = applyOp(this.confirmed, op);
    } catch {
      // cannot happen while both models agree; the full document that follows puts it right
    }
    batch(() => {
      this.revision.value = Number(msg.revision);
      const first = this.pending[0];
      const acked = ((msg.acks ?? {}) as Record<string, number>)[this.client] ?? 0;
      if (first?.op && first.seq <= acked && JSON.stringify(first.op) === JSON.stringify(op)) {
        // Python applied our own oldest edit, as we did: the view already shows exactly this
        measureRoundTrip(first);
        this.pending.shift();
        this.dropAcked(msg.acks);
        if (this.pending.length > 0) this.rebase();
        return;
      }
      this.dropAcked(msg.acks);
      this.rebase();
    });
  }

  private onMessage(msg: Record<string, unknown>): void {
    if (msg.type === "change") {
      this.onChange(msg);
      return;
    }
    if (msg.client !== this.client) return;
    if (msg.type === "notice") {
      const seq = Number(msg.seq);
      // Python has handled the request: a suggestion that added nothing has no change message to settle it
      const settled = this.pending.find((p) => p.seq === seq);
      if (settled) measureRoundTrip(settled);
      this.pending = this.pending.filter((p) => p.seq !== seq);
      this.notice.value = { seq, added: Math.max(0, Number(msg.added) || 0) };
      return;
    }
    if (msg.type !== "rejected") return;
    const seq = Number(msg.seq);
    const error = (msg.error ?? {}) as { message?: string; code?: string };
    const action = this.pending.find((p) => p.seq === seq)?.action;
    batch(() => {
      this.pending = this.pending.filter((p) => p.seq !== seq);
      this.rebase();
      this.rejection.value = {
        seq,
        message: error.message ?? "the edit was rejected",
        code: error.code ?? "",
        ...(action ? { action } : {}),
      };
    });
  }

  /** Recompute the view: the confirmed document with the still-pending edits that still apply. */
  private rebase(): void {
    let doc = this.confirmed;
    for (const { op } of this.pending) {
      if (op === null) continue;
      try {
        [doc] = applyOp(doc, op);
      } catch {
        // an edit that no longer applies (its card was removed meanwhile): Python will reject it too
      }
    }
    this.view.value = doc;
  }
}
