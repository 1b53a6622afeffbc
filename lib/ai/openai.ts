/**
 * `OpenAIProvider`: chat over an OpenAI-compatible `/v1/chat/completions` (SSE) with a Bearer
 * API key: llama.cpp's llama-server, vLLM, LM Studio, or a cloud API. One base URL, no routing.
 */
import { Deadline } from "./deadline.ts";
import { errorDetail, ProviderError, reportFailure, validateChatRequest } from "./errors.ts";
import { OpenAICall } from "./openai_http.ts";
import { openaiChatBody, OpenAIChatMapper, type WireChunk } from "./openai_wire.ts";
import {
  type CallOptions,
  type ChatEvent,
  type ChatProvider,
  type ChatRequest,
  DEFAULT_LIMITS,
  type EmbedResult,
  type ModelDescription,
  type ModelInfo,
  type ProviderHealth,
  type ProviderLimits,
} from "./types.ts";

/** Options of `OpenAIProvider`. */
export interface OpenAIProviderOptions {
  /**
   * The server's base URL. A bare origin (`http://10.0.0.5:8080`) gets `/v1`; a URL with a
   * path (`https://api.openai.com/v1`, `https://host/openai/v1`) is used as given.
   */
  baseUrl: string;
  /** Sent as `Authorization: Bearer …` when set. */
  apiKey?: string;
  /** Overrides of `DEFAULT_LIMITS` (tests use a few hundred ms). */
  limits?: Partial<ProviderLimits>;
  /** Told of every failure of `chat`, `embed` and `models` (not a cancel): for the log. */
  onFailure?: (error: ProviderError) => void;
}

function apiRoot(baseUrl: string): URL {
  let url: URL;
  try {
    url = new URL(baseUrl.trim());
  } catch {
    throw new ProviderError("invalid_input", `baseUrl: "${baseUrl}" is not a URL`);
  }
  const path = url.pathname.replace(/\/+$/, "");
  url.pathname = `${path || "/v1"}/`;
  return url;
}

/** Chat, embeddings and the model list of one OpenAI-compatible server. */
export class OpenAIProvider implements ChatProvider {
  readonly kind = "openai" as const;
  /** The base URL as configured, without a trailing slash (named in errors). */
  readonly baseUrl: string;
  readonly limits: ProviderLimits;
  readonly #root: URL;
  readonly #apiKey: string;
  readonly #report: (err: unknown) => never;

  constructor(opts: OpenAIProviderOptions) {
    this.#root = apiRoot(opts.baseUrl);
    this.baseUrl = opts.baseUrl.trim().replace(/\/+$/, "");
    this.#apiKey = opts.apiKey ?? "";
    this.limits = { ...DEFAULT_LIMITS, ...opts.limits };
    this.#report = reportFailure(opts.onFailure);
  }

  #headers(): Record<string, string> {
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (this.#apiKey) headers.authorization = `Bearer ${this.#apiKey}`;
    return headers;
  }

  #call(timeoutMs: number, signal?: AbortSignal): OpenAICall {
    const { idleTimeoutMs, maxLineBytes } = this.limits;
    return new OpenAICall(this.baseUrl, { timeoutMs, idleTimeoutMs, maxLineBytes, signal });
  }

  async *chat(req: ChatRequest, opts: CallOptions = {}): AsyncGenerator<ChatEvent> {
    validateChatRequest(req);
    const deadline = new Deadline(opts.signal, this.limits.generationTimeoutMs);
    const call = this.#call(this.limits.connectTimeoutMs, deadline.signal);
    try {
      const res = await call.open(new URL("chat/completions", this.#root), {
        method: "POST",
        headers: { ...this.#headers(), accept: "text/event-stream" },
        body: openaiChatBody(req),
      });
      const mapper = new OpenAIChatMapper();
      const state = { sawDone: false };
      for await (const chunk of call.sse(res, state)) {
        yield* mapper.events(chunk as WireChunk);
      }
      // llama.cpp reports a failure after the 200 as a data error (thrown above) and no
      // [DONE]; a stream that simply stops without a finish reason was cut short.
      if (!state.sawDone && !mapper.finishReason) {
        throw new ProviderError(
          "upstream_error",
          `The AI server at ${this.baseUrl} ended the reply before it was complete.`,
          { host: this.baseUrl },
        );
      }
      yield* mapper.flushTools();
      yield mapper.done(this.baseUrl);
    } catch (err) {
      this.#report(deadline.explain(err));
    } finally {
      call.finish();
      deadline.dispose();
    }
  }

  async #json<T>(
    method: string,
    path: string,
    body: unknown,
    timeoutMs: number,
    signal?: AbortSignal,
  ): Promise<T> {
    const call = this.#call(timeoutMs, signal);
    try {
      const res = await call.open(new URL(path, this.#root), {
        method,
        headers: this.#headers(),
        body,
      });
      const text = await call.read(res);
      try {
        return JSON.parse(text) as T;
      } catch {
        throw new ProviderError(
          "upstream_error",
          `The AI server at ${this.baseUrl} sent invalid JSON.`,
          {
            host: this.baseUrl,
            upstreamMessage: text.slice(0, 200),
          },
        );
      }
    } finally {
      call.finish();
    }
  }

  embed(model: string, inputs: string[], opts: CallOptions = {}): Promise<EmbedResult> {
    return this.#embed(model, inputs, opts).catch(this.#report);
  }

  async #embed(model: string, inputs: string[], opts: CallOptions): Promise<EmbedResult> {
    if (!model?.trim()) throw new ProviderError("invalid_input", "model: is empty");
    if (!inputs.length) throw new ProviderError("invalid_input", "inputs: nothing to embed");
    const res = await this.#json<{
      data?: { index?: number; embedding?: number[] }[];
      usage?: { prompt_tokens?: number };
    }>(
      "POST",
      "embeddings",
      { model, input: inputs },
      // A batch of document chunks on a CPU takes longer than a first token.
      this.limits.firstTokenTimeoutMs,
      opts.signal,
    );
    const data = [...(res?.data ?? [])].sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
    if (data.length !== inputs.length || data.some((d) => !Array.isArray(d.embedding))) {
      throw new ProviderError(
        "upstream_error",
        `The AI server at ${this.baseUrl} returned ${data.length} embeddings for ${inputs.length} inputs.`,
        { host: this.baseUrl },
      );
    }
    return {
      embeddings: data.map((d) => d.embedding!),
      promptTokens: res?.usage?.prompt_tokens,
      host: this.baseUrl,
    };
  }

  models(): Promise<ModelInfo[]> {
    return this.#models().catch(this.#report);
  }

  async #models(): Promise<ModelInfo[]> {
    const res = await this.#json<{ data?: { id?: string }[] }>(
      "GET",
      "models",
      undefined,
      this.limits.connectTimeoutMs,
    );
    return (res?.data ?? []).filter((m) => typeof m.id === "string" && m.id).map((m) => ({
      name: m.id!,
      hosts: [this.baseUrl],
    }));
  }

  /**
   * OpenAI-compatible servers say nothing about capabilities or context: the model is only
   * checked to exist, and what it can do is left unknown (empty).
   */
  async describe(model: string): Promise<ModelDescription> {
    const models = await this.models();
    if (!models.some((m) => m.name === model)) {
      return this.#report(
        new ProviderError("model_not_found", `${this.baseUrl} has no model "${model}".`, {
          host: this.baseUrl,
        }),
      );
    }
    return { name: model, capabilities: [] };
  }

  async health(): Promise<ProviderHealth> {
    const start = performance.now();
    try {
      await this.models();
      const latencyMs = Math.round(performance.now() - start);
      return { kind: this.kind, ok: true, hosts: [{ url: this.baseUrl, ok: true, latencyMs }] };
    } catch (err) {
      const error = errorDetail(err);
      return { kind: this.kind, ok: false, hosts: [{ url: this.baseUrl, ok: false, error }] };
    }
  }
}
