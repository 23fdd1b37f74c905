// Helpers shared by the operation modules (mirrors journeywidgets/model/opkit.py).
import { JourneyError } from "./errors";
import { checkValue, printable } from "./fields";
import type { Entity, JourneyDoc, Op, Stage, Step } from "./types";

export type Result = [JourneyDoc, Op];
export type Handler = (doc: JourneyDoc, op: Op) => Result;

export function checkOpKeys(op: Op, allowed: readonly string[]): void {
  for (const key of Object.keys(op)) {
    if (key !== "op" && !allowed.includes(key)) {
      const known = [...allowed].sort().join(", ");
      throw new JourneyError(
        "unknown_field",
        `${op.op}: unknown field '${printable(key)}'; expected one of ${known}`,
        printable(key),
      );
    }
  }
}

export function requiredId(op: Op, key = "id"): string {
  if (!(key in op)) throw new JourneyError("missing_field", `${op.op}: field '${key}' is required`, key);
  return checkValue("id", op[key], op.op, key) as string;
}

export function optionalIndex(op: Op): number | null {
  if (op.index === null || op.index === undefined) return null;
  return checkValue("index", op.index, op.op, "index") as number;
}

export function requiredIndex(op: Op): number {
  const index = optionalIndex(op);
  if (index === null) throw new JourneyError("missing_field", `${op.op}: field 'index' is required`, "index");
  return index;
}

export function clamp(index: number | null, length: number): number {
  return index === null ? length : Math.min(index, length);
}

export function findIndex(items: readonly { id: string }[], id: string, kind: string, path = "id"): number {
  const pos = items.findIndex((item) => item.id === id);
  if (pos < 0) throw new JourneyError("not_found", `no ${kind} with id '${id}'`, path);
  return pos;
}

export function* allSteps(doc: JourneyDoc): Generator<[Stage, Step]> {
  for (const stage of doc.stages) for (const step of stage.steps) yield [stage, step];
}

export function stepStage(doc: JourneyDoc, stepId: string, path = "step_id"): Stage {
  for (const [stage, step] of allSteps(doc)) if (step.id === stepId) return stage;
  throw new JourneyError("not_found", `no step with id '${stepId}'`, path);
}

export function checkPlacement(
  doc: JourneyDoc,
  where: string,
  stageId: string,
  stepId: string | null,
  prefix = "",
): void {
  findIndex(doc.stages, stageId, "stage", `${prefix}stage_id`);
  if (stepId === null) return;
  const owner = stepStage(doc, stepId, `${prefix}step_id`);
  if (owner.id !== stageId) {
    throw new JourneyError(
      "invalid_field",
      `${where}: step '${stepId}' belongs to stage '${owner.id}', not to stage '${stageId}'`,
      `${prefix}step_id`,
    );
  }
}

export function checkIdsExist(
  items: readonly { id: string }[],
  kind: string,
  ids: readonly string[],
  where: string,
  path: string,
): void {
  const known = new Set(items.map((item) => item.id));
  for (const id of ids) {
    if (!known.has(id))
      throw new JourneyError("not_found", `${where}: field '${path}' refers to no ${kind} '${id}'`, path);
  }
}

export function withoutKeys(entity: Record<string, unknown>, ...keys: string[]): Entity {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(entity)) if (!keys.includes(k)) out[k] = v;
  return out as Entity;
}
