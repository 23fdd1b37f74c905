// Operations on stages, steps, lanes, personas, metrics and the journey (mirrors ops_structure.py).
import { removeCardsWhere, removeEmotionsWhere } from "./content";
import { JourneyError } from "./errors";
import { checkChanges, entityFields, normalizeEntity } from "./fields";
import {
  allSteps,
  checkIdsExist,
  checkOpKeys,
  clamp,
  findIndex,
  type Handler,
  optionalIndex,
  type Result,
  requiredId,
  requiredIndex,
  stepStage,
  withoutKeys,
} from "./opkit";
import type { Entity, JourneyDoc, Op, Stage, Step } from "./types";

export const COLLECTIONS = {
  stage: "stages",
  lane: "lanes",
  persona: "personas",
  metric: "metrics",
} as const;
export type CollectionKind = keyof typeof COLLECTIONS;
type Item = Entity & { id: string };

const itemsOf = (doc: JourneyDoc, kind: CollectionKind): Item[] =>
  doc[COLLECTIONS[kind]] as unknown as Item[];
const withItems = (doc: JourneyDoc, kind: CollectionKind, items: Item[]): JourneyDoc => ({
  ...doc,
  [COLLECTIONS[kind]]: items,
});

function checkRefs(doc: JourneyDoc, kind: string, fields: Entity, where: string, prefix = ""): void {
  if (kind === "metric" && "stage_ids" in fields) {
    checkIdsExist(doc.stages, "stage", fields.stage_ids as string[], where, `${prefix}stage_ids`);
  }
}

export function addItem(kind: CollectionKind): Handler {
  return (doc, op) => {
    checkOpKeys(op, [...Object.keys(entityFields(kind)), "index"]);
    const index = optionalIndex(op);
    const entity = normalizeEntity(kind, withoutKeys(op, "op", "index"), `new ${kind}`) as Item;
    checkRefs(doc, kind, entity, `${kind} '${entity.id}'`);
    const items = itemsOf(doc, kind);
    if (items.some((item) => item.id === entity.id)) {
      throw new JourneyError("duplicate_id", `${kind} id '${entity.id}' is already used`, "id");
    }
    if (kind === "stage") entity.steps = [];
    const pos = clamp(index, items.length);
    const next = [...items.slice(0, pos), entity, ...items.slice(pos)];
    return [withItems(doc, kind, next), { op: `remove_${kind}`, id: entity.id }];
  };
}

export function updateItem(kind: CollectionKind): Handler {
  return (doc, op) => {
    checkOpKeys(op, ["id", "changes"]);
    const id = requiredId(op);
    const items = [...itemsOf(doc, kind)];
    const pos = findIndex(items, id, kind);
    const where = `${kind} '${id}'`;
    const changes = checkChanges(kind, op.changes, where);
    checkRefs(doc, kind, changes, where, "changes.");
    const old = items[pos]!;
    items[pos] = { ...old, ...changes };
    const previous = Object.fromEntries(Object.keys(changes).map((k) => [k, old[k]]));
    return [withItems(doc, kind, items), { op: `update_${kind}`, id, changes: previous }];
  };
}

export function moveItem(kind: CollectionKind): Handler {
  return (doc, op) => {
    checkOpKeys(op, ["id", "index"]);
    const id = requiredId(op);
    const items = [...itemsOf(doc, kind)];
    const pos = findIndex(items, id, kind);
    const index = requiredIndex(op);
    const [entity] = items.splice(pos, 1);
    items.splice(clamp(index, items.length), 0, entity!);
    return [withItems(doc, kind, items), { op: `move_${kind}`, id, index: pos }];
  };
}

function dropReference(
  doc: JourneyDoc,
  collection: "metrics" | "cards",
  kind: string,
  field: string,
  id: string,
): [JourneyDoc, Op[]] {
  const restore: Op[] = [];
  const items = (doc[collection] as unknown as Item[]).map((item) => {
    const refs = item[field] as string[];
    if (!refs.includes(id)) return item;
    restore.push({ op: `update_${kind}`, id: item.id, changes: { [field]: refs } });
    return { ...item, [field]: refs.filter((x) => x !== id) };
  });
  return [restore.length ? { ...doc, [collection]: items } : doc, restore];
}

function cascade(doc: JourneyDoc, kind: CollectionKind, entity: Item): [JourneyDoc, Op[]] {
  const id = entity.id;
  const restore: Op[] = [];
  let ops: Op[];
  if (kind === "stage") {
    (entity as unknown as Stage).steps.forEach((step, i) => {
      restore.push({ op: "add_step", stage_id: id, ...step, index: i });
    });
    [doc, ops] = removeCardsWhere(doc, (c) => c.stage_id === id);
    restore.push(...ops);
    [doc, ops] = removeEmotionsWhere(doc, (p) => p.stage_id === id);
    restore.push(...ops);
    [doc, ops] = dropReference(doc, "metrics", "metric", "stage_ids", id);
    restore.push(...ops);
  } else if (kind === "lane") {
    [doc, ops] = removeCardsWhere(doc, (c) => c.lane_id === id);
    restore.push(...ops);
  } else if (kind === "persona") {
    [doc, ops] = removeEmotionsWhere(doc, (p) => p.persona_id === id);
    restore.push(...ops);
    [doc, ops] = dropReference(doc, "cards", "card", "persona_ids", id);
    restore.push(...ops);
  }
  return [doc, restore];
}

const oneOrBatch = (ops: Op[]): Op => (ops.length === 1 ? ops[0]! : { op: "batch", ops });

export function removeItem(kind: CollectionKind): Handler {
  return (doc, op) => {
    checkOpKeys(op, ["id"]);
    const id = requiredId(op);
    const items = itemsOf(doc, kind);
    const pos = findIndex(items, id, kind);
    const entity = items[pos]!;
    const restore: Op[] = [{ op: `add_${kind}`, ...withoutKeys(entity, "steps"), index: pos }];
    const [cascaded, tail] = cascade(doc, kind, entity);
    restore.push(...tail);
    const next = withItems(cascaded, kind, [...items.slice(0, pos), ...items.slice(pos + 1)]);
    return [next, oneOrBatch(restore)];
  };
}

const replaceStage = (doc: JourneyDoc, stage: Stage): JourneyDoc => ({
  ...doc,
  stages: doc.stages.map((s) => (s.id === stage.id ? stage : s)),
});

export function addStep(doc: JourneyDoc, op: Op): Result {
  checkOpKeys(op, [...Object.keys(entityFields("step")), "stage_id", "index"]);
  const stageId = requiredId(op, "stage_id");
  const stage = doc.stages[findIndex(doc.stages, stageId, "stage", "stage_id")]!;
  const index = optionalIndex(op);
  const step = normalizeEntity("step", withoutKeys(op, "op", "index", "stage_id"), "new step") as Step;
  for (const [, s] of allSteps(doc)) {
    if (s.id === step.id)
      throw new JourneyError("duplicate_id", `step id '${step.id}' is already used`, "id");
  }
  const steps = [...stage.steps];
  steps.splice(clamp(index, steps.length), 0, step);
  return [replaceStage(doc, { ...stage, steps }), { op: "remove_step", id: step.id }];
}

export function updateStep(doc: JourneyDoc, op: Op): Result {
  checkOpKeys(op, ["id", "changes"]);
  const id = requiredId(op);
  const stage = stepStage(doc, id, "id");
  const changes = checkChanges("step", op.changes, `step '${id}'`);
  const steps = [...stage.steps];
  const pos = findIndex(steps, id, "step");
  const old = steps[pos]!;
  steps[pos] = { ...old, ...changes } as Step;
  const previous = Object.fromEntries(Object.keys(changes).map((k) => [k, old[k]]));
  return [replaceStage(doc, { ...stage, steps }), { op: "update_step", id, changes: previous }];
}

export function moveStep(doc: JourneyDoc, op: Op): Result {
  checkOpKeys(op, ["id", "index"]);
  const id = requiredId(op);
  const stage = stepStage(doc, id, "id");
  const index = requiredIndex(op);
  const steps = [...stage.steps];
  const pos = findIndex(steps, id, "step");
  const [step] = steps.splice(pos, 1);
  steps.splice(clamp(index, steps.length), 0, step!);
  return [replaceStage(doc, { ...stage, steps }), { op: "move_step", id, index: pos }];
}

export function removeStep(doc: JourneyDoc, op: Op): Result {
  checkOpKeys(op, ["id"]);
  const id = requiredId(op);
  const stage = stepStage(doc, id, "id");
  const pos = findIndex(stage.steps, id, "step");
  const restore: Op[] = [{ op: "add_step", stage_id: stage.id, ...stage.steps[pos]!, index: pos }];
  let ops: Op[];
  [doc, ops] = removeCardsWhere(doc, (c) => c.step_id === id);
  restore.push(...ops);
  [doc, ops] = removeEmotionsWhere(doc, (p) => p.step_id === id);
  restore.push(...ops);
  const next = replaceStage(doc, { ...stage, steps: stage.steps.filter((s) => s.id !== id) });
  return [next, oneOrBatch(restore)];
}

export function updateJourney(doc: JourneyDoc, op: Op): Result {
  checkOpKeys(op, ["changes"]);
  const changes = checkChanges("journey", op.changes, "journey");
  const current = doc as unknown as Entity;
  const previous = Object.fromEntries(Object.keys(changes).map((k) => [k, current[k]]));
  return [{ ...doc, ...changes } as JourneyDoc, { op: "update_journey", changes: previous }];
}

export function setEmotionScale(doc: JourneyDoc, op: Op): Result {
  checkOpKeys(op, Object.keys(entityFields("emotion_scale")));
  const scale = normalizeEntity(
    "emotion_scale",
    withoutKeys(op, "op"),
    "emotion scale",
  ) as JourneyDoc["emotion_scale"];
  if (scale.min >= scale.max) {
    throw new JourneyError(
      "invalid_field",
      `emotion scale: field 'max' must be greater than min ${scale.min}, got ${scale.max}`,
      "max",
    );
  }
  for (const point of doc.emotions) {
    if (!(scale.min <= point.value && point.value <= scale.max)) {
      throw new JourneyError(
        "invalid_field",
        `emotion scale: persona '${point.persona_id}' has value ${point.value} at stage '${point.stage_id}', outside the new range ${scale.min}..${scale.max}`,
        point.value < scale.min ? "min" : "max",
      );
    }
  }
  return [
    { ...doc, emotion_scale: scale },
    { op: "set_emotion_scale", ...doc.emotion_scale },
  ];
}
