// Field types of journey entities, read from the same fields.json as the Python model (fields.py).
// named imports: the bundle keeps only these keys of the file, not its documentation strings
import { limits, entities as specEntities } from "../../../src/journeywidgets/model/fields.json";
import { JourneyError } from "./errors";
import type { Entity, Json } from "./types";

type Kind = keyof typeof specEntities;
const entities: Record<string, Record<string, string>> = specEntities;
const ID_RE = new RegExp(limits.id_pattern.replace(/^\^/, "^(?:").replace(/\$$/, ")$"));
const COLOR_RE = /^#[0-9a-fA-F]{6}$/;

/** Code points no text field may hold (limits.text_forbidden): controls but tab and newline, lone surrogates,
 * non-characters. With the `u` flag, a surrogate range matches only a lone surrogate, as Python sees one. */
const FORBIDDEN_RE = new RegExp(
  `[${limits.text_forbidden
    .map((span) => {
      const [low, high = low] = span.split("-");
      return `\\u{${low}}-\\u{${high}}`;
    })
    .join("")}]`,
  "u",
);

function kindOf(code: number): string {
  if (code <= 0x9f) return "a control character";
  if (code >= 0xd800 && code <= 0xdfff) return "a lone surrogate";
  return "a Unicode non-character";
}

/** Which character of `text` no text field may hold (as fields.py's forbidden_character), or null. */
export function forbiddenCharacter(text: string): string | null {
  if (!FORBIDDEN_RE.test(text)) return null;
  let position = 0;
  for (const ch of text) {
    position++;
    if (FORBIDDEN_RE.test(ch)) {
      const code = ch.codePointAt(0) ?? 0;
      return `U+${code.toString(16).toUpperCase().padStart(4, "0")} (${kindOf(code)}) at character ${position}`;
    }
  }
  return null;
}

/** A key as text safe in a message or path: forbidden characters become \uXXXX escapes (as fields.py's printable). */
export function printable(value: string): string {
  return [...value]
    .map((ch) =>
      FORBIDDEN_RE.test(ch) ? `\\u${(ch.codePointAt(0) ?? 0).toString(16).padStart(4, "0")}` : ch,
    )
    .join("");
}

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
  if (type === "bool") return false;
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

function checkCharacters(text: string, where: string, field: string, path: string, item = ""): void {
  const found = forbiddenCharacter(text);
  if (found === null) return;
  throw new JourneyError(
    "invalid_text",
    `${where}: field '${field}'${item} holds ${found}; text may hold no control characters but tab and newline ` +
      "(line breaks are \\n, not \\r), no lone surrogates and no Unicode non-characters",
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

/** An image field's URL form (limits.image_url_pattern, as field_checks.py reads it): http(s), no credentials. */
const IMAGE_URL_RE = new RegExp(limits.image_url_pattern);
const DATA_PREFIX_RE = /^data:image\/([a-z+]+);base64,/;
const NOT_BASE64_RE = /[^A-Za-z0-9+/]/;

/** A data:image/...;base64,... URI of a listed type within the limit, its data well-formed base64 (as _is_image_data). */
function isImageData(value: string): boolean {
  const prefix = DATA_PREFIX_RE.exec(value);
  if (
    prefix === null ||
    !limits.image_types.includes(prefix[1] ?? "") ||
    value.length > limits.image_data_max
  ) {
    return false;
  }
  const data = value.slice(prefix[0].length);
  const body = data.replace(/==?$/, ""); // the padding: at most two "="
  return data.length >= 4 && data.length % 4 === 0 && !NOT_BASE64_RE.test(body);
}

/** An http(s) URL within the limit (in code points), free of whitespace, controls and forbidden text (as _is_image_url). */
function isImageUrl(value: string): boolean {
  if (value.length > 2 * limits.image_url_max || textLength(value) > limits.image_url_max) return false;
  return IMAGE_URL_RE.test(value) && forbiddenCharacter(value) === null;
}

/** What an image field expects, worded for the form `value` tries (as field_checks.py's image_expected). */
export function imageExpected(value: unknown): string {
  const types = limits.image_types.join("|");
  if (typeof value === "string" && value.startsWith("data:")) {
    return (
      `'' or a data:image/(${types});base64,... URI of at most ${limits.image_data_max} characters, ` +
      "its data in base64 (A-Z, a-z, 0-9, '+', '/', in groups of four padded with '=')"
    );
  }
  if (typeof value === "string" && (value.startsWith("http://") || value.startsWith("https://"))) {
    return (
      `'' or an https:// or http:// image URL of at most ${limits.image_url_max} characters, ` +
      "with no user:password@ and no whitespace or control characters"
    );
  }
  return `'' or an image address: an https:// or http:// URL, or a data:image/(${types});base64,... URI`;
}

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
    checkCharacters(value, where, field, path);
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
    checkCharacters(value, where, field, path);
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
    value.forEach((item: string, i) => {
      checkCharacters(item, where, field, path, ` (item ${i})`);
    });
    return [...value];
  }
  if (type === "text{}") {
    const ok =
      isPlainObject(value) &&
      Object.keys(value).length <= limits.list_max &&
      Object.entries(value).every(([k, v]) => isText(k, limits.name_max) && isText(v, limits.text_max));
    if (!ok) throw fail(where, field, "a mapping of strings to strings", value, path);
    for (const [key, item] of Object.entries(value as Record<string, string>)) {
      checkCharacters(key, where, field, path, " (a key)");
      checkCharacters(item, where, field, path, ` (the value of '${key}')`);
    }
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
    if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > limits.index_max) {
      throw fail(where, field, `a whole number from 0 to ${limits.index_max}`, value, path);
    }
    return value;
  }
  if (type === "bool") {
    // exactly true or false: not 0/1, not "true" (as fields.py's _check_bool)
    if (typeof value !== "boolean") throw fail(where, field, "true or false", value, path);
    return value;
  }
  if (type === "image") {
    // "", an http(s) URL or a base64 image data URI: what an <img src> may safely hold (as _check_image)
    if (value !== "" && !(typeof value === "string" && (isImageUrl(value) || isImageData(value)))) {
      throw fail(where, field, imageExpected(value), value, path);
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
        `${where}: unknown field '${printable(key)}'; expected one of ${Object.keys(fields).join(", ")}`,
        pathPrefix + printable(key),
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
        `${where}: unknown field '${printable(key)}'; expected one of ${known.join(", ")}`,
        pathPrefix + printable(key),
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
