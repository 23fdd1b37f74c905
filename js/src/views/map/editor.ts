// The map editor: browser-only UI state (selection, editing, keyboard pick-up, drag) and the user's
// actions, each turned into one operation for the edit session. No DOM here, so it is unit-tested directly.
import {
  batch,
  computed,
  effect,
  type ReadonlySignal,
  type Signal,
  signal,
  untracked,
} from "@preact/signals";
import { createContext } from "preact";
import type { JourneyDoc, Op } from "../../model/types";
import type { EditSession } from "../../sync/session";
import { CardStates } from "./cardStates";
import { CellStates } from "./cellStates";
import { firstStop, type Stop, sameStop, stopAfterRemoval, stopExists } from "./grid";
import { describeTarget, type MoveKey, moveTarget, type Target, targetOf } from "./keyboard";
import { withFolding } from "./layout";

export interface Selection {
  stage: string | null;
  lane: string | null;
  card: string | null;
}

export const NO_SELECTION: Selection = { stage: null, lane: null, card: null };

/** What is being edited in place: a card's text, a stage/lane/step name. */
export interface Editing {
  kind: "card" | "stage" | "lane" | "step";
  id: string;
}

/** A card picked up with the keyboard, and where it would go. */
export interface PickedUp {
  card: string;
  target: Target;
}

/** A destructive action just done, offered for undo in a toast for a few seconds. */
export interface Undoable {
  message: string;
  /** where the focus goes after Undo (the item that came back) */
  restore: Stop | null;
  at: number;
}

/** A header picked up with the keyboard: the arrow keys move it, Space, Enter or Escape put it down. */
export interface HeaderPickUp {
  kind: "stage" | "lane" | "step";
  id: string;
}

/** Colours for new personas (Tableau 10, distinguishable with common colour-vision deficiencies). */
export const PERSONA_COLORS = ["#4c78a8", "#f58518", "#54a24b", "#e45756", "#72b7b2", "#b279a2", "#9d755d"];

export const randomId = (prefix: string): string =>
  `${prefix}-${Math.floor(Math.random() * 0xffffffff)
    .toString(16)
    .padStart(8, "0")}`;

export interface EditorOptions {
  editable: ReadonlySignal<boolean>;
  /** Python offers cards suggested by the data (the map is bound); absent: never */
  canSuggest?: ReadonlySignal<boolean>;
  selection: Signal<Selection>;
  onSelect?: (selection: Selection) => void;
}

export class MapEditor {
  readonly session: EditSession;
  readonly editable: ReadonlySignal<boolean>;
  readonly canSuggest: ReadonlySignal<boolean>;
  /** A suggestion was asked for and Python has not answered yet. */
  readonly suggesting: Signal<boolean> = signal(false);
  /** A short message shown in a toast (no Undo): what a suggestion found when it added nothing. */
  readonly notice: Signal<string | null> = signal(null);
  readonly selection: Signal<Selection>;
  readonly editing: Signal<Editing | null> = signal(null);
  /** What an open card editor held when a re-render removed it (the card moved or briefly left the view). */
  private readonly drafts = new Map<string, string>();
  /** Cards the user just added whose editor has not closed yet: closing one empty discards the card. */
  private readonly fresh = new Set<string>();
  readonly pickedUp: Signal<PickedUp | null> = signal(null);
  /** The pointer drag in progress: the dragged card and the drop target under the pointer. */
  readonly dragging: Signal<{ card: string; target: Target | null } | null> = signal(null);
  readonly announcement: Signal<string> = signal("");
  /** The grid's one tab stop (WAI-ARIA grid pattern): the stop the arrow keys move from. */
  readonly active: Signal<Stop | null> = signal(null);
  /** Bumped when the focus should go to the active stop once the view has rendered (after an action). */
  readonly focusRequest: Signal<number> = signal(0);
  /** The last destructive action, for the toast's Undo button. */
  readonly undoable: Signal<Undoable | null> = signal(null);
  /**
   * Folding done where the document cannot be edited (presenting, a read-only page): kept in the browser,
   * over the document's own `collapsed` flags. Where it can be edited, folding is an edit (saved).
   */
  readonly folding: Signal<ReadonlyMap<string, boolean>> = signal(new Map());
  /** The find box's text: matching cards are marked, the others dimmed (empty: no filter). */
  readonly filter: Signal<string> = signal("");
  /** Compact cards: two lines of text, no evidence line (for large maps). */
  readonly compact: Signal<boolean> = signal(false);
  /** A stage, step or lane header picked up with the keyboard. */
  readonly headerPickedUp: Signal<HeaderPickUp | null> = signal(null);
  readonly zoom: Signal<number> = signal(1);
  /** Overlay the other personas' emotion curves on the selected one's. */
  readonly comparePersonas: Signal<boolean> = signal(false);
  /** A prefix for element ids, unique to this view (several maps can share a page). */
  readonly uid = randomId("jw");
  readonly doc: ReadonlySignal<JourneyDoc>;
  private readonly onSelect?: (selection: Selection) => void;

  constructor(session: EditSession, options: EditorOptions) {
    this.session = session;
    this.editable = options.editable;
    this.canSuggest = options.canSuggest ?? signal(false);
    this.selection = options.selection;
    this.onSelect = options.onSelect;
    this.doc = computed(() => withFolding(session.view.value, this.folding.value));
    this.tabStop = computed(() => {
      const doc = this.doc.value;
      const active = this.active.value;
      return active && stopExists(doc, active) ? active : firstStop(doc);
    });
    this.cardStates = new CardStates(this);
    this.cellStates = new CellStates(this);
    this.stopNotices = effect(() => this.onNotice(session.notice.value));
    this.stopRejections = effect(() => {
      if (session.rejection.value?.action === "suggest") this.suggesting.value = false;
    });
  }

  private readonly stopNotices: () => void;
  private readonly stopRejections: () => void;

  /** Each card's own state (selected, editing, moving, tab stop, find match), one signal per card. */
  readonly cardStates: CardStates;
  /** Each cell's own state (tab stop, selected stage or lane, drop target), one signal per cell. */
  readonly cellStates: CellStates;

  /** Stop the editor's own effects (the view is gone). */
  dispose(): void {
    this.cardStates.dispose();
    this.cellStates.dispose();
    this.stopNotices();
    this.stopRejections();
  }

  /** The stop that carries tabindex 0: the active one while it exists, else the grid's first. */
  readonly tabStop: ReadonlySignal<Stop | null>;

  isTabStop(stop: Stop): boolean {
    return sameStop(this.tabStop.value, stop);
  }

  /** Focus a stop's element now, if the view shows it (set by the map view). */
  focusNow: ((stop: Stop) => void) | null = null;

  /**
   * Make `stop` the grid's tab stop; with `focus`, move the focus there: at once when its element is on
   * the page (so the next key goes from there), and again once the view has rendered (a moved card's
   * element is a new one).
   */
  activate(stop: Stop | null, focus = false): void {
    if (!sameStop(this.active.value, stop)) this.active.value = stop;
    if (!focus) return;
    if (stop) this.focusNow?.(stop);
    this.focusRequest.value += 1;
  }

  /** Offer Undo for a destructive action (a toast), and say it to screen readers. */
  private offerUndo(message: string, restore: Stop | null): void {
    this.undoable.value = { message, restore, at: Date.now() };
    this.announce(`${message} Press Ctrl+Z to undo.`);
  }

  /** Undo from the toast: the focus goes back to what came back. */
  undoFromToast(): void {
    const offer = this.undoable.value;
    this.undoable.value = null;
    this.undo();
    if (offer?.restore) this.activate(offer.restore, true);
    else this.focusRequest.value += 1;
  }

  announce(text: string): void {
    this.announcement.value = text;
  }

  submit(op: Op): boolean {
    return this.editable.value && this.session.submit(op);
  }

  select(selection: Partial<Selection>): void {
    const next = { ...NO_SELECTION, ...selection };
    const current = this.selection.value;
    if (next.stage === current.stage && next.lane === current.lane && next.card === current.card) return;
    this.selection.value = next;
    this.onSelect?.(next);
  }

  selectCard(cardId: string): void {
    const card = this.doc.value.cards.find((c) => c.id === cardId);
    if (card) this.select({ card: card.id, stage: card.stage_id, lane: card.lane_id });
  }

  // ----- cards ------------------------------------------------------------------------------

  addCard(lane: string, stage: string, step: string | null): string | null {
    const id = randomId("card");
    if (!this.submit({ op: "add_card", id, lane_id: lane, stage_id: stage, step_id: step, text: "" }))
      return null;
    this.fresh.add(id);
    batch(() => {
      this.selectCard(id);
      this.editing.value = { kind: "card", id };
    });
    return id;
  }

  /** Keep an open editor's text while the card's next editor mounts (it takes it with `takeDraft`). */
  keepDraft(cardId: string, text: string): void {
    this.drafts.set(cardId, text);
  }

  takeDraft(cardId: string): string | undefined {
    const text = this.drafts.get(cardId);
    this.drafts.delete(cardId);
    return text;
  }

  /** A card's editor closed with `text` (null: cancelled): keep the text; a new card left empty goes away. */
  finishCardText(cardId: string, text: string | null): void {
    const fresh = this.fresh.delete(cardId);
    const card = this.doc.value.cards.find((c) => c.id === cardId);
    if (fresh && card && (text ?? card.text).trim() === "") {
      if (this.submit({ op: "remove_card", id: cardId })) {
        this.announce("Empty card discarded.");
        this.select({ stage: card.stage_id, lane: card.lane_id });
      }
      return;
    }
    if (text !== null) this.setCardText(cardId, text);
  }

  setCardText(cardId: string, text: string): void {
    const card = this.doc.value.cards.find((c) => c.id === cardId);
    if (card && card.text !== text) this.submit({ op: "update_card", id: cardId, changes: { text } });
  }

  removeCard(cardId: string, focus = false): void {
    const card = this.doc.value.cards.find((c) => c.id === cardId);
    if (!card) return;
    const next = stopAfterRemoval(this.doc.value, { kind: "card", id: cardId });
    if (this.submit({ op: "remove_card", id: cardId })) {
      this.offerUndo(`Card "${card.text || "untitled"}" deleted.`, { kind: "card", id: cardId });
      if (this.selection.value.card === cardId) this.select({ stage: card.stage_id, lane: card.lane_id });
      if (focus || sameStop(this.active.value, { kind: "card", id: cardId })) this.activate(next, focus);
    }
  }

  moveCard(cardId: string, target: Target): boolean {
    const card = this.doc.value.cards.find((c) => c.id === cardId);
    if (!card) return false;
    const same =
      card.lane_id === target.lane &&
      card.stage_id === target.stage &&
      card.step_id === target.step &&
      card.order === target.index;
    if (same) return false;
    const op = {
      op: "move_card",
      id: cardId,
      lane_id: target.lane,
      stage_id: target.stage,
      step_id: target.step,
    };
    return this.submit({ ...op, index: target.index });
  }

  // ----- keyboard pick-up -------------------------------------------------------------------

  pickUp(cardId: string): void {
    const card = this.doc.value.cards.find((c) => c.id === cardId);
    if (!card || !this.editable.value) return;
    this.pickedUp.value = { card: cardId, target: targetOf(card) };
    this.announce(
      `Picked up card "${card.text || "untitled"}". Use the arrow keys to move it, Space or Enter to drop, Escape to cancel.`,
    );
  }

  movePickedUp(key: MoveKey): void {
    const picked = this.pickedUp.value;
    if (!picked) return;
    const target = moveTarget(this.doc.value, picked.card, picked.target, key);
    this.pickedUp.value = { ...picked, target };
    this.announce(`Over ${describeTarget(this.doc.value, picked.card, target)}.`);
  }

  drop(): void {
    const picked = this.pickedUp.value;
    if (!picked) return;
    this.pickedUp.value = null;
    const card = this.doc.value.cards.find((c) => c.id === picked.card);
    const where = describeTarget(this.doc.value, picked.card, picked.target);
    if (this.moveCard(picked.card, picked.target))
      this.announce(`Card "${card?.text || "untitled"}" moved to ${where}.`);
    else this.announce("Card dropped where it was.");
    // the card is drawn anew in its new cell: the focus follows it there
    this.activate({ kind: "card", id: picked.card }, true);
  }

  cancelPickUp(): void {
    if (!this.pickedUp.value) return;
    const card = this.pickedUp.value.card;
    this.pickedUp.value = null;
    this.announce("Move cancelled.");
    this.activate({ kind: "card", id: card }, true);
  }

  // ----- stages, steps, lanes ---------------------------------------------------------------

  addStage(): void {
    const id = randomId("stage");
    if (this.submit({ op: "add_stage", id, name: "New stage" })) {
      this.editing.value = { kind: "stage", id };
      this.select({ stage: id });
      this.activate({ kind: "stage", id });
    }
  }

  addLane(): void {
    const id = randomId("lane");
    if (this.submit({ op: "add_lane", id, name: "New lane", kind: "text" })) {
      this.editing.value = { kind: "lane", id };
      this.select({ lane: id });
      this.activate({ kind: "lane", id });
    }
  }

  /** Add a step at the end of a stage, its name editor open. */
  addStep(stageId: string): void {
    const id = randomId("step");
    if (this.submit({ op: "add_step", id, stage_id: stageId, name: "New step" })) {
      this.editing.value = { kind: "step", id };
      this.activate({ kind: "step", id, stage: stageId });
    }
  }

  /** A name editor closed (renamed or not): the focus goes back to its header. */
  finishRename(kind: "stage" | "lane" | "step", id: string, name: string | null): void {
    if (name !== null) this.rename(kind, id, name);
    const stage =
      kind === "step" ? this.doc.value.stages.find((s) => s.steps.some((t) => t.id === id)) : null;
    const stop: Stop =
      kind === "step"
        ? { kind: "step", id, stage: stage?.id ?? "" }
        : kind === "stage"
          ? { kind, id }
          : { kind, id };
    this.activate(stop, true);
  }

  /** The stages, lanes or steps of the shown document. */
  private named(kind: "stage" | "lane" | "step"): { id: string; name: string }[] {
    const doc = this.doc.value;
    if (kind === "stage") return doc.stages;
    return kind === "lane" ? doc.lanes : doc.stages.flatMap((s) => s.steps);
  }

  rename(kind: "stage" | "lane" | "step", id: string, name: string): void {
    const trimmed = name.trim();
    const items = this.named(kind);
    const item = items.find((i) => i.id === id);
    if (item && trimmed && item.name !== trimmed)
      this.submit({ op: `update_${kind}`, id, changes: { name: trimmed } });
  }

  setLaneKind(id: string, kind: string): void {
    this.submit({ op: "update_lane", id, changes: { kind } });
  }

  /** The stages, the lanes, or the steps of the stage holding step `id`. */
  private siblings(kind: "stage" | "lane" | "step", id: string): { id: string; name: string }[] {
    const doc = this.doc.value;
    if (kind === "stage") return doc.stages;
    if (kind === "lane") return doc.lanes;
    return doc.stages.find((s) => s.steps.some((t) => t.id === id))?.steps ?? [];
  }

  /** Move a stage, lane or step (within its stage) `delta` places; returns whether it moved. */
  shift(kind: "stage" | "lane" | "step", id: string, delta: number): boolean {
    const items = this.siblings(kind, id);
    const from = items.findIndex((i) => i.id === id);
    const index = from + delta;
    if (from === -1 || index < 0 || index >= items.length) return false;
    if (!this.submit({ op: `move_${kind}`, id, index })) return false;
    const name = items[from]!.name;
    const label = kind[0]!.toUpperCase() + kind.slice(1);
    this.announce(`${label} "${name}" moved to position ${index + 1} of ${items.length}.`);
    return true;
  }

  /** Move a stage, lane or step to position `index` (a header dragged with the pointer). */
  moveTo(kind: "stage" | "lane" | "step", id: string, index: number): boolean {
    const from = this.siblings(kind, id).findIndex((i) => i.id === id);
    return from !== -1 && from !== index && this.shift(kind, id, index - from);
  }

  /** Delete a stage, lane or step with its cards; a toast offers Undo and the focus goes to a neighbour. */
  remove(kind: "stage" | "lane" | "step", id: string): void {
    const doc = this.doc.value;
    const items = this.named(kind);
    const name = items.find((i) => i.id === id)?.name ?? id;
    const stage = doc.stages.find((s) => s.steps.some((t) => t.id === id));
    const stop: Stop =
      kind === "step" ? { kind, id, stage: stage?.id ?? "" } : kind === "stage" ? { kind, id } : { kind, id };
    const next = stopAfterRemoval(doc, stop);
    const field = kind === "stage" ? "stage_id" : kind === "lane" ? "lane_id" : "step_id";
    const cards = doc.cards.filter((c) => c[field] === id).length;
    if (!this.submit({ op: `remove_${kind}`, id })) return;
    const label = kind[0]!.toUpperCase() + kind.slice(1);
    const what = cards === 0 ? "" : ` and its ${cards === 1 ? "card" : `${cards} cards`}`;
    this.offerUndo(`${label} "${name}"${what} deleted.`, stop);
    this.activate(next, true);
  }

  /** Fold or unfold a stage or lane: an edit saved with the document, or a view-only fold when read-only. */
  toggleCollapsed(kind: "stage" | "lane", id: string): void {
    const key = kind === "stage" ? "stages" : "lanes";
    const item = this.doc.value[key].find((i) => i.id === id);
    if (!item) return;
    const collapsed = !item.collapsed;
    if (this.editable.value) {
      // a view-only fold made while read-only gives way to the document's own flag
      if (this.folding.value.has(id)) {
        const next = new Map(this.folding.value);
        next.delete(id);
        this.folding.value = next;
      }
      const saved = this.session.view.value[key].find((i) => i.id === id)?.collapsed === true;
      if (saved !== collapsed && !this.submit({ op: `update_${kind}`, id, changes: { collapsed } })) return;
    } else {
      const next = new Map(this.folding.value);
      next.set(id, collapsed);
      this.folding.value = next;
    }
    this.announce(
      `${kind === "stage" ? "Stage" : "Lane"} "${item.name}" ${collapsed ? "folded" : "unfolded"}.`,
    );
  }

  // ----- headers picked up with the keyboard --------------------------------------------------

  pickUpHeader(kind: "stage" | "lane" | "step", id: string): void {
    if (!this.editable.value) return;
    const name = this.named(kind).find((i) => i.id === id)?.name ?? id;
    this.headerPickedUp.value = { kind, id };
    const keys = kind === "lane" ? "Up and Down" : "Left and Right";
    this.announce(`Picked up ${kind} "${name}". ${keys} move it; Space, Enter or Escape put it down.`);
  }

  dropHeader(): void {
    const picked = this.headerPickedUp.value;
    if (!picked) return;
    this.headerPickedUp.value = null;
    this.announce(`${picked.kind[0]!.toUpperCase()}${picked.kind.slice(1)} put down.`);
  }

  // ----- emotions, personas, history ---------------------------------------------------------

  /** Add a persona (its colour the next of a colour-blind-safe palette); returns its id, or null. */
  addPersona(): string | null {
    const id = randomId("persona");
    const used = new Set(this.doc.value.personas.map((p) => p.color));
    const color = PERSONA_COLORS.find((c) => !used.has(c)) ?? PERSONA_COLORS[0]!;
    if (!this.submit({ op: "add_persona", id, name: "New persona", color })) return null;
    this.announce("Persona added: type its name.");
    return id;
  }

  /** Delete a persona with its emotion points; a toast offers Undo. */
  removePersona(id: string): boolean {
    const persona = this.doc.value.personas.find((p) => p.id === id);
    if (!persona || !this.submit({ op: "remove_persona", id })) return false;
    this.offerUndo(`Persona "${persona.name}" deleted.`, null);
    return true;
  }

  setEmotion(persona: string, stage: string, value: number | null): void {
    const had = this.doc.value.emotions.some(
      (p) =>
        p.persona_id === persona && p.stage_id === stage && p.step_id === null && p.series === "researched",
    );
    if (!this.submit({ op: "set_emotion", persona_id: persona, stage_id: stage, step_id: null, value }))
      return;
    if (value === null && had) {
      const stageName = this.doc.value.stages.find((s) => s.id === stage)?.name ?? stage;
      this.offerUndo(`Emotion point at "${stageName}" cleared.`, null);
    }
  }

  updatePersona(id: string, changes: Record<string, unknown>): void {
    const persona = this.doc.value.personas.find((p) => p.id === id);
    if (!persona) return;
    const changed = Object.fromEntries(
      Object.entries(changes).filter(([k, v]) => JSON.stringify(persona[k]) !== JSON.stringify(v)),
    );
    if (Object.keys(changed).length > 0) this.submit({ op: "update_persona", id, changes: changed });
  }

  undo(): void {
    if (this.editable.value) this.session.history("undo");
  }

  /** Ask Python to put the data's top findings on the map as cards (one undo step). */
  suggest(): void {
    if (!this.editable.value || !this.canSuggest.value || this.suggesting.value) return;
    this.suggesting.value = true;
    this.notice.value = null;
    this.announce("Looking for findings in the data…");
    this.session.suggest();
  }

  private onNotice(notice: { added: number } | null): void {
    if (!notice) return;
    untracked(() => {
      this.suggesting.value = false;
      if (notice.added > 0) {
        const cards = notice.added === 1 ? "1 card" : `${notice.added} cards`;
        this.offerUndo(`Added ${cards} from data.`, null);
      } else {
        this.notice.value = "No new findings: what the data shows is already on the map.";
        this.announce(this.notice.value);
      }
    });
  }

  redo(): void {
    if (this.editable.value) this.session.history("redo");
  }

  setZoom(value: number): void {
    this.zoom.value = Math.min(2, Math.max(0.4, Math.round(value * 100) / 100));
  }
}

export const EditorContext = createContext<MapEditor | null>(null);
