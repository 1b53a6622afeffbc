/**
 * The JSON Schema subset a gem's output schema may use, checked without `eval`: `type` (one or a
 * list of string, number, integer, boolean, object, array, null), `properties`, `required`,
 * `additionalProperties` (a boolean), `items`, `enum`, `minimum`/`maximum`, `minLength`/
 * `maxLength`, `minItems`/`maxItems`, and the words `title`, `description`. Any other keyword is
 * refused when the gem is saved, so every constraint a saved schema states is one this checker
 * enforces (a `$ref`, `pattern` or `oneOf` would otherwise pass unchecked). It is also what
 * Ollama's grammar and OpenAI's strict JSON mode handle well. Browser-safe.
 */

const TYPES = ["string", "number", "integer", "boolean", "object", "array", "null"];
const KNOWN = new Set([
  "type",
  "properties",
  "required",
  "additionalProperties",
  "items",
  "enum",
  "minimum",
  "maximum",
  "minLength",
  "maxLength",
  "minItems",
  "maxItems",
  "title",
  "description",
  "$schema",
]);
const MAX_DEPTH = 16;

type Schema = Record<string, unknown>;

const isObject = (v: unknown): v is Schema =>
  typeof v === "object" && v !== null && !Array.isArray(v);

const isCount = (v: unknown) => typeof v === "number" && Number.isInteger(v) && v >= 0;

/** What is wrong with `schema` as an output schema (each starting with its path); [] if fine. */
export function schemaProblems(schema: unknown, path = "outputSchema", depth = 0): string[] {
  if (!isObject(schema)) return [`${path}: must be a JSON Schema object`];
  if (depth > MAX_DEPTH) return [`${path}: nests deeper than ${MAX_DEPTH} levels`];
  const out: string[] = [];
  for (const key of Object.keys(schema)) {
    if (!KNOWN.has(key)) out.push(`${path}: the keyword “${key}” is not supported`);
  }
  const type = schema.type;
  if (type !== undefined) {
    const types = Array.isArray(type) ? type : [type];
    if (!types.length || types.some((t) => typeof t !== "string" || !TYPES.includes(t))) {
      out.push(`${path}.type: must be one of ${TYPES.join(", ")}`);
    }
  }
  if (schema.properties !== undefined) {
    if (!isObject(schema.properties)) out.push(`${path}.properties: must be an object`);
    else {
      for (const [name, sub] of Object.entries(schema.properties)) {
        out.push(...schemaProblems(sub, `${path}.properties.${name}`, depth + 1));
      }
    }
  }
  if (schema.required !== undefined) {
    const req = schema.required;
    if (!Array.isArray(req) || req.some((r) => typeof r !== "string")) {
      out.push(`${path}.required: must be a list of property names`);
    } else if (isObject(schema.properties)) {
      for (const r of req) {
        if (!(r in schema.properties)) {
          out.push(`${path}.required: “${r}” is not one of the properties`);
        }
      }
    }
  }
  if (
    schema.additionalProperties !== undefined && typeof schema.additionalProperties !== "boolean"
  ) {
    out.push(`${path}.additionalProperties: must be true or false`);
  }
  if (schema.items !== undefined) {
    out.push(...schemaProblems(schema.items, `${path}.items`, depth + 1));
  }
  if (schema.enum !== undefined && (!Array.isArray(schema.enum) || !schema.enum.length)) {
    out.push(`${path}.enum: must be a non-empty list`);
  }
  for (const key of ["minimum", "maximum"]) {
    if (schema[key] !== undefined && !Number.isFinite(schema[key])) {
      out.push(`${path}.${key}: must be a number`);
    }
  }
  for (const key of ["minLength", "maxLength", "minItems", "maxItems"]) {
    if (schema[key] !== undefined && !isCount(schema[key])) {
      out.push(`${path}.${key}: must be a whole number ≥ 0`);
    }
  }
  for (const key of ["title", "description"]) {
    if (schema[key] !== undefined && typeof schema[key] !== "string") {
      out.push(`${path}.${key}: must be text`);
    }
  }
  return out;
}

function typeOf(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v === "number") return Number.isInteger(v) ? "integer" : "number";
  return typeof v;
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * What in `value` breaks `schema` (a schema `schemaProblems` accepted), each with its JSON path
 * (`$.items[2].name: …`); [] when it follows it. At most 20 problems.
 */
export function validateJson(value: unknown, schema: Schema, path = "$"): string[] {
  const out: string[] = [];
  const walk = (v: unknown, s: Schema, at: string) => {
    if (out.length >= 20) return;
    if (s.type !== undefined) {
      const types = Array.isArray(s.type) ? s.type as string[] : [s.type as string];
      const actual = typeOf(v);
      const ok = types.includes(actual) || (actual === "integer" && types.includes("number"));
      if (!ok) {
        out.push(`${at}: should be ${types.join(" or ")}, is ${actual}`);
        return;
      }
    }
    if (Array.isArray(s.enum) && !s.enum.some((e) => sameJson(e, v))) {
      out.push(`${at}: should be one of ${s.enum.map((e) => JSON.stringify(e)).join(", ")}`);
    }
    if (typeof v === "number") {
      if (typeof s.minimum === "number" && v < s.minimum) {
        out.push(`${at}: should be at least ${s.minimum}`);
      }
      if (typeof s.maximum === "number" && v > s.maximum) {
        out.push(`${at}: should be at most ${s.maximum}`);
      }
    }
    if (typeof v === "string") {
      const length = [...v].length;
      if (typeof s.minLength === "number" && length < s.minLength) {
        out.push(`${at}: should have at least ${s.minLength} characters`);
      }
      if (typeof s.maxLength === "number" && length > s.maxLength) {
        out.push(`${at}: should have at most ${s.maxLength} characters`);
      }
    }
    if (Array.isArray(v)) {
      if (typeof s.minItems === "number" && v.length < s.minItems) {
        out.push(`${at}: should have at least ${s.minItems} items`);
      }
      if (typeof s.maxItems === "number" && v.length > s.maxItems) {
        out.push(`${at}: should have at most ${s.maxItems} items`);
      }
      if (isObject(s.items)) v.forEach((item, i) => walk(item, s.items as Schema, `${at}[${i}]`));
    }
    if (isObject(v)) {
      const props = isObject(s.properties) ? s.properties : {};
      for (const r of Array.isArray(s.required) ? s.required as string[] : []) {
        if (!(r in v)) out.push(`${at}.${r}: is required`);
      }
      for (const [key, item] of Object.entries(v)) {
        const sub = props[key];
        if (isObject(sub)) walk(item, sub, `${at}.${key}`);
        else if (s.additionalProperties === false) out.push(`${at}.${key}: is not allowed`);
      }
    }
  };
  walk(value, schema, path);
  return out;
}

/**
 * The answer's text read as JSON and checked: the value, or the problems (a parse failure is
 * one problem).
 */
export function checkAnswer(
  text: string,
  schema: Schema,
): { ok: true; value: unknown } | { ok: false; problems: string[] } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, problems: ["$: the answer is not JSON"] };
  }
  const problems = validateJson(value, schema);
  return problems.length ? { ok: false, problems } : { ok: true, value };
}
