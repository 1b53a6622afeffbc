/**
 * What the model reads: the system prompt, then as many of the latest messages as fit the
 * model's context window, leaving room for the reply. Hearth always sends the window size
 * (`num_ctx`) and says when older messages had to be left out, instead of letting Ollama cut
 * the prompt silently.
 */
import type { ChatMessage } from "../ai/types.ts";

/** What `buildContext` decided. */
export interface ContextPlan {
  messages: ChatMessage[];
  /** Messages of the history that did not fit and were left out (oldest first). */
  dropped: number;
  /** Estimated prompt tokens. */
  promptTokens: number;
  /** The window sent as `num_ctx`. */
  numCtx: number;
}

/**
 * A deliberately cautious token estimate: about 3.5 characters per token for Latin text, one
 * token per CJK character, plus per-message overhead. Over-estimating only drops history a
 * little early; under-estimating would let Ollama truncate silently.
 */
export function estimateTokens(text: string): number {
  // Kana, CJK ideographs and Hangul are all in the Basic Multilingual Plane: one UTF-16 unit
  // each, so units can be counted (a regex per character cost ~0.2 ms a reply, bench/model.ts).
  let cjk = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (
      (c >= 0x3040 && c <= 0x30ff) || (c >= 0x3400 && c <= 0x9fff) || (c >= 0xac00 && c <= 0xd7af)
    ) cjk++;
  }
  return Math.ceil((text.length - cjk) / 3.5) + cjk;
}

const PER_MESSAGE = 4;

/** What one photo costs a vision model's context (Ollama's projector: 768 tokens for most). */
export const PER_IMAGE = 768;

/** Photos on a message: sent (`images`) or still by id (`attachmentIds`, see `withImages`). */
function imageCount(m: ChatMessage): number {
  const withIds = m as { images?: unknown[]; attachmentIds?: unknown[] };
  return withIds.images?.length ?? withIds.attachmentIds?.length ?? 0;
}

/**
 * Fits `history` (oldest first, ending with the new user message) into `numCtx` tokens minus
 * `reserve` for the reply. The newest message always goes in, cut to fit when it alone is too
 * long, so the user's question is never the part that disappears.
 */
export function buildContext(
  { system, history, numCtx, reserve, scale = 1 }: {
    system: string;
    history: ChatMessage[];
    numCtx: number;
    reserve: number;
    /**
     * Real tokens per estimated token for this conversation, from what the model reported for
     * an earlier prompt (`calibrate`); 1 when nothing is known. Never below 1.
     */
    scale?: number;
  },
): ContextPlan {
  const budget = Math.max(numCtx - reserve, 64);
  const k = Math.max(1, scale);
  const systemCost = system ? Math.ceil(estimateTokens(system) * k) + PER_MESSAGE : 0;
  let used = systemCost;
  const kept: ChatMessage[] = [];
  for (let i = history.length - 1; i >= 0; i--) {
    const m = history[i];
    const cost = Math.ceil(estimateTokens(m.content) * k) + PER_MESSAGE + imageCount(m) * PER_IMAGE;
    if (used + cost > budget) {
      if (kept.length === 0) {
        // The newest message alone is too long: keep its end, which is usually the question.
        const room = Math.max(budget - used - PER_MESSAGE, 16);
        const chars = Math.floor((room * 3) / k);
        kept.unshift({ ...m, content: m.content.slice(-chars) } as ChatMessage);
        used = budget;
      }
      break;
    }
    kept.unshift(m);
    used += cost;
  }
  // A tool answer without the assistant turn that asked for it confuses models: drop it too.
  while (kept.length > 1 && kept[0].role === "tool") kept.shift();
  const messages: ChatMessage[] = system ? [{ role: "system", content: system }, ...kept] : kept;
  return { messages, dropped: history.length - kept.length, promptTokens: used, numCtx };
}

/**
 * How far the estimate fell short for this model and text: the tokens the model said it read
 * (`prompt_eval_count`) over Hearth's estimate of that prompt, between 1 and 3. Ollama counts only
 * the part of a prompt it had not cached, so a low count says nothing and the cautious estimate
 * stays the floor.
 */
export function calibrate(reported: unknown, estimated: unknown): number {
  if (typeof reported !== "number" || typeof estimated !== "number" || estimated <= 0) return 1;
  return Math.min(3, Math.max(1, reported / estimated));
}
