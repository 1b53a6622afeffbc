/**
 * What the parts of the model manager share: the translate function they receive, and how a
 * failure is said in the page's language.
 */
import { ApiError } from "./task_stream.ts";

/** Translates a `models.*` key, filling `{placeholders}`. */
export type T = (key: string, params?: Record<string, string | number>) => string;

/**
 * The message for a failure. API refusals arrive already translated by the server (it answers
 * in the page's language); anything else (a dead connection) gets `fallback`.
 */
export function failureText(err: unknown, fallback: string): string {
  return err instanceof ApiError && err.message ? err.message : fallback;
}

/**
 * A validation message shown next to its own field, without the field's name in front
 * (`numCtx: Too small…` → `Too small…`).
 */
export function withoutField(message: string, field: string): string {
  return message.startsWith(field + ": ") ? message.slice(field.length + 2) : message;
}

/**
 * A task's `error` event as an ApiError. The task wrote its English text without knowing who
 * reads it, so known codes are said with the page's `errors` messages instead.
 */
export function eventError(data: unknown, errors: Record<string, string>): ApiError {
  const { code, message } = (data ?? {}) as { code?: unknown; message?: unknown };
  const key = String(code ?? "task_failed");
  return new ApiError(key, errors[key] ?? String(message ?? key));
}
