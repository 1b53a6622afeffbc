/**
 * Titles for new conversations, asked of the model after the first reply (see `nameConversation`).
 */
import type { ChatProvider } from "../ai/types.ts";
import type { Db } from "../db/mod.ts";
import { HttpError } from "../http/errors.ts";
import type { Logger } from "../log/logger.ts";
import type { TaskRegistry } from "../tasks/registry.ts";
import { profileOwner } from "../tasks/owner.ts";
import { type ModelContext, modelContext } from "./model_context.ts";

/** The longest title taken from a first message, before its "…". */
const PROVISIONAL_MAX = 60;

// Bidi controls (embeddings, overrides, isolates, marks) and other control characters: a title
// is shown in lists and tabs, where one of them could reverse what follows it.
// deno-lint-ignore no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * A conversation's title from its first message, given at once when it is sent: the first line
 * that has text, its spaces collapsed, cut on a word boundary at about 60 characters ("…").
 */
export function provisionalTitle(message: string): string {
  const line = message.split("\n").map((l) => l.replace(UNSAFE, "").replace(/\s+/g, " ").trim())
    .find(Boolean) ?? "";
  const chars = [...line];
  if (chars.length <= PROVISIONAL_MAX) return line;
  const cut = chars.slice(0, PROVISIONAL_MAX).join("");
  const space = cut.lastIndexOf(" ");
  return `${(space >= PROVISIONAL_MAX / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** What titling needs of the chat engine's dependencies. */
export interface TitleDeps {
  db: Db;
  tasks: TaskRegistry;
  log: Logger;
  /** The admin's context sizes per model (config `models.contextSizes`). */
  contextSizes?(): Record<string, number>;
}

/** How long a title may take, its wait in the model queue included. */
const TITLE_TIMEOUT_MS = 5 * 60_000;
/** How often a title is asked again after replies took its slot. */
const TITLE_ATTEMPTS = 5;

/**
 * Gives a new conversation a short title: the model's own, asked as a task of its own at `title`
 * priority with the reply's context size (so the model is not reloaded) and without thinking,
 * else the first words of the question. It replaces no title but `provisional` (the one taken from
 * the first message when it was sent), so a title the person set is never overwritten. Resolves
 * to the title stored, or null when there was none to set.
 */
export async function nameConversation(
  deps: TitleDeps,
  provider: ChatProvider,
  input: {
    profileId: string;
    conversationId: string;
    model: string;
    question: string;
    context?: ModelContext;
    /** The title given from the first message, which the model's may replace. */
    provisional?: string;
  },
): Promise<string | null> {
  const { profileId, conversationId, model, question } = input;
  let title = "";
  try {
    const task = deps.tasks.start({
      owner: profileOwner(profileId),
      kind: "title",
      meta: { conversationId, model },
      async run(out, signal) {
        const context = input.context ??
          await modelContext(provider, model, deps.contextSizes?.(), signal);
        const canThink = context.description?.capabilities.includes("thinking");
        const request = {
          model,
          messages: [{
            role: "user" as const,
            content: "Write a title of at most six words for a conversation that starts with " +
              `the message below. Answer with the title only, no quotes.\n\n${
                question.slice(0, 2000)
              }`,
          }],
          // Sampling options do not reload a model; a different num_ctx would.
          options: {
            ...(context.numCtx ? { numCtx: context.numCtx } : {}),
            maxTokens: 24,
            temperature: 0.2,
          },
          ...(canThink ? { think: false } : {}),
        };
        const deadline = AbortSignal.any([signal, AbortSignal.timeout(TITLE_TIMEOUT_MS)]);
        // A reply that would wait for the title stops it; the title then asks again after it.
        for (let attempt = 1;; attempt++) {
          title = "";
          try {
            for await (
              const e of provider.chat(request, {
                signal: deadline,
                priority: "title",
                owner: profileId,
                label: "title",
                preemptible: true,
              })
            ) {
              if (e.type === "token") {
                title += e.text;
                if (title.length > 400) break;
              }
            }
            break;
          } catch (err) {
            const preempted = err instanceof HttpError && err.code === "preempted";
            if (!preempted || attempt >= TITLE_ATTEMPTS) throw err;
          }
        }
        out.emit("done", {});
      },
    });
    await task.ended;
    if (task.info().status !== "done") {
      deps.log.warn("title generation failed", { status: task.info().status });
    }
  } catch (err) {
    // Refused (shutting down, too busy): the question's first words will do.
    deps.log.warn("title generation failed", { error: String(err) });
  }
  title = title.replace(/<think>[\s\S]*?<\/think>/g, "").replace(/["*#\n]/g, " ").replace(
    /\s+/g,
    " ",
  )
    .trim().slice(0, 80);
  title = title.replace(UNSAFE, "");
  // No title from the model: the one from the first message stays.
  if (!title && input.provisional) return null;
  if (!title) {
    title = question.replace(UNSAFE, "").replace(/\s+/g, " ").trim().split(" ").slice(0, 6).join(
      " ",
    ).slice(0, 80);
  }
  try {
    const named = await deps.db.kysely.updateTable("conversations")
      .set({ title })
      .where("id", "=", conversationId)
      .where("profile_id", "=", profileId)
      .where("title", "in", ["", input.provisional || ""])
      .executeTakeFirst();
    return Number(named.numUpdatedRows) > 0 ? title : null;
  } catch (err) {
    deps.log.warn("could not store a title", { error: String(err) });
    return null;
  }
}
