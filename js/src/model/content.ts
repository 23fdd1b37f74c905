// Operations on cards and emotion points (mirrors journeywidgets/model/ops_content.py).
import { JourneyError } from "./errors";
import { checkChanges, checkValue, entityFields, normalizeEntity } from "./fields";
import {
  checkIdsExist,
  checkOpKeys,
  checkPlacement,
  clamp,
  findIndex,
  optionalIndex,
  type Result,
  requiredId,
  withoutKeys,
} from "./opkit";
import type { Card, EmotionPoint, JourneyDoc, Op } from "./types";

export const CELL_FIELDS = ["lane_id", "stage_id", "step_id"] as const;
export type Cell = readonly [string, string, string | null];

export const cellOf = (card: Card): Cell => [card.lane_id, card.stage_id, card.step_id];
const sameCell = (a: Cell, b: Cell): boolean => a[0] === b[0] && a[1] === b[1] && a[2] === b[2];

function checkCardRefs(doc: JourneyDoc, card: Record<string, unknown>, where: string, prefix = ""): void {
  if ("lane_id" in card) findIndex(doc.lanes, card.lane_id as string, "lane", `${prefix}lane_id`);
  if ("stage_id" in card)
    checkPlacement(doc, where, card.stage_id as string, card.step_id as string | null, prefix);
  if ("persona_ids" in card) {
    checkIdsExist(doc.personas, "persona", card.persona_ids as string[], where, `${prefix}persona_ids`);
  }
}

const shift = (cards: Card[], cell: Cell, start: number, delta: number): Card[] =>
  cards.map((c) => (sameCell(cellOf(c), cell) && c.order >= start ? { ...c, order: c.order + delta } : c));

const cellSize = (cards: Card[], cell: Cell): number => cards.filter((c) => sameCell(cellOf(c), cell)).length;

function insertSorted(cards: Card[], card: Card): Card[] {
  let lo = 0;
  let hi = cards.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cards[mid]!.id < card.id) lo = mid + 1;
    else hi = mid;
  }
  return [...cards.slice(0, lo), card, ...cards.slice(lo)];
}

export const cardToAddOp = (card: Card): Op => ({
  op: "add_card",
  ...withoutKeys(card, "order"),
  index: card.order,
});

export function addCard(doc: JourneyDoc, op: Op): Result {
  const fields = Object.keys(entityFields("card")).filter((f) => f !== "order");
  checkOpKeys(op, [...fields, "index"]);
  const index = optionalIndex(op);
  const card = normalizeEntity("card", withoutKeys(op, "op", "index"), "new card") as Card;
  checkCardRefs(doc, card, `card '${card.id}'`);
  if (doc.cards.some((c) => c.id === card.id)) {
    throw new JourneyError("duplicate_id", `card id '${card.id}' is already used`, "id");
  }
  const cell = cellOf(card);
  card.order = clamp(index, cellSize(doc.cards, cell));
  const cards = insertSorted(shift(doc.cards, cell, card.order, 1), card);
  return [
    { ...doc, cards },
    { op: "remove_card", id: card.id },
  ];
}

export function removeCard(doc: JourneyDoc, op: Op): Result {
  checkOpKeys(op, ["id"]);
  const pos = findIndex(doc.cards, requiredId(op), "card");
  const card = doc.cards[pos]!;
  const rest = [...doc.cards.slice(0, pos), ...doc.cards.slice(pos + 1)];
  return [{ ...doc, cards: shift(rest, cellOf(card), card.order + 1, -1) }, cardToAddOp(card)];
}

export function updateCard(doc: JourneyDoc, op: Op): Result {
  checkOpKeys(op, ["id", "changes"]);
  const id = requiredId(op);
  const pos = findIndex(doc.cards, id, "card");
  const old = doc.cards[pos]!;
  const where = `card '${id}'`;
  const changes = checkChanges("card", op.changes, where, ["id", ...CELL_FIELDS, "order"]);
  checkCardRefs(doc, changes, where, "changes.");
  const cards = [...doc.cards];
  cards[pos] = { ...old, ...changes } as Card;
  const previous = Object.fromEntries(Object.keys(changes).map((k) => [k, old[k]]));
  return [
    { ...doc, cards },
    { op: "update_card", id, changes: previous },
  ];
}

function targetCell(doc: JourneyDoc, card: Card, op: Op): Cell {
  const where = `card '${card.id}'`;
  const types = entityFields("card");
  /** The op's value for `field`, or the card's current one. */
  const given = (field: (typeof CELL_FIELDS)[number]) =>
    checkValue(types[field]!, field in op ? op[field] : card[field], where, field) as string | null;
  const laneId = given("lane_id") as string;
  const stageId = given("stage_id") as string;
  let stepId: string | null;
  if ("step_id" in op) stepId = given("step_id");
  else stepId = stageId === card.stage_id ? card.step_id : null;
  findIndex(doc.lanes, laneId, "lane", "lane_id");
  checkPlacement(doc, where, stageId, stepId);
  return [laneId, stageId, stepId];
}

export function moveCard(doc: JourneyDoc, op: Op): Result {
  checkOpKeys(op, [...CELL_FIELDS, "id", "index"]);
  const id = requiredId(op);
  const pos = findIndex(doc.cards, id, "card");
  const card = doc.cards[pos]!;
  const index = optionalIndex(op);
  const target = targetCell(doc, card, op);
  let rest = [...doc.cards.slice(0, pos), ...doc.cards.slice(pos + 1)];
  rest = shift(rest, cellOf(card), card.order + 1, -1);
  const order = clamp(index, cellSize(rest, target));
  const moved: Card = { ...card, lane_id: target[0], stage_id: target[1], step_id: target[2], order };
  const cards = shift(rest, target, order, 1);
  cards.splice(pos, 0, moved);
  const inverse: Op = {
    op: "move_card",
    id,
    lane_id: card.lane_id,
    stage_id: card.stage_id,
    step_id: card.step_id,
    index: card.order,
  };
  return [{ ...doc, cards }, inverse];
}

const cardSortKey = (c: Card): string[] => [c.lane_id, c.stage_id, c.step_id ?? ""];

export function compareKeys(a: readonly (string | number)[], b: readonly (string | number)[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x < y) return -1;
    if (x > y) return 1;
  }
  return a.length - b.length;
}

export function removeCardsWhere(doc: JourneyDoc, predicate: (c: Card) => boolean): [JourneyDoc, Op[]] {
  const removed = doc.cards.filter(predicate);
  if (removed.length === 0) return [doc, []];
  removed.sort((a, b) => compareKeys([...cardSortKey(a), a.order], [...cardSortKey(b), b.order]));
  return [{ ...doc, cards: doc.cards.filter((c) => !predicate(c)) }, removed.map(cardToAddOp)];
}

const emotionKey = (p: EmotionPoint): string[] => [p.persona_id, p.stage_id, p.step_id ?? "", p.series];
const sameKey = (a: string[], b: string[]): boolean => compareKeys(a, b) === 0;

export const emotionToSetOp = (point: EmotionPoint): Op => ({ op: "set_emotion", ...point });

export function setEmotion(doc: JourneyDoc, op: Op): Result {
  checkOpKeys(op, Object.keys(entityFields("emotion")));
  const value = op.value === undefined ? null : op.value;
  const body = { ...withoutKeys(op, "op"), value: value === null ? 0 : value };
  const point = normalizeEntity("emotion", body, "emotion point") as EmotionPoint;
  const where = `emotion of persona '${point.persona_id}'`;
  findIndex(doc.personas, point.persona_id, "persona", "persona_id");
  checkPlacement(doc, where, point.stage_id, point.step_id);
  const scale = doc.emotion_scale;
  if (value !== null && !(scale.min <= point.value && point.value <= scale.max)) {
    throw new JourneyError(
      "invalid_field",
      `${where}: field 'value' must be between ${scale.min} and ${scale.max}, got ${point.value}`,
      "value",
    );
  }
  const key = emotionKey(point);
  const old = doc.emotions.find((p) => sameKey(emotionKey(p), key));
  if (!("note" in op) && old !== undefined) point.note = old.note;
  const kept = doc.emotions.filter((p) => !sameKey(emotionKey(p), key));
  if (value !== null) {
    kept.push(point);
    kept.sort((a, b) => compareKeys(emotionKey(a), emotionKey(b)));
  }
  const inverse =
    old !== undefined ? emotionToSetOp(old) : { ...emotionToSetOp(point), value: null, note: "" };
  return [{ ...doc, emotions: kept }, inverse];
}

export function removeEmotionsWhere(
  doc: JourneyDoc,
  predicate: (p: EmotionPoint) => boolean,
): [JourneyDoc, Op[]] {
  const removed = doc.emotions.filter(predicate);
  if (removed.length === 0) return [doc, []];
  return [{ ...doc, emotions: doc.emotions.filter((p) => !predicate(p)) }, removed.map(emotionToSetOp)];
}
