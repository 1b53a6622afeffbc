/**
 * `FakeChatProvider`: the provider of demo mode (`HEARTH_FAKE_OLLAMA=1`) and of tests that do
 * not need HTTP. It streams a deterministic reply that says plainly that no model is running,
 * at a steady token rate, calls a tool when the user names one, and keeps the real providers'
 * errors (unknown model, a prompt over the context, cancellation).
 */
import { FAKE_INSTALLED, fakeDigest } from "../ollama/fake_catalogue.ts";
import { normalizeModelName } from "../ollama/modelfile.ts";
import type { OllamaService } from "../ollama/types.ts";
import { ProviderError, validateChatRequest } from "./errors.ts";
import type {
  CallOptions,
  ChatEvent,
  ChatProvider,
  ChatRequest,
  EmbedResult,
  ModelInfo,
  ProviderHealth,
  ToolSpec,
} from "./types.ts";
import { sleep } from "../async.ts";

/** What the fake answers. */
export interface FakeProviderReply {
  content?: string;
  toolCalls?: { name: string; arguments: Record<string, unknown> }[];
}

/** Options of `FakeChatProvider`. */
export interface FakeProviderOptions {
  /** Streaming speed (default 30, so a demo looks alive); 0 streams without pauses. */
  tokensPerSecond?: number;
  /** Model names it has (default: the fake catalogue's installed models). */
  models?: string[];
  /** Take the model list from this service instead, so models pulled in the demo can chat. */
  ollama?: Pick<OllamaService, "status">;
  /** Replaces the built-in script. */
  reply?: (request: ChatRequest) => FakeProviderReply;
}

/** The host name the fake reports. */
export const FAKE_PROVIDER_HOST = "fake://demo";

const words = (text: string) => text.split(/\s+/).filter(Boolean);
const excerpt = (text: string, max: number) => {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

function mentions(text: string, tool: ToolSpec): boolean {
  const lower = text.toLowerCase();
  const name = tool.name.toLowerCase();
  return lower.includes(name) || lower.includes(name.replace(/[_-]/g, " "));
}

/** Arguments for a tool's required properties, filled from its JSON Schema and the user's text. */
function argumentsFor(tool: ToolSpec, text: string): Record<string, unknown> {
  const props = (tool.parameters.properties ?? {}) as Record<string, Record<string, unknown>>;
  const required = Array.isArray(tool.parameters.required) ? tool.parameters.required : [];
  const out: Record<string, unknown> = {};
  for (const key of required.map(String)) {
    const p = props[key] ?? {};
    if (Array.isArray(p.enum) && p.enum.length) out[key] = p.enum[0];
    else if (p.type === "number" || p.type === "integer") out[key] = 1;
    else if (p.type === "boolean") out[key] = true;
    else if (p.type === "array") out[key] = [];
    else if (p.type === "object") out[key] = {};
    else out[key] = excerpt(text, 200);
  }
  return out;
}

/**
 * The built-in script: after a tool result, a canned summary of it; when tools are offered and
 * the user's message names one, a call to it; otherwise a reply that says it is the demo.
 */
export function demoReply(req: ChatRequest): FakeProviderReply {
  const last = req.messages.at(-1)!;
  if (last.role === "tool") {
    return {
      content: `The tool "${last.name}" answered: ${
        excerpt(last.content, 200)
      } (Demo mode: no AI model is running, so this summary is canned.)`,
    };
  }
  const tool = last.role === "user" ? req.tools?.find((t) => mentions(last.content, t)) : undefined;
  if (tool) {
    return { toolCalls: [{ name: tool.name, arguments: argumentsFor(tool, last.content) }] };
  }
  const said = words(last.content);
  return {
    content: `This is Hearth's demo mode: no AI model is running, so this reply is canned. ` +
      `Your message had ${said.length} ${said.length === 1 ? "word" : "words"}` +
      (said.length ? `, starting with "${excerpt(said.slice(0, 6).join(" "), 60)}".` : "."),
  };
}

/** A deterministic, honest provider without any upstream. */
export class FakeChatProvider implements ChatProvider {
  readonly kind = "fake" as const;
  readonly #opts: FakeProviderOptions;

  constructor(opts: FakeProviderOptions = {}) {
    this.#opts = opts;
  }

  async #models(): Promise<ModelInfo[]> {
    if (!this.#opts.ollama) {
      const names = this.#opts.models ?? FAKE_INSTALLED.map((m) => m.name);
      return names.map((name) => ({ name, hosts: [FAKE_PROVIDER_HOST], loaded: false }));
    }
    const status = await this.#opts.ollama.status();
    return status.hosts.flatMap((h) =>
      h.models.map((m) => ({
        name: m.name,
        hosts: [h.url],
        loaded: h.running.some((r) => r.name === m.name),
        size: m.size,
        family: m.family,
      }))
    );
  }

  async #requireModel(model: string): Promise<void> {
    const wanted = normalizeModelName(model);
    if ((await this.#models()).some((m) => normalizeModelName(m.name) === wanted)) return;
    throw new ProviderError(
      "model_not_found",
      `The demo has no model "${model}". Pull it first.`,
      { host: FAKE_PROVIDER_HOST },
    );
  }

  async *chat(req: ChatRequest, opts: CallOptions = {}): AsyncGenerator<ChatEvent> {
    validateChatRequest(req);
    opts.signal?.throwIfAborted();
    await this.#requireModel(req.model);
    // Like the fake Ollama server: words of all messages plus a template overhead.
    const promptTokens = words(req.messages.map((m) => m.content).join(" ")).length + 10;
    if (promptTokens > req.options.numCtx) {
      throw new ProviderError(
        "context_overflow",
        `The prompt needs about ${promptTokens} tokens, more than the context of ${req.options.numCtx}.`,
        { host: FAKE_PROVIDER_HOST },
      );
    }
    const reply = (this.#opts.reply ?? demoReply)(req);
    const rate = this.#opts.tokensPerSecond ?? 30;
    const tokenMs = rate > 0 ? 1000 / rate : 0;
    const start = performance.now();
    const chunks = (reply.content ?? "").match(/\S+\s*|\s+/g) ?? [];
    const limit = req.options.maxTokens ?? Infinity;
    for (const text of chunks.slice(0, limit)) {
      await sleep(tokenMs, opts.signal);
      yield { type: "token", text };
    }
    const calls = req.tools?.length ? reply.toolCalls ?? [] : [];
    for (const [i, call] of calls.entries()) {
      await sleep(tokenMs, opts.signal);
      yield { type: "tool_call", id: `call_${i}`, name: call.name, arguments: call.arguments };
    }
    const completionTokens = Math.min(chunks.length, limit) + calls.length;
    const totalMs = Math.round((performance.now() - start) * 10) / 10;
    yield {
      type: "done",
      promptTokens,
      completionTokens,
      totalMs,
      generationMs: totalMs,
      tokensPerSecond: totalMs > 0
        ? Math.round((completionTokens / totalMs) * 10_000) / 10
        : undefined,
      doneReason: calls.length ? "tool_calls" : chunks.length > limit ? "length" : "stop",
      host: FAKE_PROVIDER_HOST,
    };
  }

  async embed(model: string, inputs: string[], opts: CallOptions = {}): Promise<EmbedResult> {
    opts.signal?.throwIfAborted();
    if (!inputs.length) throw new ProviderError("invalid_input", "inputs: nothing to embed");
    await this.#requireModel(model);
    // A unit vector per text, stable for the same text, like the fake Ollama server's.
    const embeddings = inputs.map((text) => {
      const hex = fakeDigest(text);
      const raw = Array.from(
        { length: 8 },
        (_, i) => parseInt(hex.slice(i * 2, i * 2 + 2), 16) - 127.5,
      );
      const norm = Math.hypot(...raw) || 1;
      return raw.map((v) => v / norm);
    });
    return { embeddings, promptTokens: words(inputs.join(" ")).length, host: FAKE_PROVIDER_HOST };
  }

  models(): Promise<ModelInfo[]> {
    return this.#models();
  }

  async health(): Promise<ProviderHealth> {
    if (!this.#opts.ollama) {
      return {
        kind: this.kind,
        ok: true,
        hosts: [{ url: FAKE_PROVIDER_HOST, ok: true, latencyMs: 0 }],
      };
    }
    const status = await this.#opts.ollama.status();
    const hosts = status.hosts.map((h) => ({
      url: h.url,
      ok: h.reachable,
      version: h.version,
      error: h.error,
    }));
    return { kind: this.kind, ok: hosts.some((h) => h.ok), hosts };
  }
}
