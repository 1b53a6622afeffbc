/**
 * Follows one reply's stream into the `live` signal: reasoning, text, token count, live tokens/s, the
 * connection state, "history shortened", an agent's tool steps and approvals, and how it ended. Renders at most once per frame, so a
 * fast model costs one Markdown render per frame, not one per token.
 */
import type { Signal } from "@preact/signals";
import { ApiError } from "../../lib/client/api.ts";
import { type Following, followTask, TaskError } from "../../lib/client/sse.ts";
import { workspaceChanged } from "./workspace_slot.ts";
import type { LiveReply, MessageStatus, MessageView } from "./types.ts";

/** The `meta` event: the ids of a new reply. */
export interface ReplyMeta {
  conversationId: string;
  userMessageId: string;
  assistantMessageId: string;
  taskId: string;
  model: string;
  /** The conversation's title (a new one's is taken from its first message). */
  title?: string;
}

/** What the island learns from a reply. */
export interface ReplyHooks {
  onMeta?(meta: ReplyMeta): void;
  /** The reply ended (any way); `reply` is it as a saved message. */
  onEnd(reply: MessageView): void;
  /** Refused before anything streamed (nothing was saved as a reply). */
  onRefused(error: ApiError): void;
  /** The task is gone (finished long ago, or the box restarted): read the saved reply instead. */
  onGone(messageId: string): void;
  /** What to say when the connection stayed lost. */
  lostMessage: string;
}

const ENDINGS: Record<string, MessageStatus> = {
  task_cancelled: "cancelled",
  task_interrupted: "interrupted",
  stream_truncated: "truncated",
};

/**
 * Starts following. `start` opens the request that creates the reply; without it, `taskId` is
 * resumed from its first event (`messageId` names the reply being resumed).
 */
export function followReply(
  live: Signal<LiveReply | null>,
  start: ((signal: AbortSignal) => Promise<Response>) | null,
  resume: { taskId: string; messageId: string; startedAt?: number } | null,
  hooks: ReplyHooks,
): Following {
  const state: LiveReply = {
    id: resume?.messageId ?? "",
    text: "",
    thinking: "",
    tokens: 0,
    startedAt: resume?.startedAt ?? performance.now(),
    tokensPerSecond: null,
    dropped: 0,
    link: "live",
  };
  live.value = { ...state };
  let frame = 0;
  const flush = () => {
    frame = 0;
    live.value = { ...state };
  };
  const schedule = () => {
    frame ||= requestAnimationFrame(flush);
  };
  // The rate counts only tokens that arrive live: after a (re)connect the first read may carry a
  // backlog, which becomes the new baseline instead of a burst of speed.
  let rebase = true;
  let base = { tokens: 0, at: 0 };
  let status: MessageStatus = "complete";
  let errorMessage = "";
  let model: string | null = null;
  let saw = false;
  // An assistant reply's card (`action` event).
  let card: unknown;
  // When the first reasoning arrived (a resume replays it: then it measures the replay, and the
  // `done` event's own figure replaces it).
  let thinkingFrom: number | undefined;

  const follower = followTask({
    start: start ?? undefined,
    taskId: resume?.taskId,
    onLink(link) {
      state.link = link;
      if (link === "live") rebase = true;
      schedule();
    },
    onEvent({ event, data }) {
      saw = true;
      const d = data as Record<string, unknown>;
      if (event === "meta") {
        const meta = d as unknown as ReplyMeta;
        state.id = meta.assistantMessageId;
        model = meta.model;
        hooks.onMeta?.(meta);
      } else if (event === "wait") {
        const position = Number(d.position);
        state.wait = {
          state: d.state as NonNullable<LiveReply["wait"]>["state"],
          ...(Number.isFinite(position) && { position }),
        };
      } else if (event === "context") {
        state.dropped = Number(d.dropped) || 0;
      } else if (event === "thinking") {
        thinkingFrom ??= performance.now();
        state.thinking += String(d.text ?? "");
      } else if (event === "token") {
        state.wait = undefined;
        if (thinkingFrom !== undefined) state.thoughtMs ??= performance.now() - thinkingFrom;
        state.text += String(d.text ?? "");
        // Tokens that reached the server together come as one event with their count.
        state.tokens += Number(d.count) || 1;
        const now = performance.now();
        if (rebase) {
          base = { tokens: state.tokens, at: now };
          setTimeout(() => rebase = false);
        } else if (now - base.at > 400) {
          state.tokensPerSecond = (state.tokens - base.tokens) / ((now - base.at) / 1000);
        }
      } else if (event === "done") {
        state.wait = undefined;
        state.final = d as LiveReply["final"];
      } else if (event === "sources") {
        state.sources = d.sources as LiveReply["sources"];
      } else if (event === "action") {
        card = d;
      } else if (event === "tool" || event === "approval") {
        // An agent's step or approval, sent again when it changes: the newest of each id stays,
        // in the order they came (the lazy chunk renders them; a resumed stream replays them).
        const key = event === "tool" ? "steps" : "approvals";
        // What the reply waited for before is over (the model read the prompt, it called a tool).
        state.wait = undefined;
        const list: { id: unknown }[] = state[key] ?? [];
        state[key] = list.some((x) => x.id === d.id)
          ? list.map((x) => x.id === d.id ? d : x) as never
          : [...list, d] as never;
        // A file made or changed: an open workspace panel reads the workspace again.
        if (d.path && d.state === "done") workspaceChanged();
      } else if (event === "error") {
        status = ENDINGS[String(d.code)] ?? "error";
        errorMessage = String(d.message ?? "");
      }
      schedule();
    },
  });

  const finish = () => {
    cancelAnimationFrame(frame);
    live.value = null;
    const f = state.final ?? {};
    hooks.onEnd({
      id: state.id,
      seq: 0,
      role: "assistant",
      content: state.text,
      thinking: state.thinking,
      status,
      model,
      meta: {
        taskId: follower.taskId ?? undefined,
        tokensPerSecond: f.tokensPerSecond,
        completionTokens: f.completionTokens ?? (state.tokens || undefined),
        totalMs: f.totalMs,
        contextDropped: state.dropped || undefined,
        thinkingMs: f.thinkingMs ?? (state.thinking ? state.thoughtMs : undefined),
        errorMessage: errorMessage || undefined,
        card,
        sources: state.sources,
        steps: state.steps,
      },
    });
  };
  follower.done.then(finish, (err: unknown) => {
    // The task's own `error` event already said how it ended.
    if (err instanceof TaskError) return finish();
    const error = err instanceof ApiError ? err : new ApiError("stream_lost", String(err));
    if (!saw && !resume) {
      cancelAnimationFrame(frame);
      live.value = null;
      hooks.onRefused(error);
      return;
    }
    if (error.code === "task_not_found" && state.id) {
      cancelAnimationFrame(frame);
      live.value = null;
      hooks.onGone(state.id);
      return;
    }
    status = "error";
    errorMessage = error.code === "stream_lost" ? hooks.lostMessage : error.message;
    finish();
  });
  return follower;
}
