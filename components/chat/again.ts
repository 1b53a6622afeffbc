/**
 * Regenerate and edit in the chat island. Each adds a version beside the message instead of
 * replacing it (conversations are trees: the old versions stay, a switch shows them again), so
 * the new one is shown as the newest of its versions: "2 / 2".
 */
import type { Signal } from "@preact/signals";
import type { RefObject } from "preact";
import { jsonInit } from "../../lib/client/api.ts";
import { apiFetch } from "../../lib/client/session.ts";
import type { Following } from "../../lib/client/sse.ts";
import type { ReplyMeta } from "./reply.ts";
import type { MessageView } from "./types.ts";

/** The island's way to stream a reply (its `run`). */
type Run = (
  start: (signal: AbortSignal) => Promise<Response>,
  resume: null,
  onMeta: (meta: ReplyMeta) => void,
  onRefused: () => void,
  end: (reply: MessageView) => MessageView,
) => void;

/**
 * `again(m)` regenerates reply `m`; `again(m, content)` sends user message `m` again as
 * `content`. Until the reply starts, the thread shows the path up to the new version.
 */
export function versionsAgain(
  { follower, msgs, model, run }: {
    follower: RefObject<Following | null>;
    msgs: Signal<MessageView[]>;
    model: Signal<string>;
    run: Run;
  },
) {
  return (m: MessageView, content?: string) => {
    if (follower.current) return;
    const before = msgs.value;
    const edit = content !== undefined;
    const mine = { ...m, content: content!, versions: undefined };
    msgs.value = [...before.filter((x) => x.seq < m.seq), ...(edit ? [mine] : [])];
    let versions: MessageView["versions"];
    const body = { content, model: model.value || undefined };
    const path = `/api/messages/${encodeURIComponent(m.id)}/${edit ? "resend" : "regenerate"}`;
    run(
      (signal) => apiFetch(path, jsonInit("POST", body, signal)),
      null,
      (meta) => {
        const id = edit ? meta.userMessageId : meta.assistantMessageId;
        const ids = [...m.versions?.ids ?? [m.id], id];
        versions = { index: ids.length, count: ids.length, ids };
        if (edit) msgs.value = msgs.value.map((x) => x === mine ? { ...x, id, versions } : x);
      },
      () => msgs.value = before,
      (reply) => edit ? reply : { ...reply, versions },
    );
  };
}
