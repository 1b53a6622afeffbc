/**
 * zod at the edge: every route reads its input through these, so every bad input becomes a 422
 * (or 400 for unreadable JSON) that names the field.
 */
import type { z } from "zod";
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

/** Reads and validates a JSON body. */
export async function readJson<S extends z.ZodType>(req: Request, schema: S): Promise<z.output<S>> {
  const type = req.headers.get("content-type") ?? "";
  if (!/^application\/([\w.+-]+\+)?json\b/i.test(type)) {
    throw new HttpError(415, "unsupported_media_type", "Send the body as application/json.");
  }
  let body: unknown;
  try {
    body = await req.json();
  } catch {
    throw new HttpError(400, "invalid_json", "The request body is not valid JSON.");
  }
  return parseWith(schema, body);
}

/** Validates the query string. */
export function readQuery<S extends z.ZodType>(url: URL, schema: S): z.output<S> {
  return parseWith(schema, Object.fromEntries(url.searchParams), "query");
}
