/**
 * OpenAI's `/v1/chat/completions` shapes and their mapping to Hearth's request and events,
 * tolerant of what llama.cpp's llama-server sends (docs/TOOLCHAIN.md): a first delta with a
 * role and `content: null`, a finish chunk with an empty delta, a usage chunk with
 * `choices: []`, extra fields such as `timings`, and tool calls streamed in pieces.
 */
import { ToolCallAssembler, type ToolCallDelta } from "./tool_args.ts";
import type { ChatEvent, ChatMessage, ChatRequest, DoneEvent } from "./types.ts";

/** One streamed chunk (`chat.completion.chunk`); every field is optional on purpose. */
export interface WireChunk {
  choices?: {
    index?: number;
    delta?: {
      role?: string;
      content?: string | null;
      /** Reasoning: llama.cpp, vLLM and DeepSeek say `reasoning_content`, OpenRouter `reasoning`. */
      reasoning_content?: string | null;
      reasoning?: string | null;
      tool_calls?: ToolCallDelta[] | null;
    };
    finish_reason?: string | null;
  }[];
  usage?: { prompt_tokens?: number; completion_tokens?: number } | null;
  /** llama.cpp's own measurements. */
  timings?: { prompt_ms?: number; predicted_ms?: number; predicted_per_second?: number };
}

function wireMessage(m: ChatMessage): Record<string, unknown> {
  switch (m.role) {
    case "assistant":
      if (!m.toolCalls?.length) return { role: "assistant", content: m.content };
      return {
        role: "assistant",
        // OpenAI wants null rather than "" next to tool calls.
        content: m.content || null,
        tool_calls: m.toolCalls.map((t) => ({
          id: t.id,
          type: "function",
          function: { name: t.name, arguments: JSON.stringify(t.arguments) },
        })),
      };
    case "tool":
      return { role: "tool", tool_call_id: m.toolCallId, content: m.content };
    case "user":
      if (!m.images?.length) return { role: "user", content: m.content };
      // Photos are content parts with a data URL; the type is read from the base64's start.
      return {
        role: "user",
        content: [
          { type: "text", text: m.content },
          ...m.images.map((b64) => ({
            type: "image_url",
            image_url: { url: `data:${base64Mime(b64)};base64,${b64}` },
          })),
        ],
      };
    default:
      return { role: m.role, content: m.content };
  }
}

/** The image type of base64 data, from its magic bytes (`/9j/` JPEG, `iVBOR` PNG, else WebP). */
function base64Mime(b64: string): string {
  if (b64.startsWith("/9j/")) return "image/jpeg";
  if (b64.startsWith("iVBOR")) return "image/png";
  return "image/webp";
}

/**
 * OpenAI's reasoning models (o1, o3, o4 families and gpt-5*, also behind a router's
 * `openai/` prefix), which refuse `max_tokens` (they want `max_completion_tokens`, which counts
 * the hidden reasoning too) and any `temperature` but the default. Decided by name only: the
 * open models that stream their reasoning through llama.cpp or vLLM (DeepSeek-R1, QwQ, Qwen3)
 * take `max_tokens` and a temperature, which their makers recommend setting, so a reasoning
 * stream does not change what the next request sends.
 */
export function isReasoningModel(model: string): boolean {
  return /^(?:[\w.-]+\/)?(?:o[134](?:$|[-.])|gpt-5)/i.test(model.trim());
}

/**
 * The JSON body of a streamed chat request. `numCtx` is not sent: these servers fix the
 * context when they start and reject unknown fields less predictably than they ignore them.
 * Reasoning models get `max_completion_tokens` and no `temperature` (`isReasoningModel`).
 */
export function openaiChatBody(req: ChatRequest): Record<string, unknown> {
  const { maxTokens, seed } = req.options;
  const reasoning = isReasoningModel(req.model);
  const temperature = reasoning ? undefined : req.options.temperature;
  return {
    model: req.model,
    messages: req.messages.map(wireMessage),
    stream: true,
    stream_options: { include_usage: true },
    ...(req.tools?.length
      ? {
        tools: req.tools.map((t) => ({
          type: "function",
          function: { name: t.name, description: t.description, parameters: t.parameters },
        })),
      }
      : {}),
    ...(req.format
      ? {
        response_format: {
          type: "json_schema",
          json_schema: { name: "answer", schema: req.format, strict: false },
        },
      }
      : {}),
    ...(temperature !== undefined ? { temperature } : {}),
    ...(maxTokens !== undefined
      ? reasoning ? { max_completion_tokens: maxTokens } : { max_tokens: maxTokens }
      : {}),
    ...(seed !== undefined ? { seed } : {}),
  };
}

const round = (n: number) => Math.round(n * 10) / 10;

/**
 * Turns chunks into events. Tool calls are held until the finish chunk (or the end), because
 * their arguments arrive in pieces; usage may come after the finish chunk, so `done` is built
 * only at the end of the stream.
 */
export class OpenAIChatMapper {
  readonly #tools = new ToolCallAssembler();
  readonly #started = performance.now();
  #firstTokenAt?: number;
  #pieces = 0;
  #toolCallsSeen = 0;
  /** The finish reason, once a finish chunk arrived. */
  finishReason?: string;
  #usage?: WireChunk["usage"];
  #timings?: WireChunk["timings"];

  /** The events of one chunk. */
  events(chunk: WireChunk): ChatEvent[] {
    const out: ChatEvent[] = [];
    if (chunk.usage) this.#usage = chunk.usage;
    if (chunk.timings) this.#timings = chunk.timings;
    for (const choice of chunk.choices ?? []) {
      // Hearth asks for one completion; a server that sends more gets its first one used.
      if ((choice.index ?? 0) !== 0) continue;
      const thought = choice.delta?.reasoning_content ?? choice.delta?.reasoning;
      if (typeof thought === "string" && thought) {
        this.#firstTokenAt ??= performance.now();
        this.#pieces++;
        out.push({ type: "thinking", text: thought });
      }
      const text = choice.delta?.content;
      if (typeof text === "string" && text) {
        this.#firstTokenAt ??= performance.now();
        this.#pieces++;
        out.push({ type: "token", text });
      }
      const calls = choice.delta?.tool_calls;
      if (Array.isArray(calls) && calls.length) {
        this.#firstTokenAt ??= performance.now();
        this.#pieces++;
        this.#tools.add(calls);
      }
      if (choice.finish_reason) {
        this.finishReason = choice.finish_reason;
        out.push(...this.flushTools());
      }
    }
    return out;
  }

  /** Tool calls assembled so far, complete (call at the finish chunk or at the end). */
  flushTools(): ChatEvent[] {
    const calls = this.#tools.take();
    this.#toolCallsSeen += calls.length;
    return calls;
  }

  /** The `done` event, from the usage and timings seen, else from Hearth's own clock. */
  done(host: string): DoneEvent {
    const now = performance.now();
    const usage = this.#usage;
    const completion = usage?.completion_tokens ?? this.#pieces;
    const generationMs = this.#timings?.predicted_ms ??
      (this.#firstTokenAt !== undefined ? now - this.#firstTokenAt : undefined);
    const perSecond = this.#timings?.predicted_per_second ??
      (generationMs ? (completion * 1000) / generationMs : undefined);
    const reason = this.finishReason ?? "stop";
    return {
      type: "done",
      promptTokens: usage?.prompt_tokens ?? 0,
      completionTokens: completion,
      totalMs: round(now - this.#started),
      promptMs: this.#timings?.prompt_ms !== undefined ? round(this.#timings.prompt_ms) : undefined,
      generationMs: generationMs !== undefined ? round(generationMs) : undefined,
      tokensPerSecond: perSecond !== undefined ? round(perSecond) : undefined,
      // Some servers finish tool calls with "stop"; Hearth's events say "tool_calls".
      doneReason: reason === "stop" && this.#toolCallsSeen > 0 ? "tool_calls" : reason,
      ...(usage ? {} : { usageEstimated: true }),
      host,
    };
  }
}
