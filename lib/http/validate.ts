/**
 * zod at the edge: every route reads its input through these, so every bad input becomes a 422
 * (or 400 for an unreadable body) that names the field, and no body is read past its limit.
 */
import type { z } from "zod";
import { FORM_BODY_LIMIT, JSON_BODY_LIMIT, readBody } from "./body.ts";
import { HttpError, ValidationError } from "./errors.ts";

/** Turns the first zod issue into a ValidationError naming its field. */
export function validationError(error: z.ZodError, prefix = "", code?: string): ValidationError {
  const issue = error.issues[0];
  // An unknown key is reported at its parent object; name the key itself.
  const path = issue.code === "unrecognized_keys" ? [...issue.path, issue.keys[0]] : issue.path;
  const field = [prefix, ...path.map(String)].filter(Boolean).join(".");
  return new ValidationError(field, `${field || "input"}: ${issue.message}`, code, issue);
}

/** Parses `value` with `schema` or throws a ValidationError. */
export function parseWith<S extends z.ZodType>(
  schema: S,
  value: unknown,
  prefix = "",
): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw validationError(result.error, prefix);
  return result.data;
}

/** Deepest nesting of arrays and objects a JSON body may have (SPEC §13). */
export const JSON_MAX_DEPTH = 64;

/**
 * True when `text` nests arrays and objects more than `max` deep. One pass without recursion,
 * before `JSON.parse`, so no depth of input can overflow a stack here or in code that walks the
 * parsed value; brackets inside strings (with their escapes) do not count.
 */
export function jsonTooDeep(text: string, max = JSON_MAX_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

/** Options for `readJson` and `readForm`. */
export interface ReadBodyOptions {
  /** Most bytes the body may have (default: `JSON_BODY_LIMIT` for JSON, `FORM_BODY_LIMIT`). */
  limit?: number;
}

function unsupportedType(type: string): HttpError {
  return new HttpError(415, "unsupported_media_type", `Send the body as ${type}.`, {}, { type });
}

/**
 * Reads and validates a JSON body: 415 for another content type, 413 past `limit` (counted
 * while reading), 400 for text that is not JSON, 422 for nesting deeper than `JSON_MAX_DEPTH`.
 */
export async function readJson<S extends z.ZodType>(
  req: Request,
  schema: S,
  options: ReadBodyOptions = {},
): Promise<z.output<S>> {
  const type = req.headers.get("content-type") ?? "";
  if (!/^application\/([\w.+-]+\+)?json\b/i.test(type)) throw unsupportedType("application/json");
  const text = new TextDecoder().decode(await readBody(req, options.limit ?? JSON_BODY_LIMIT));
  if (jsonTooDeep(text)) {
    throw new HttpError(
      422,
      "json_too_deep",
      `The JSON body is nested more than ${JSON_MAX_DEPTH} levels deep.`,
      {},
      { depth: JSON_MAX_DEPTH },
    );
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new HttpError(400, "invalid_json", "The request body is not valid JSON.");
  }
  return parseWith(schema, body);
}

const FORM_TYPE = /^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i;

/**
 * Reads and validates an HTML form (urlencoded or multipart): 415 for another content type, 413
 * past `limit` (counted while reading), 400 for a form that cannot be parsed. A field sent twice
 * keeps its last value.
 */
export async function readForm<S extends z.ZodType>(
  req: Request,
  schema: S,
  options: ReadBodyOptions = {},
): Promise<z.output<S>> {
  const type = req.headers.get("content-type") ?? "";
  if (!FORM_TYPE.test(type)) throw unsupportedType("application/x-www-form-urlencoded");
  const bytes = await readBody(req, options.limit ?? FORM_BODY_LIMIT);
  let form: FormData;
  try {
    form = await new Response(bytes, { headers: { "content-type": type } }).formData();
  } catch {
    throw new HttpError(400, "invalid_form", "The form in the request body cannot be read.");
  }
  return parseWith(schema, Object.fromEntries(form));
}

/** Validates the query string. */
export function readQuery<S extends z.ZodType>(url: URL, schema: S): z.output<S> {
  return parseWith(schema, Object.fromEntries(url.searchParams), "query");
}
