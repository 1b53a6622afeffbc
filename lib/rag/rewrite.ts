/**
 * Follow-up questions as standalone search queries. "And how much is it?" finds nothing in a
 * library; "How much is the deposit for the flat?" does. Before a follow-up searches the
 * documents, the chat model rewrites it from the last few turns of the conversation (open-webui#4775
 * is what happens without: retrieval forgets the conversation).
 *
 * The request goes to the chat's own model with the chat's own context size (a different
 * `num_ctx` would reload the model: lib/chat/model_context.ts), without thinking, at `interactive`
 * priority (a person waits for the reply behind it), with a short `num_predict`. Any failure, an
 * empty answer or an overlong one leaves the question as it was: a rewrite may only help.
 */
import type { ChatProvider } from "../ai/types.ts";
import { type ModelContext, modelContext } from "../chat/model_context.ts";

/** The start of Hearth's rewrite request (the Fake Ollama recognises it: lib/ollama/fake_demo.ts). */
export const REWRITE_REQUEST = "Rewrite the follow-up question at the end of this conversation";

/** Messages of history the rewrite reads at most (the newest). */
export const REWRITE_TURNS = 6;
/** Characters of one earlier message it reads at most (its start). */
const MESSAGE_CHARS = 600;
/** Characters of the question it reads at most. */
const QUESTION_CHARS = 1000;
/** Tokens the rewrite may generate. */
const REWRITE_TOKENS = 80;
/** A rewrite longer than this is not a query: the question stays. */
const MAX_QUERY_CHARS = 400;
/** How long a rewrite may take, its wait in the model queue included. */
const REWRITE_TIMEOUT_MS = 30_000;

const flat = (text: string, max: number) => {
  const one = text.replace(/\s+/g, " ").trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
};

/** The request's text: the instruction, the last turns (one line each), the follow-up. */
export function rewritePrompt(
  history: readonly { role: "user" | "assistant"; content: string }[],
  question: string,
): string {
  const turns = history.filter((m) => m.content.trim()).slice(-REWRITE_TURNS).map((m) =>
    `${m.role === "user" ? "User" : "Assistant"}: ${flat(m.content, MESSAGE_CHARS)}`
  );
  return `${REWRITE_REQUEST} as one standalone search query: name what it refers to, keep its ` +
    `language, add nothing else. Answer with the query only.\n\nConversation:\n${
      turns.join("\n")
    }\n\nFollow-up question: ${flat(question, QUESTION_CHARS)}`;
}

/** The model's answer as a query: its first line, without reasoning tags, quotes or a label. */
function cleanQuery(text: string): string {
  const line = text.replace(/<think>[\s\S]*?<\/think>/g, "").split("\n").map((l) => l.trim())
    .find(Boolean) ?? "";
  return line.replace(/^(standalone )?(search )?query:\s*/i, "").replace(/^["'“„«]+|["'”“»]+$/g, "")
    .trim();
}

/**
 * `question` rewritten as a standalone search query from `history` (oldest first, without the
 * question); the question itself when there is no history or the rewrite fails, is empty or is
 * overlong. `context` is the chat's (so the same `num_ctx` is sent); without it, it is decided
 * here the same way.
 */
export async function rewriteQuestion(
  provider: ChatProvider,
  model: string,
  history: { role: "user" | "assistant"; content: string }[],
  question: string,
  opts: {
    signal?: AbortSignal;
    context?: ModelContext;
    /** Whose request it is (a profile id), for the model queue's turns. */
    owner?: string;
  } = {},
): Promise<string> {
  if (!history.some((m) => m.content.trim()) || !question.trim()) return question;
  try {
    const context = opts.context ?? await modelContext(provider, model, {}, opts.signal);
    const canThink = context.description?.capabilities.includes("thinking") ?? false;
    const deadline = AbortSignal.any([
      ...(opts.signal ? [opts.signal] : []),
      AbortSignal.timeout(REWRITE_TIMEOUT_MS),
    ]);
    let text = "";
    for await (
      const e of provider.chat({
        model,
        messages: [{ role: "user", content: rewritePrompt(history, question) }],
        // Sampling options do not reload a model; a different num_ctx would.
        options: {
          ...(context.numCtx ? { numCtx: context.numCtx } : {}),
          maxTokens: REWRITE_TOKENS,
          temperature: 0,
        },
        ...(canThink && { think: false }),
      }, { signal: deadline, priority: "interactive", owner: opts.owner, label: "rewrite" })
    ) {
      if (e.type === "token") text += e.text;
      if (text.length > MAX_QUERY_CHARS * 4) break;
    }
    const query = cleanQuery(text);
    return query && query.length <= MAX_QUERY_CHARS ? query : question;
  } catch {
    // A stopped reply stops here too; anything else: search with the question as asked.
    opts.signal?.throwIfAborted();
    return question;
  }
}
