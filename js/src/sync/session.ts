// The edit session of one view: the document Python confirmed, plus this view's edits not yet confirmed.
//
// Python is the authority. A browser edit is applied here at once (optimistically), sent to Python with
// the revision it was based on and a sequence number, and kept as *pending* until Python confirms it:
// Python sets the `_acks` trait ({client id: last sequence handled}) in the same update as the new
// document, so a pending edit is dropped exactly when the document that contains it arrives. A rejected
// edit is dropped too, which rolls it back here, and its reason is shown.
import { batch, type Signal, signal } from "@preact/signals";
import { applyOp } from "../model/ops";
import type { JourneyDoc, Op } from "../model/types";
import type { Model } from "../widget";

export type HistoryAction = "undo" | "redo";

export interface EditMessage {
  type: "edit";
  client: string;
  seq: number;
  base_revision: number;
  op?: Op;
  action?: HistoryAction;
}

export interface Rejection {
  seq: number;
  message: string;
  code: string;
}

interface Pending {
  seq: number;
  op: Op | null; // null: an undo/redo, which only Python can apply
}

const newClientId = (): string => `view-${Math.random().toString(36).slice(2, 10)}`;

export class EditSession {
  readonly client: string;
  /** The document to show: Python's, with this view's pending edits applied on top. */
  readonly view: Signal<JourneyDoc>;
  /** The last rejected edit of this view, until dismissed. */
  readonly rejection: Signal<Rejection | null> = signal(null);
  private confirmed: JourneyDoc;
  private pending: Pending[] = [];
  private seq = 0;
  private readonly model: Model;
  private readonly listeners: [string, (...args: unknown[]) => void][] = [];

  constructor(model: Model, client: string = newClientId()) {
    this.model = model;
    this.client = client;
    this.confirmed = model.get("document") as JourneyDoc;
    this.view = signal(this.confirmed);
    this.listen("change:document", () => this.onDocument());
    this.listen("msg:custom", (msg) => this.onMessage(msg as Record<string, unknown>));
  }

  private listen(event: string, callback: (...args: unknown[]) => void): void {
    this.model.on(event, callback);
    this.listeners.push([event, callback]);
  }

  dispose(): void {
    for (const [event, callback] of this.listeners) this.model.off(event, callback);
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
    this.pending.push({ seq: this.seq, op });
    this.view.value = next;
    this.send({ op });
    return true;
  }

  /** Ask Python to undo or redo the journey's last change. */
  history(action: HistoryAction): void {
    this.seq += 1;
    this.pending.push({ seq: this.seq, op: null });
    this.send({ action });
  }

  private send(body: { op?: Op; action?: HistoryAction }): void {
    const message: EditMessage = {
      type: "edit",
      client: this.client,
      seq: this.seq,
      base_revision: Number(this.model.get("revision") ?? 0),
      ...body,
    };
    this.model.send(message);
  }

  private acked(): number {
    const acks = (this.model.get("_acks") ?? {}) as Record<string, number>;
    return acks[this.client] ?? 0;
  }

  private onDocument(): void {
    this.confirmed = this.model.get("document") as JourneyDoc;
    const acked = this.acked();
    this.pending = this.pending.filter((p) => p.seq > acked);
    this.rebase();
  }

  private onMessage(msg: Record<string, unknown>): void {
    if (msg.type !== "rejected" || msg.client !== this.client) return;
    const seq = Number(msg.seq);
    const error = (msg.error ?? {}) as { message?: string; code?: string };
    batch(() => {
      this.pending = this.pending.filter((p) => p.seq !== seq);
      this.rebase();
      this.rejection.value = {
        seq,
        message: error.message ?? "the edit was rejected",
        code: error.code ?? "",
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
