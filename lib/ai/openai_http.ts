/**
 * HTTP calls to an OpenAI-compatible server, with the same deadlines as the Ollama layer
 * (first byte, silence mid-stream, the caller's cancel aborting the request itself) and SSE
 * split by the shared 1 MB-capped line reader. Every failure becomes a `ProviderError`.
 */
import { RedirectRefused, upstreamFetch } from "../http/fetch.ts";
import { formatSize } from "../i18n/format.ts";
import { OllamaError } from "../ollama/errors.ts";
import { ndjsonLines } from "../ollama/ndjson.ts";
import { isContextOverflow, ProviderError } from "./errors.ts";

/** Deadlines of one call. */
export interface OpenAICallLimits {
  /** Until the response headers arrive (for JSON calls: the whole body too). */
  timeoutMs: number;
  /** Longest silence between two chunks of a stream. */
  idleTimeoutMs: number;
  maxLineBytes: number;
  /** The caller's cancel; aborting it aborts the HTTP request. */
  signal?: AbortSignal;
}

/** What an OpenAI-compatible error body (or `data: {"error":…}` line) holds. */
interface WireError {
  message?: unknown;
  code?: unknown;
  type?: unknown;
}

/**
 * Maps an upstream error (status and body) to a `ProviderError`. OpenAI, llama.cpp and vLLM
 * all use `{"error":{"message","type","code"}}`; some proxies send `{"error":"text"}` or HTML.
 */
export function openaiError(
  host: string,
  status: number | undefined,
  body: unknown,
): ProviderError {
  const err = (body as { error?: unknown })?.error;
  const wire: WireError = typeof err === "object" && err ? err : { message: err };
  const text = typeof wire.message === "string" && wire.message
    ? wire.message
    : typeof body === "string"
    ? body.trim()
    : "";
  const message = text.slice(0, 500);
  const upstreamStatus = status ?? (typeof wire.code === "number" ? wire.code : undefined);
  const details = { host, upstreamStatus, upstreamMessage: message || undefined };
  if (isContextOverflow(message, wire.code, wire.type)) {
    return new ProviderError(
      "context_overflow",
      `The prompt does not fit the model's context at ${host}: ${message}`,
      details,
    );
  }
  if (upstreamStatus === 401 || upstreamStatus === 403) {
    return new ProviderError(
      "upstream_auth_failed",
      `The AI server at ${host} refused Hearth's API key (HTTP ${upstreamStatus}). Check the key in the settings.`,
      details,
    );
  }
  if (wire.code === "model_not_found" || (upstreamStatus === 404 && /model/i.test(message))) {
    return new ProviderError("model_not_found", `The AI server at ${host}: ${message}`, details);
  }
  const at = upstreamStatus ? ` (HTTP ${upstreamStatus})` : "";
  return new ProviderError(
    "upstream_error",
    `The AI server at ${host} failed${at}${message ? `: ${message}` : "."}`,
    details,
  );
}

/** One request's abort controller and timers; `finish()` must always run. */
export class OpenAICall {
  readonly controller = new AbortController();
  #expired?: "first_byte" | "idle";
  #timer?: ReturnType<typeof setTimeout>;
  #idle?: ReturnType<typeof setTimeout>;
  #onAbort = () => this.controller.abort(this.limits.signal?.reason);

  constructor(readonly host: string, readonly limits: OpenAICallLimits) {
    limits.signal?.throwIfAborted();
    limits.signal?.addEventListener("abort", this.#onAbort, { once: true });
    this.#timer = setTimeout(() => this.#expire("first_byte"), limits.timeoutMs);
  }

  #expire(which: "first_byte" | "idle") {
    this.#expired = which;
    this.controller.abort(new DOMException("upstream timed out", "TimeoutError"));
  }

  /** Sends the request; a non-2xx answer is read and thrown as a `ProviderError`. */
  async open(url: URL, init: { method: string; headers: HeadersInit; body?: unknown }) {
    let res: Response;
    try {
      res = await upstreamFetch(url, {
        method: init.method,
        headers: init.headers,
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
        signal: this.controller.signal,
      });
    } catch (err) {
      throw this.fail(err, "connect");
    }
    if (res.ok) return res;
    const text = await this.read(res);
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // A proxy's HTML page or a plain-text 404: keep the text.
    }
    throw openaiError(this.host, res.status, body);
  }

  /** Reads a whole body under the first-byte deadline. */
  async read(res: Response): Promise<string> {
    try {
      return await res.text();
    } catch (err) {
      throw this.fail(err, "body");
    }
  }

  /**
   * Yields the payloads of the `data:` lines of an SSE body, parsed, until `data: [DONE]`
   * (then `sawDone` is true). Comments, `event:`/`id:`/`retry:` lines and blank lines are
   * skipped; every data line is one JSON payload, as OpenAI-compatible servers send them.
   */
  async *sse(res: Response, state: { sawDone: boolean }): AsyncGenerator<unknown> {
    clearTimeout(this.#timer);
    if (!res.body) throw this.fail(new Error("no body"), "body");
    const lines = ndjsonLines(res.body, {
      host: this.host,
      maxLineBytes: this.limits.maxLineBytes,
      onChunk: () => this.#arm(),
    });
    try {
      while (true) {
        this.#arm();
        let next: IteratorResult<string>;
        try {
          next = await lines.next();
        } catch (err) {
          throw this.fail(err, "body");
        } finally {
          clearTimeout(this.#idle);
        }
        if (next.done) return;
        if (!next.value.startsWith("data:")) continue;
        const data = next.value.slice(5).trim();
        if (data === "[DONE]") {
          state.sawDone = true;
          return;
        }
        let payload: unknown;
        try {
          payload = JSON.parse(data);
        } catch {
          throw new ProviderError(
            "upstream_error",
            `The AI server at ${this.host} sent invalid JSON.`,
            {
              host: this.host,
              upstreamMessage: data.slice(0, 200),
            },
          );
        }
        const error = (payload as { error?: unknown } | null)?.error;
        if (error) throw openaiError(this.host, undefined, payload);
        yield payload;
      }
    } finally {
      await lines.return(undefined).catch(() => {});
    }
  }

  #arm() {
    clearTimeout(this.#idle);
    this.#idle = setTimeout(() => this.#expire("idle"), this.limits.idleTimeoutMs);
  }

  /** Clears timers and aborts the request (a no-op once the body was fully read). */
  finish(): void {
    clearTimeout(this.#timer);
    clearTimeout(this.#idle);
    this.limits.signal?.removeEventListener("abort", this.#onAbort);
    this.controller.abort();
  }

  /** Maps what fetch or a body read threw; "connect" until the headers arrived. */
  fail(err: unknown, phase: "connect" | "body"): unknown {
    if (err instanceof ProviderError) return err;
    const host = this.host;
    if (err instanceof OllamaError && err.code === "upstream_line_too_long") {
      return new ProviderError(
        "upstream_line_too_long",
        `The AI server at ${host} sent a line longer than ${
          formatSize(this.limits.maxLineBytes, "en")
        }; the stream was stopped.`,
        { host },
      );
    }
    const upstreamMessage = err instanceof Error ? err.message : String(err);
    if (this.#expired) {
      const what = this.#expired === "first_byte"
        ? `did not answer within ${this.limits.timeoutMs} ms`
        : `went silent mid-stream for ${this.limits.idleTimeoutMs} ms`;
      return new ProviderError("upstream_timeout", `The AI server at ${host} ${what}.`, { host });
    }
    // A cancel by the caller is not an upstream failure: rethrow the caller's own reason.
    if (this.limits.signal?.aborted) return this.limits.signal.reason;
    if (err instanceof RedirectRefused) {
      return new ProviderError("upstream_error", `The AI server at ${host} ${err.what}.`, {
        host,
        upstreamStatus: err.status,
        upstreamMessage,
      });
    }
    if (phase === "connect") {
      return new ProviderError(
        "upstream_unreachable",
        `The AI server at ${host} is not reachable.`,
        {
          host,
          upstreamMessage,
        },
      );
    }
    return new ProviderError(
      "upstream_error",
      `The connection to the AI server at ${host} dropped mid-stream.`,
      { host, upstreamMessage },
    );
  }
}
