// Field types of journey entities, read from the same fields.json as the Python model (fields.py).
import spec from "../../../src/journeywidgets/model/fields.json";
import { JourneyError } from "./errors";
import type { Entity, Json } from "./types";

type Kind = keyof typeof spec.entities;
const entities: Record<string, Record<string, string>> = spec.entities;
const limits = spec.limits;
const ID_RE = new RegExp(limits.id_pattern.replace(/^\^/, "^(?:").replace(/\$$/, ")$"));
const COLOR_RE = /^#[0-9a-fA-F]{6}$/;

export function entityFields(kind: Kind | string): Record<string, string> {
  const fields = entities[kind];
  if (!fields) throw new Error(`unknown entity kind ${kind}`);
  return fields;
}

export function isValidId(value: unknown): value is string {
  return typeof value === "string" && ID_RE.test(value);
}

export function isRequired(type: string): boolean {
  return type === "id" || type === "name" || type === "number" || type.startsWith("ref:");
}

export function defaultValue(type: string): Json {
  if (type.startsWith("enum:")) return type.slice(5).split("|")[0] ?? "";
  if (type.endsWith("[]") || type.startsWith("ref[]:")) return [];
  if (type === "text{}") return {};
  if (type === "number?" || type.startsWith("ref?:")) return null;
  if (type === "index") return 0;
  return "";
}

export function describe(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "string")
    return value.length <= 40 ? JSON.stringify(value) : `a string of ${value.length} characters`;
  if (typeof value === "number" || typeof value === "boolean") return `${typeof value} ${value}`;
  return Array.isArray(value) ? "a list" : "an object";
}

function fail(where: string, field: string, expected: string, value: unknown, path: string): JourneyError {
  return new JourneyError(
    "invalid_field",
    `${where}: field '${field}' must be ${expected}, got ${describe(value)}`,
    path,
  );
}

/** Length in code points, as Python counts it. */
const textLength = (s: string): number => {
  let n = 0;
  for (const _ of s) n++;
  return n;
};
const isText = (v: unknown, max: number): v is string => typeof v === "string" && textLength(v) <= max;
const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);
/** Python's str.strip() emptiness: JS whitespace plus the separators Python also strips (U+001C-U+001F, U+0085). */
const PYTHON_EXTRA_SPACE = new Set([0x1c, 0x1d, 0x1e, 0x1f, 0x85]);
const isBlank = (s: string): boolean =>
  [...s].every((ch) => ch.trim() === "" || PYTHON_EXTRA_SPACE.has(ch.codePointAt(0) ?? 0));

export function checkValue(type: string, value: unknown, where: string, field: string, path = field): Json {
  if (type === "id" || type.startsWith("ref:")) {
    if (!isValidId(value))
      throw fail(where, field, "an id (letters, digits, '_', '.', ':', '-'; 1-64)", value, path);
    return value;
  }
  if (type.startsWith("ref?:")) {
    if (value !== null && !isValidId(value)) throw fail(where, field, "an id or null", value, path);
    return value as string | null;
  }
  if (type.startsWith("ref[]:")) {
    if (!Array.isArray(value) || !value.every(isValidId))
      throw fail(where, field, "a list of ids", value, path);
    if (new Set(value).size !== value.length) throw fail(where, field, "a list of distinct ids", value, path);
    return [...value];
  }
  if (type === "name") {
    if (!isText(value, limits.name_max) || isBlank(value)) {
      throw fail(where, field, `a non-empty string of at most ${limits.name_max} characters`, value, path);
    }
    return value;
  }
  if (type === "color") {
    if (value !== "" && !(typeof value === "string" && COLOR_RE.test(value))) {
      throw fail(where, field, "a colour like '#1f77b4' or ''", value, path);
    }
    return value;
  }
  if (type === "text") {
    if (!isText(value, limits.text_max)) {
      throw fail(where, field, `a string of at most ${limits.text_max} characters`, value, path);
    }
    return value;
  }
  if (type === "text[]") {
    if (
      !Array.isArray(value) ||
      value.length > limits.list_max ||
      !value.every((v) => isText(v, limits.text_max))
    ) {
      const expected = `a list of strings (each at most ${limits.text_max} characters, at most ${limits.list_max} items)`;
      throw fail(where, field, expected, value, path);
    }
    return [...value];
  }
  if (type === "text{}") {
    const ok =
      isPlainObject(value) &&
      Object.keys(value).length <= limits.list_max &&
      Object.entries(value).every(([k, v]) => isText(k, limits.name_max) && isText(v, limits.text_max));
    if (!ok) throw fail(where, field, "a mapping of strings to strings", value, path);
    return { ...(value as Record<string, string>) };
  }
  if (type === "number" || type === "number?") {
    if (value === null && type === "number?") return null;
    if (typeof value !== "number" || !Number.isFinite(value)) {
      throw fail(where, field, `a finite number${type === "number?" ? " or null" : ""}`, value, path);
    }
    return value;
  }
  if (type === "index") {
    if (typeof value !== "number" || !Number.isInteger(value) || value < 0) {
      throw fail(where, field, "a whole number >= 0", value, path);
    }
    return value;
  }
  if (type.startsWith("enum:")) {
    const choices = type.slice(5).split("|");
    if (typeof value !== "string" || !choices.includes(value)) {
      throw fail(where, field, `one of ${choices.map((c) => `'${c}'`).join(", ")}`, value, path);
    }
    return value;
  }
  throw new Error(`unknown field type ${type} in fields.json`);
}

export function normalizeEntity(
  kind: string,
  data: unknown,
  where: string = kind,
  pathPrefix = "",
  extra: readonly string[] = [],
): Entity {
  const fields = entityFields(kind);
  if (!isPlainObject(data)) {
    throw new JourneyError(
      "invalid_field",
      `${where} must be an object, got ${describe(data)}`,
      pathPrefix.replace(/\.$/, ""),
    );
  }
  for (const key of Object.keys(data)) {
    if (!(key in fields) && !extra.includes(key)) {
      throw new JourneyError(
        "unknown_field",
        `${where}: unknown field '${key}'; expected one of ${Object.keys(fields).join(", ")}`,
        pathPrefix + key,
      );
    }
  }
  const out: Entity = {};
  for (const [name, type] of Object.entries(fields)) {
    if (name in data && data[name] !== undefined) {
      out[name] = checkValue(type, data[name], where, name, pathPrefix + name);
    } else if (isRequired(type)) {
      throw new JourneyError("missing_field", `${where}: field '${name}' is required`, pathPrefix + name);
    } else {
      out[name] = defaultValue(type);
    }
  }
  return out;
}

export function checkChanges(
  kind: string,
  changes: unknown,
  where: string,
  fixed: readonly string[] = ["id"],
  pathPrefix = "changes.",
): Entity {
  if (!isPlainObject(changes)) {
    throw new JourneyError(
      "invalid_field",
      `${where}: 'changes' must be an object, got ${describe(changes)}`,
      pathPrefix.replace(/\.$/, ""),
    );
  }
  const fields = entityFields(kind);
  const out: Entity = {};
  for (const [key, value] of Object.entries(changes)) {
    const type = fields[key];
    if (type === undefined) {
      const known = Object.keys(fields).filter((f) => !fixed.includes(f));
      throw new JourneyError(
        "unknown_field",
        `${where}: unknown field '${key}'; expected one of ${known.join(", ")}`,
        pathPrefix + key,
      );
    }
    if (fixed.includes(key)) {
      throw new JourneyError(
        "invalid_field",
        `${where}: field '${key}' cannot be changed by an update`,
        pathPrefix + key,
      );
    }
    out[key] = checkValue(type, value, where, key, pathPrefix + key);
  }
  return out;
}
