// Apply one edit operation to a journey document (mirrors journeywidgets/model/ops.py).
// Returns the new document and the inverse operation; never modifies the document it is given.
import { addCard, moveCard, removeCard, setEmotion, updateCard } from "./content";
import { JourneyError } from "./errors";
import { describe } from "./fields";
import { checkOpKeys, type Handler, type Result } from "./opkit";
import {
  addItem,
  addStep,
  COLLECTIONS,
  type CollectionKind,
  moveItem,
  moveStep,
  removeItem,
  removeStep,
  setEmotionScale,
  updateItem,
  updateJourney,
  updateStep,
} from "./structure";
import type { JourneyDoc, Op } from "./types";

function batch(doc: JourneyDoc, op: Op): Result {
  checkOpKeys(op, ["ops"]);
  const ops = op.ops;
  if (!Array.isArray(ops)) {
    throw new JourneyError(
      "invalid_field",
      `batch: field 'ops' must be a list of operations, got ${describe(ops)}`,
      "ops",
    );
  }
  const inverses: Op[] = [];
  ops.forEach((child, i) => {
    let inverse: Op;
    try {
      [doc, inverse] = applyOp(doc, child as Op);
    } catch (err) {
      if (err instanceof JourneyError) {
        const prefix = `ops[${i}]`;
        err.path = err.path ? `${prefix}.${err.path}` : prefix;
        err.message = `${prefix}: ${err.message}`;
      }
      throw err;
    }
    inverses.push(inverse);
  });
  return [doc, { op: "batch", ops: inverses.reverse() }];
}

const HANDLERS: Record<string, Handler> = {
  batch,
  add_step: addStep,
  update_step: updateStep,
  move_step: moveStep,
  remove_step: removeStep,
  update_journey: updateJourney,
  set_emotion_scale: setEmotionScale,
  add_card: addCard,
  update_card: updateCard,
  move_card: moveCard,
  remove_card: removeCard,
  set_emotion: setEmotion,
};
for (const kind of Object.keys(COLLECTIONS) as CollectionKind[]) {
  HANDLERS[`add_${kind}`] = addItem(kind);
  HANDLERS[`update_${kind}`] = updateItem(kind);
  HANDLERS[`move_${kind}`] = moveItem(kind);
  HANDLERS[`remove_${kind}`] = removeItem(kind);
}

export const OPERATION_NAMES: readonly string[] = Object.keys(HANDLERS).sort();

export function applyOp(doc: JourneyDoc, op: Op): Result {
  if (typeof op !== "object" || op === null || Array.isArray(op)) {
    throw new JourneyError(
      "invalid_op",
      `an operation must be an object with an 'op' field, got ${describe(op)}`,
    );
  }
  const handler = typeof op.op === "string" && Object.hasOwn(HANDLERS, op.op) ? HANDLERS[op.op] : undefined;
  if (handler === undefined) {
    throw new JourneyError(
      "invalid_op",
      `unknown op ${JSON.stringify(op.op)}; expected one of ${OPERATION_NAMES.join(", ")}`,
      "op",
    );
  }
  return handler(doc, { ...op });
}
