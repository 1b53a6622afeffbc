/**
 * Browser side of the setup API for the wizard island: how a failure is said. JSON calls go
 * through `lib/client/api.ts`; the wizard's tasks are read with `followTask` (`lib/client/sse.ts`).
 */
import { ApiError, errorText } from "../../lib/client/api.ts";
import { TaskError } from "../../lib/client/sse.ts";
import type { Translate } from "../../lib/i18n/format.ts";

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
  return errorText(err, t("setup.error.network"));
}
