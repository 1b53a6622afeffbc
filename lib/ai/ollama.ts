/**
 * `OllamaProvider`: chat over Ollama's native `/api/chat` (NDJSON), routed across the
 * configured hosts with failover before the first token. The HTTP calls, deadlines and the
 * 1 MB line cap are the Ollama service's own (`lib/ollama/http.ts`); this file adds routing,
 * the generation deadline and the mapping to Hearth's events.
 */
import type { ConnectionPool } from "../http/pool.ts";
import { type CallLimits, requestJson, requestNdjsonBatches } from "../ollama/http.ts";
import { modelKey } from "../ollama/modelfile.ts";
import { toDetails, type WireShow } from "../ollama/wire.ts";
import { DEFAULT_OLLAMA_HOST } from "../ollama/real.ts";
import { Deadline } from "./deadline.ts";
import { ModelQueue } from "./queue.ts";
import {
  errorDetail,
  fromOllamaError,
  ProviderError,
  reportFailure,
  validateChatRequest,
  worthFailover,
} from "./errors.ts";
import { type HostCandidate, HostRouter, listHosts, listsModel } from "./ollama_routing.ts";
import { ollamaChatBody, OllamaChatMapper, type WireChatLine } from "./ollama_wire.ts";
import {
  type CallOptions,
  type ChatEvent,
  type ChatProvider,
  type ChatRequest,
  DEFAULT_LIMITS,
  type EmbedResult,
  type HostHealth,
  type ModelDescription,
  type ModelInfo,
  type ProviderHealth,
  type ProviderLimits,
  type ThinkingEvent,
  type TokenEvent,
} from "./types.ts";

/** How long `describe()` trusts an answer (a model rebuilt under the same name changes it). */
const DESCRIBE_TTL_MS = 60_000;
const DESCRIBE_CACHE_MAX = 256;
/** How long a model this provider just used counts as loaded (Ollama's keep-alive is 5 min). */
const WARM_MS = 60_000;

/** Consecutive text events of one kind (reply or reasoning), joined into one with their count. */
class TextRun {
  #event: TokenEvent | ThinkingEvent | null = null;
  #count = 0;

  /** Adds `event`; returns the run it ended when its kind differs. */
  add(event: TokenEvent | ThinkingEvent): TokenEvent | ThinkingEvent | null {
    const ended = this.#event?.type === event.type ? null : this.flush();
    const run = this.#event ??= { type: event.type, text: "" };
    run.text += event.text;
    this.#count++;
    return ended;
  }

  /** The run so far (`count` when it holds more than one), and starts afresh. */
  flush(): TokenEvent | ThinkingEvent | null {
    const event = this.#event;
    if (event && this.#count > 1) event.count = this.#count;
    this.#event = null;
    this.#count = 0;
    return event;
  }
}

/** Options of `OllamaProvider`. */
export interface OllamaProviderOptions {
  /** Base URLs of the configured hosts, in order of preference (default: the local one). */
  hosts?: string[];
  /** Overrides of `DEFAULT_LIMITS` (tests use a few hundred ms). */
  limits?: Partial<ProviderLimits>;
  /** Told when a host failed before the first token and the next candidate is tried. */
  onFailover?: (host: string, error: ProviderError) => void;
  /** Told of every failure of `chat`, `embed` and `models` (not a cancel): for the log. */
  onFailure?: (error: ProviderError) => void;
  /**
   * The line to each host's models, shared by every provider of one Hearth (a provider is
   * rebuilt when the hosts change; the queue stays). Default: one of its own, parallelism 1.
   */
  queue?: ModelQueue;
  /** Connections kept open to the hosts, shared like the queue (default: none kept). */
  connections?: ConnectionPool;
}

/** Chat, embeddings and model lists from one or more Ollama hosts. */
export class OllamaProvider implements ChatProvider {
  readonly kind = "ollama" as const;
  readonly hosts: string[];
  readonly limits: ProviderLimits;
  readonly #onFailover?: (host: string, error: ProviderError) => void;
  readonly #report: (err: unknown) => never;
  readonly #router: HostRouter;
  readonly #connections?: ConnectionPool;
  readonly queue: ModelQueue;
  /** Host and model → when this provider last knew the model loaded there. */
  readonly #warm = new Map<string, number>();
  /** `describe()` answers by normalized model name, each kept for `DESCRIBE_TTL_MS`. */
  readonly #described = new Map<string, { at: number; value: Promise<ModelDescription> }>();

  constructor(opts: OllamaProviderOptions = {}) {
    const hosts = opts.hosts?.length ? opts.hosts : [DEFAULT_OLLAMA_HOST];
    this.hosts = hosts.map((h) => h.trim().replace(/\/+$/, ""));
    this.#connections = opts.connections;
    this.limits = { ...DEFAULT_LIMITS, ...opts.limits };
    this.#onFailover = opts.onFailover;
    this.queue = opts.queue ?? new ModelQueue();
    this.#report = reportFailure(opts.onFailure);
    this.#router = new HostRouter(this.hosts, this.#callLimits(this.limits.connectTimeoutMs));
  }

  #markWarm(key: string): void {
    if (this.#warm.size >= DESCRIBE_CACHE_MAX) this.#warm.clear();
    this.#warm.set(key, performance.now());
  }

  #callLimits(timeoutMs: number, signal?: AbortSignal): CallLimits {
    const { idleTimeoutMs, maxLineBytes } = this.limits;
    return { timeoutMs, idleTimeoutMs, maxLineBytes, signal, pool: this.#connections };
  }

  async *chat(req: ChatRequest, opts: CallOptions = {}): AsyncGenerator<ChatEvent> {
    validateChatRequest(req);
    const signal = opts.signal;
    try {
      const body = ollamaChatBody(req);
      const candidates = await this.#router.rank(req.model, signal).catch((err) => {
        throw signal?.aborted ? signal.reason : fromOllamaError(err);
      });
      let last: unknown;
      for (const [i, candidate] of candidates.entries()) {
        // `#attempt` notes its first event that is not a wait: from then on, no failover.
        const progress = { streamed: false };
        let expired = false;
        const ticket = this.queue.enter(candidate.url, req.model, {
          priority: opts.priority ?? "interactive",
          owner: opts.owner,
          label: opts.label ?? "chat",
          preemptible: opts.preemptible,
        });
        try {
          // Waiting for a slot in Hearth's line: no connection, no deadline but the caller's.
          let told = -1;
          while (!ticket.granted) {
            // Nobody ahead: only a stopping title, which is leaving.
            if (ticket.ahead !== told && ticket.ahead > 0) {
              told = ticket.ahead;
              yield { type: "wait", state: "queued", position: told };
            }
            await ticket.changed(signal);
          }
          // The generation's own deadline starts with its slot; a preemptible request also ends
          // when a reply needs the slot.
          const preempted = ticket.preempted;
          const stop = preempted
            ? AbortSignal.any([preempted, ...(signal ? [signal] : [])])
            : signal;
          const deadline = new Deadline(stop, this.limits.generationTimeoutMs);
          try {
            // Delegated, not relayed event by event: one async layer less for every token.
            yield* this.#attempt(candidate, body, deadline.signal, progress);
            return;
          } catch (err) {
            if (preempted?.aborted && !signal?.aborted) {
              throw new ProviderError(
                "preempted",
                `A reply needed ${req.model} on ${candidate.url}; this request stopped for it.`,
                { host: candidate.url },
              );
            }
            expired = deadline.signal.aborted;
            throw deadline.explain(fromOllamaError(err));
          } finally {
            deadline.dispose();
          }
        } catch (err) {
          const error = fromOllamaError(err);
          const stopped = signal?.aborted ||
            (error instanceof ProviderError && error.code === "preempted");
          // What made this host fail may have changed what it lists: route afresh next time.
          if (!stopped) this.#router.forget();
          // Once text went out, a retry elsewhere would repeat it: the failure is the answer.
          if (progress.streamed || expired || signal?.aborted || !worthFailover(error)) throw error;
          if (i < candidates.length - 1) this.#onFailover?.(candidate.url, error as ProviderError);
          last = error;
        } finally {
          ticket.release();
        }
      }
      throw last;
    } catch (err) {
      // A title that gave way to a reply is no failure of the model server: not for the log.
      if (err instanceof ProviderError && err.code === "preempted") throw err;
      this.#report(err);
    }
  }

  /**
   * One try on one host, once Hearth's queue let it go. Ollama sends a chat's headers only with
   * its first token, so the wait is split where Hearth can see it: a model that is not in memory
   * is loaded first by Ollama's own load request (an empty chat with the same options, answered
   * once the model is loaded), then the chat goes out and the model reads the prompt.
   */
  async *#attempt(
    candidate: HostCandidate,
    body: Record<string, unknown>,
    signal: AbortSignal,
    progress: { streamed: boolean },
  ): AsyncGenerator<ChatEvent> {
    const { url } = candidate;
    if (candidate.name) body = { ...body, model: candidate.name };
    const mapper = new OllamaChatMapper();
    const limits: CallLimits = {
      ...this.#callLimits(this.limits.firstTokenTimeoutMs, signal),
      connectTimeoutMs: this.limits.connectTimeoutMs,
    };
    const warmKey = `${url}\n${modelKey(String(body.model))}`;
    const warmAt = this.#warm.get(warmKey);
    // A model this provider used a moment ago is still loaded (Ollama keeps it 5 minutes), even
    // when the routing listing, made before, did not have it yet.
    const warm = warmAt !== undefined && performance.now() - warmAt < WARM_MS;
    if (!candidate.loaded && !warm) {
      yield { type: "wait", state: "loading" };
      // docs/api.md "Load a model": no messages; the options must be the chat's, or Ollama
      // would load the model once for this and again for the chat.
      await requestJson(url, "POST", "/api/chat", {
        model: body.model,
        messages: [],
        ...(body.options ? { options: body.options } : {}),
      }, limits);
      this.#markWarm(warmKey);
    }
    yield { type: "wait", state: "reading" };
    // Every event from here on is output: the caller may no longer try another host.
    const output = (event: ChatEvent): ChatEvent => {
      progress.streamed = true;
      return event;
    };
    const batches = requestNdjsonBatches<WireChatLine>(url, "/api/chat", body, limits);
    // The tokens (or the reasoning) of one read become one event: what arrived together goes on
    // together. Each read's run is flushed at its end.
    const run = new TextRun();
    for await (const lines of batches) {
      for (const line of lines) {
        for (const event of mapper.events(line)) {
          if (event.type === "token" || event.type === "thinking") {
            const ended = run.add(event);
            if (ended) yield output(ended);
            continue;
          }
          const ended = run.flush();
          if (ended) yield output(ended);
          yield output(event);
        }
        if (line.done) {
          this.#markWarm(warmKey);
          const ended = run.flush();
          if (ended) yield output(ended);
          yield output(mapper.done(line, url));
          return;
        }
      }
      const ended = run.flush();
      if (ended) yield output(ended);
    }
    throw new ProviderError(
      "upstream_error",
      `Ollama at ${url} ended the reply before it was complete.`,
      { host: url },
    );
  }

  embed(model: string, inputs: string[], opts: CallOptions = {}): Promise<EmbedResult> {
    return this.#embed(model, inputs, opts).catch(this.#report);
  }

  async #embed(model: string, inputs: string[], opts: CallOptions): Promise<EmbedResult> {
    if (!model?.trim()) throw new ProviderError("invalid_input", "model: is empty");
    if (!inputs.length) throw new ProviderError("invalid_input", "inputs: nothing to embed");
    const candidates = await this.#router.rank(model, opts.signal).catch((err) => {
      throw fromOllamaError(err);
    });
    let last: unknown;
    for (const { url } of candidates) {
      // Embeddings are background work unless the caller says otherwise (a search a person
      // waits for is `interactive`).
      const ticket = this.queue.enter(url, model, {
        priority: opts.priority ?? "background",
        owner: opts.owner,
        label: opts.label ?? "embed",
      });
      try {
        await ticket.wait(opts.signal);
        // A batch of document chunks on a CPU takes longer than a first token: the long deadline.
        const res = await requestJson<{ embeddings?: number[][]; prompt_eval_count?: number }>(
          url,
          "POST",
          "/api/embed",
          { model, input: inputs },
          {
            ...this.#callLimits(this.limits.firstTokenTimeoutMs, opts.signal),
            connectTimeoutMs: this.limits.connectTimeoutMs,
          },
        );
        const embeddings = res?.embeddings;
        if (!Array.isArray(embeddings) || embeddings.length !== inputs.length) {
          throw new ProviderError(
            "upstream_error",
            `Ollama at ${url} returned ${
              embeddings?.length ?? 0
            } embeddings for ${inputs.length} inputs.`,
            { host: url },
          );
        }
        return { embeddings, promptTokens: res?.prompt_eval_count, host: url };
      } catch (err) {
        const error = fromOllamaError(err);
        this.#router.forget();
        // Embedding has no partial output, so any host-side failure may try the next host.
        if (opts.signal?.aborted || !worthFailover(error)) throw error;
        last = error;
      } finally {
        ticket.release();
      }
    }
    throw last;
  }

  models(): Promise<ModelInfo[]> {
    return this.#models().catch(this.#report);
  }

  async #models(): Promise<ModelInfo[]> {
    const listings = await listHosts(this.hosts, this.#callLimits(this.limits.connectTimeoutMs));
    if (listings.every((l) => !l.tags)) {
      throw new ProviderError(
        "upstream_unreachable",
        `No configured Ollama host answers (${this.hosts.join(", ")}).`,
      );
    }
    const byName = new Map<string, ModelInfo>();
    for (const { url, tags, ps } of listings) {
      for (const m of tags?.models ?? []) {
        const name = m.name ?? m.model ?? "";
        const info = byName.get(name) ??
          { name, hosts: [], loaded: false, size: m.size, family: m.details?.family };
        info.hosts.push(url);
        info.loaded ||= listsModel(ps, name);
        byName.set(name, info);
      }
    }
    return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  describe(model: string, opts: CallOptions = {}): Promise<ModelDescription> {
    const key = modelKey(model);
    const now = Date.now();
    const hit = this.#described.get(key);
    if (hit && now - hit.at < DESCRIBE_TTL_MS) return hit.value;
    const value = this.#describe(model, opts).catch((err) => {
      this.#described.delete(key);
      return this.#report(err);
    });
    if (this.#described.size >= DESCRIBE_CACHE_MAX) this.#described.clear();
    this.#described.set(key, { at: now, value });
    return value;
  }

  async #describe(model: string, opts: CallOptions): Promise<ModelDescription> {
    if (!model?.trim()) throw new ProviderError("invalid_input", "model: is empty");
    const candidates = await this.#router.rank(model, opts.signal).catch((err) => {
      throw fromOllamaError(err);
    });
    const { url } = candidates[0];
    const res = await requestJson<WireShow>(
      url,
      "POST",
      "/api/show",
      { model },
      this.#callLimits(this.limits.connectTimeoutMs, opts.signal),
    ).catch((err) => {
      throw fromOllamaError(err);
    });
    const details = toDetails(model, res ?? {});
    return {
      name: model,
      capabilities: details.capabilities,
      contextLength: details.contextLength,
      numCtx: details.numCtx,
    };
  }

  async health(): Promise<ProviderHealth> {
    const hosts = await Promise.all(this.hosts.map(async (url): Promise<HostHealth> => {
      const start = performance.now();
      try {
        const res = await requestJson<{ version?: string }>(
          url,
          "GET",
          "/api/version",
          undefined,
          this.#callLimits(this.limits.connectTimeoutMs),
        );
        const latencyMs = Math.round(performance.now() - start);
        return { url, ok: true, latencyMs, version: res?.version };
      } catch (err) {
        return { url, ok: false, error: errorDetail(err) };
      }
    }));
    return { kind: this.kind, ok: hosts.some((h) => h.ok), hosts };
  }
}
