/**
 * Ollama's `/api/chat` shapes (docs/api.md) and their mapping to Hearth's request and events.
 * Durations on the wire are nanoseconds; Hearth's events use milliseconds.
 */
import type { ChatEvent, ChatMessage, ChatRequest, DoneEvent, ToolCallEvent } from "./types.ts";
import { parseArguments } from "./tool_args.ts";

/** One tool call inside an Ollama message. Older Ollama versions send no `id`. */
export interface WireToolCall {
  id?: string;
  function?: { index?: number; name?: string; arguments?: Record<string, unknown> | string };
}

/** One NDJSON line of a streamed `/api/chat` answer. */
export interface WireChatLine {
  model?: string;
  message?: { role?: string; content?: string; thinking?: string; tool_calls?: WireToolCall[] };
  done?: boolean;
  done_reason?: string;
  total_duration?: number;
  load_duration?: number;
  prompt_eval_count?: number;
  prompt_eval_duration?: number;
  eval_count?: number;
  eval_duration?: number;
}

function wireMessage(m: ChatMessage): Record<string, unknown> {
  switch (m.role) {
    case "assistant":
      return {
        role: "assistant",
        content: m.content,
        ...(m.toolCalls?.length
          ? {
            tool_calls: m.toolCalls.map((t) => ({
              id: t.id,
              function: { name: t.name, arguments: t.arguments },
            })),
          }
          : {}),
      };
    case "tool":
      // Ollama matches a tool answer to its call by the tool's name (`tool_name`).
      return { role: "tool", content: m.content, tool_name: m.name };
    case "user":
      // Ollama reads photos as base64 strings beside the text (vision models only).
      return m.images?.length
        ? { role: "user", content: m.content, images: m.images }
        : { role: "user", content: m.content };
    default:
      return { role: m.role, content: m.content };
  }
}

/**
 * The JSON body of a streamed `/api/chat` request; `num_ctx` only when the request sets it,
 * `think` only when the request says (else the model's own default).
 */
export function ollamaChatBody(req: ChatRequest): Record<string, unknown> {
  const { numCtx, temperature, maxTokens, seed } = req.options;
  const options: Record<string, number> = {};
  if (numCtx !== undefined) options.num_ctx = numCtx;
  if (temperature !== undefined) options.temperature = temperature;
  if (maxTokens !== undefined) options.num_predict = maxTokens;
  if (seed !== undefined) options.seed = seed;
  return {
    model: req.model,
    messages: req.messages.map(wireMessage),
    stream: true,
    // Ollama would otherwise drop the oldest messages silently when the prompt does not fit;
    // Hearth trims the history itself and says so (lib/chat/context.ts).
    truncate: false,
    ...(req.think !== undefined ? { think: req.think } : {}),
    ...(req.format ? { format: req.format } : {}),
    ...(req.tools?.length
      ? {
        tools: req.tools.map((t) => ({
          type: "function",
          function: { name: t.name, description: t.description, parameters: t.parameters },
        })),
      }
      : {}),
    options,
  };
}

const ms = (ns: number | undefined) =>
  typeof ns === "number" && ns >= 0 ? Math.round(ns / 1e5) / 10 : undefined;

/** Turns the lines of one streamed answer into events; keeps count of tool calls for ids. */
export class OllamaChatMapper {
  #toolCalls = 0;

  /** Reasoning, tokens and tool calls of a line (the final one may carry text too). */
  events(line: WireChatLine): ChatEvent[] {
    const out: ChatEvent[] = [];
    const thinking = line.message?.thinking;
    if (typeof thinking === "string" && thinking) out.push({ type: "thinking", text: thinking });
    const text = line.message?.content;
    if (typeof text === "string" && text) out.push({ type: "token", text });
    for (const call of line.message?.tool_calls ?? []) out.push(this.#toolCall(call));
    return out;
  }

  #toolCall(call: WireToolCall): ToolCallEvent {
    const n = this.#toolCalls++;
    const raw = call.function?.arguments;
    const args = typeof raw === "string" ? parseArguments(raw) : { arguments: raw ?? {} };
    return {
      type: "tool_call",
      id: call.id || `call_${n}`,
      name: call.function?.name ?? "",
      ...args,
    };
  }

  /** The `done` event of the final line. */
  done(line: WireChatLine, host: string): DoneEvent {
    const completion = line.eval_count ?? 0;
    const generationMs = ms(line.eval_duration);
    const reason = line.done_reason || "stop";
    return {
      type: "done",
      promptTokens: line.prompt_eval_count ?? 0,
      completionTokens: completion,
      totalMs: ms(line.total_duration) ?? 0,
      loadMs: ms(line.load_duration),
      promptMs: ms(line.prompt_eval_duration),
      generationMs,
      tokensPerSecond: generationMs
        ? Math.round((completion / generationMs) * 10_000) / 10
        : undefined,
      // Ollama says "stop" after tool calls; Hearth's events say "tool_calls" for both providers.
      doneReason: reason === "stop" && this.#toolCalls > 0 ? "tool_calls" : reason,
      host,
    };
  }
}
