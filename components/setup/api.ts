/**
 * Browser side of the setup API for the wizard island: JSON calls that turn refusals into
 * `ApiError`s (the server already said them in the page's language), and how a failure is said.
 * The wizard's tasks are read with `followTask` (`lib/client/sse.ts`).
 */
import { ApiError, apiJson as sharedApiJson } from "../../lib/client/api.ts";
import { TaskError } from "../../lib/client/sse.ts";
import type { Translate } from "../../lib/i18n/format.ts";

export { ApiError };

/**
 * What to tell the user about `err`: a task's failure, or a stream that stayed lost, by its code
 * (`setup.task.<code>`, else a generic sentence with the message: the task wrote its English
 * text without knowing who reads it); an API refusal as the server said it; anything else as a
 * network problem.
 */
export function failureText(err: unknown, t: Translate): string {
  if (err instanceof TaskError || (err instanceof ApiError && err.code === "stream_lost")) {
    const key = `setup.task.${err.code}`;
    const text = t(key);
    return text === key ? t("setup.task.other", { message: err.message }) : text;
  }
  if (err instanceof ApiError) return err.message;
  return t("setup.error.network");
}

/** Calls the API: GET without a body, POST with one. Returns the answer or throws ApiError. */
export function apiJson<T>(path: string, body?: unknown): Promise<T> {
  return sharedApiJson<T>(path, body === undefined ? "GET" : "POST", body);
}
