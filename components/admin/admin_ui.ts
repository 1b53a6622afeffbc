/** What the parts of the model manager share: how a failure is said in the page's language. */
import { errorText } from "../../lib/client/api.ts";
import { TaskError } from "../../lib/client/sse.ts";

/**
 * The message for a failure. API refusals arrive already translated by the server (it answers
 * in the page's language). A task's `error` event was written in English without knowing who
 * reads it, so known codes are said with the page's `errors` messages instead. Anything else (a
 * dead connection) gets `fallback`.
 */
export function failureText(
  err: unknown,
  fallback: string,
  errors: Record<string, string> = {},
): string {
  if (err instanceof TaskError && errors[err.code]) return errors[err.code];
  return errorText(err, fallback);
}

/**
 * A validation message shown next to its own field, without the field's name in front
 * (`numCtx: Too small…` → `Too small…`).
 */
export function withoutField(message: string, field: string): string {
  return message.startsWith(field + ": ") ? message.slice(field.length + 2) : message;
}
