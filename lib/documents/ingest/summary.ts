/**
 * A document's one-line summary: the household's chat model writes one sentence from the first
 * few thousand characters of its Markdown, at `background` priority and preemptible (a reply that
 * would wait for it takes its slot; it is asked again after), without thinking, with the context
 * size replies use (so the model is not reloaded).
 */
import type { ChatProvider } from "../../ai/types.ts";
import { HttpError } from "../../http/errors.ts";
import { modelContext } from "../../chat/model_context.ts";

/** Longest summary kept, in characters. */
export const SUMMARY_MAX = 200;
/** How much of the document the model reads. */
export const SUMMARY_INPUT_CHARS = 4000;
const ATTEMPTS = 5;
const TIMEOUT_MS = 5 * 60_000;

/** Cleans what the model wrote into one line of at most `SUMMARY_MAX` characters. */
export function cleanSummary(text: string): string {
  const line = text.replace(/<think>[\s\S]*?<\/think>/g, "").replace(/[*#`]/g, "")
    .replace(/\s+/g, " ").trim().replace(/^["“']+|["”']+$/g, "");
  if (line.length <= SUMMARY_MAX) return line;
  const cut = line.slice(0, SUMMARY_MAX - 1);
  const space = cut.lastIndexOf(" ");
  return `${space > SUMMARY_MAX / 2 ? cut.slice(0, space) : cut}…`;
}

/** Asks `model` for the summary of `markdown`; throws what the provider throws. */
export async function summarize(
  provider: ChatProvider,
  input: {
    model: string;
    markdown: string;
    owner: string;
    signal: AbortSignal;
    contextSizes?: Record<string, number>;
  },
): Promise<string> {
  const { model, owner } = input;
  const signal = AbortSignal.any([input.signal, AbortSignal.timeout(TIMEOUT_MS)]);
  const context = await modelContext(provider, model, input.contextSizes, signal);
  const canThink = context.description?.capabilities.includes("thinking");
  const request = {
    model,
    messages: [{
      role: "user" as const,
      content: `Say in one sentence of at most ${SUMMARY_MAX} characters what the document ` +
        "below is about, in the document's language. Answer with the sentence only.\n\n" +
        input.markdown.slice(0, SUMMARY_INPUT_CHARS),
    }],
    options: {
      ...(context.numCtx ? { numCtx: context.numCtx } : {}),
      maxTokens: 80,
      temperature: 0.2,
    },
    ...(canThink ? { think: false } : {}),
  };
  for (let attempt = 1;; attempt++) {
    let text = "";
    try {
      for await (
        const e of provider.chat(request, {
          signal,
          priority: "background",
          owner,
          label: "summary",
          preemptible: true,
        })
      ) {
        if (e.type === "token") text += e.text;
        if (text.length > 2000) break;
      }
      return cleanSummary(text);
    } catch (err) {
      const preempted = err instanceof HttpError && err.code === "preempted";
      if (!preempted || attempt >= ATTEMPTS) throw err;
    }
  }
}
