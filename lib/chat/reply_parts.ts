/**
 * Pieces of a reply the chat engine (engine.ts) puts together: the stored messages as history,
 * the reply's stats, its stored status, and starting its task.
 */
import type { DoneEvent } from "../ai/types.ts";
import { HttpError } from "../http/errors.ts";
import type { Db } from "../db/mod.ts";
import type { Logger } from "../log/logger.ts";
import type { StartTaskOptions, TaskRegistry } from "../tasks/registry.ts";
import type { Task, TaskStatus } from "../tasks/task.ts";
import type { HistoryMessage } from "./attachments.ts";
import { updateMessage } from "./store.ts";
import type { Message, PathMessage } from "./types.ts";

/** The stored status of a reply whose task ended so. */
export const STATUS: Record<Exclude<TaskStatus, "running">, Message["status"]> = {
  done: "complete",
  error: "error",
  cancelled: "cancelled",
  truncated: "truncated",
  interrupted: "interrupted",
};

/**
 * A stored message as history for the model: its text only, never a reply's reasoning (nor an
 * agent reply's tool calls); a user message's photos go by id until `withImages`.
 */
export function toChatMessage(m: PathMessage): HistoryMessage | null {
  if (m.role === "user") {
    const ids = (m.meta.images ?? []).map((i) => i.id);
    return { role: "user", content: m.content, ...(ids.length && { attachmentIds: ids }) };
  }
  if (m.role === "system") return { role: m.role, content: m.content };
  if (m.role === "assistant") {
    // Failed or empty replies would only confuse the model.
    if (!m.content && m.status !== "complete") return null;
    return { role: "assistant", content: m.content };
  }
  return null;
}

/** The dialogue as text only (photos and system messages left out), for agent and documents. */
export function textHistory(
  history: HistoryMessage[],
): { role: "user" | "assistant"; content: string }[] {
  return history.flatMap((m) =>
    m.role === "user" || m.role === "assistant" ? [{ role: m.role, content: m.content }] : []
  );
}

/** A plain reply's stats from its `done` event, Hearth's estimate of the prompt, its reasoning. */
export function replyStats(
  event: DoneEvent,
  promptEstimate: number,
  thinkingMs: number | undefined,
): Record<string, unknown> {
  return {
    promptTokens: event.promptTokens,
    promptEstimate,
    completionTokens: event.completionTokens,
    totalMs: event.totalMs,
    tokensPerSecond: event.tokensPerSecond,
    doneReason: event.doneReason,
    ...(thinkingMs !== undefined && { thinkingMs: Math.round(thinkingMs) }),
  };
}

/**
 * `deps.tasks.start`, and when the registry refuses (busy, shutting down) the stored
 * `streaming` message says so instead of waiting for a task that never ran.
 */
export function startTask(
  deps: { db: Db; tasks: TaskRegistry; log: Logger },
  profileId: string,
  assistantMessage: Message,
  options: StartTaskOptions,
): Task {
  try {
    return deps.tasks.start(options);
  } catch (err) {
    const error = err instanceof HttpError
      ? { code: err.code, message: err.message }
      : { code: "task_failed", message: "The reply could not be started." };
    updateMessage(deps.db.kysely, profileId, assistantMessage.id, {
      status: "error",
      meta: { error },
    }).catch((e) => deps.log.error("could not mark an unstarted reply", { error: String(e) }));
    throw err;
  }
}
