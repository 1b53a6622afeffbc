/**
 * Stop for the reply being written: asks the box to cancel its task; a Stop the box could not be
 * told of (no connection) is sent again once the connection is back (the browser says so, or the
 * reply's stream is live again). A refusal is said, and Stop can be pressed again.
 */
import { type Signal, useComputed, useSignal } from "@preact/signals";
import { useEffect, useRef } from "preact/hooks";
import { ApiError, apiJson } from "../../lib/client/api.ts";
import type { Following } from "../../lib/client/sse.ts";
import type { Translate } from "../../lib/i18n/format.ts";
import { taskCancelUrl } from "../../lib/tasks/types.ts";
import type { LiveReply } from "./types.ts";

/** Stop's state for the chat island: `reset` once a reply ended (nothing is left to stop). */
export function useStop(
  follower: { current: Following | null },
  live: Signal<LiveReply | null>,
  t: Translate,
  error: Signal<string>,
) {
  const stoppable = useSignal(false);
  const pending = useRef<string | null>(null);
  const note = useSignal("");
  /** Asks the box to stop task `id`; without a connection, again once it is back. */
  const send = (id: string) => {
    pending.current = id;
    apiJson(taskCancelUrl(id), "POST").then(() => {
      if (pending.current === id) pending.current = null;
    }, (err: unknown) => {
      if (pending.current !== id) return;
      if (err instanceof ApiError) {
        // The box answered and refused: say so, and let Stop be pressed again.
        pending.current = null;
        note.value = "";
        error.value = t("stopFailed", { message: err.message });
        stoppable.value = true;
      } else note.value = t("stopQueued");
    });
  };

  const stop = () => {
    const id = follower.current?.taskId;
    if (!id) return;
    stoppable.value = false;
    send(id);
  };

  // The connection is back (the browser says so, or the reply's stream is live again): a Stop
  // that could not be sent goes now.
  const link = useComputed(() => live.value?.link);
  useEffect(() => {
    const retry = () => pending.current && send(pending.current);
    if (link.value === "live") retry();
    addEventListener("online", retry);
    return () => removeEventListener("online", retry);
  }, [link.value]);
  const reset = () => {
    pending.current = null;
    note.value = "";
  };
  return { stoppable, note, stop, reset };
}
