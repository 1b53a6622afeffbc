/**
 * HTTP calls to one Ollama host, each with a deadline, a caller's abort signal, and every
 * failure mapped to an `OllamaError`. They go through Hearth's own HTTP/1.1 client
 * (`lib/http/client.ts`, which reads everything that arrived at once where fetch reads one chunk
 * per token) rather than the `ollama` npm client, because Hearth needs a per-line size cap, a
 * first-byte timeout and an idle timeout, which that client does not offer, and because leaving
 * its iterators early does not cancel the request.
 */
import { BodyTooLarge, type ClientResponse, request } from "../http/client.ts";
import type { ConnectionPool } from "../http/pool.ts";
import { RedirectRefused } from "../http/fetch.ts";
import { formatSize } from "../i18n/format.ts";
import { OllamaError, upstreamError } from "./errors.ts";
import { NdjsonSplitter } from "./ndjson.ts";

// Caps for bodies read whole, so a broken or hostile host cannot fill Hearth's memory: an
// error's body (only its first 500 characters are shown) and a JSON answer (model lists and
// `/api/show` are kilobytes).
const MAX_ERROR_BYTES = 64 * 1024;
const MAX_JSON_BYTES = 16 * 1000 * 1000;
/**
 * The reason a finished request's controller is aborted with: one, made once, as `abort()` would
 * make (an `AbortError`), instead of a new `DOMException` and its stack at the end of every call.
 */
const FINISHED = new DOMException("The request has finished.", "AbortError");

/**
 * `path` (`/api/tags`) under `host`, keeping a path the host has (an Ollama behind a proxy at
 * `https://box/ollama`), as Ollama's own client joins them.
 */
export function endpoint(host: string, path: string): Readonly<URL> {
  const key = `${host} ${path}`;
  let url = endpoints.get(key);
  if (!url) {
    url = new URL(host);
    url.pathname = url.pathname.replace(/\/+$/, "") + path;
    // A few hosts and paths in practice; bounded all the same (they come from settings).
    if (endpoints.size >= 256) endpoints.clear();
    endpoints.set(key, url);
  }
  return url;
}
/**
 * URLs `endpoint` made, kept (never changed: `request` only reads them): parsing one took ~12 µs of
 * every reply.
 */
const endpoints = new Map<string, URL>();

/** Limits for one call. */
export interface CallLimits {
  /**
   * Time allowed until the response headers arrive (for JSON calls: the whole body too). With
   * `connectTimeoutMs`, it starts once the request is sent.
   */
  timeoutMs: number;
  /**
   * Time allowed to connect and send the request, when that has a deadline of its own: Ollama
   * sends a chat's headers only with its first token, after its queue, a model load and the
   * prompt, so the wait for them gets the long `timeoutMs` while a dead host still fails fast.
   */
  connectTimeoutMs?: number;
  /** For streams: time allowed between two chunks once streaming has started. */
  idleTimeoutMs?: number;
  /** Cap for one NDJSON line, in bytes. */
  maxLineBytes?: number;
  /** The caller's cancel; aborting it aborts the HTTP request. */
  signal?: AbortSignal;
  /** Connections kept open to the hosts (one per Hearth: `services.connections`). */
  pool?: ConnectionPool;
}

/** One request's abort controller plus its timers; `finish()` must always run. */
class Call {
  readonly controller = new AbortController();
  /** Which deadline fired, if one did. */
  expired?: "connect" | "first_byte" | "idle";
  #timer?: ReturnType<typeof setTimeout>;
  #idle?: ReturnType<typeof setTimeout>;
  // When Hearth started waiting for upstream data; -1 while it is not waiting.
  #waitingSince = -1;
  #onAbort = () => this.controller.abort(this.limits.signal?.reason);

  constructor(readonly host: string, readonly limits: CallLimits) {
    limits.signal?.throwIfAborted();
    limits.signal?.addEventListener("abort", this.#onAbort, { once: true });
    this.#timer = limits.connectTimeoutMs === undefined
      ? setTimeout(() => this.#expire("first_byte"), limits.timeoutMs)
      : setTimeout(() => this.#expire("connect"), limits.connectTimeoutMs);
  }

  /** The request is written: with a connect deadline, the wait for the answer starts now. */
  sent() {
    if (this.limits.connectTimeoutMs === undefined || this.expired) return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.#expire("first_byte"), this.limits.timeoutMs);
  }

  #expire(which: "connect" | "first_byte" | "idle") {
    this.expired = which;
    this.controller.abort(new DOMException("Ollama timed out", "TimeoutError"));
  }

  /** Headers are in: the first-byte deadline is met; from now on only silence counts. */
  started() {
    clearTimeout(this.#timer);
  }

  /**
   * (Re)starts the idle deadline. Armed only while Hearth waits for upstream data, so a slow
   * consumer downstream never looks like a silent Ollama. Called for every line and chunk, so it
   * only notes the time: one timer per call checks it lazily (timers per line were about a
   * quarter of the relay's CPU, see docs/BENCHMARKS.md).
   */
  arm() {
    const ms = this.limits.idleTimeoutMs;
    if (!ms) return;
    this.#waitingSince = performance.now();
    this.#idle ??= setTimeout(() => this.#checkIdle(), ms);
  }

  /** Hearth has a line and stops waiting: the idle deadline pauses. */
  disarm() {
    this.#waitingSince = -1;
  }

  #checkIdle() {
    this.#idle = undefined;
    if (this.#waitingSince < 0) return; // not waiting: the next arm() starts a timer again
    const left = this.limits.idleTimeoutMs! - (performance.now() - this.#waitingSince);
    if (left <= 0) this.#expire("idle");
    else this.#idle = setTimeout(() => this.#checkIdle(), left);
  }

  /** Clears timers and aborts the request, which is a no-op once the body was fully read. */
  finish() {
    clearTimeout(this.#timer);
    clearTimeout(this.#idle);
    this.limits.signal?.removeEventListener("abort", this.#onAbort);
    this.controller.abort(FINISHED);
  }

  /**
   * Maps whatever the request or a body read threw into the error the caller should see.
   * `phase` is "connect" until the response headers arrived, "body" afterwards.
   */
  fail(err: unknown, phase: "connect" | "body"): unknown {
    if (err instanceof OllamaError) return err;
    const host = this.host;
    const upstreamMessage = err instanceof Error ? err.message : String(err);
    if (this.expired === "connect") {
      return new OllamaError(
        "ollama_timeout",
        `Ollama at ${host} did not take the request within ${this.limits.connectTimeoutMs} ms.`,
        { host },
      );
    }
    if (this.expired === "first_byte") {
      return new OllamaError(
        "ollama_timeout",
        `Ollama at ${host} did not answer within ${this.limits.timeoutMs} ms.`,
        { host },
      );
    }
    if (this.expired === "idle") {
      return new OllamaError(
        "ollama_timeout",
        `Ollama at ${host} went silent mid-stream for ${this.limits.idleTimeoutMs} ms.`,
        { host },
      );
    }
    // A cancel by the caller is not an Ollama failure: rethrow the caller's own reason.
    if (this.limits.signal?.aborted) return this.limits.signal.reason;
    if (err instanceof RedirectRefused) {
      return new OllamaError("ollama_error", `Ollama at ${host} ${err.what}.`, {
        host,
        upstreamStatus: err.status,
        upstreamMessage,
      });
    }
    if (phase === "connect") {
      return new OllamaError("ollama_unreachable", `Ollama at ${host} is not reachable.`, {
        host,
        upstreamMessage,
      });
    }
    return new OllamaError(
      "ollama_error",
      `The connection to Ollama at ${host} dropped mid-stream.`,
      {
        host,
        upstreamMessage,
      },
    );
  }
}

async function open(
  call: Call,
  method: string,
  path: string,
  body: unknown,
): Promise<ClientResponse> {
  let res: ClientResponse;
  try {
    res = await request(endpoint(call.host, path), {
      method,
      headers: body === undefined ? undefined : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: call.controller.signal,
      onSent: () => call.sent(),
      pool: call.limits.pool,
    });
  } catch (err) {
    throw call.fail(err, "connect");
  }
  if (res.status >= 200 && res.status < 300) return res;
  let text = "";
  try {
    text = await res.text(MAX_ERROR_BYTES);
  } catch (err) {
    // A page too big to be an error message: the status line says enough.
    if (!(err instanceof BodyTooLarge)) throw call.fail(err, "body");
  }
  let message = text.trim() || res.statusText;
  try {
    const parsed = JSON.parse(text);
    if (typeof parsed?.error === "string") message = parsed.error;
  } catch {
    // Not JSON (a proxy's HTML page, gin's plain "404 page not found"): keep the text.
  }
  throw upstreamError(call.host, message.slice(0, 500), res.status);
}

function parse(host: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new OllamaError("ollama_error", `Ollama at ${host} sent invalid JSON.`, {
      host,
      upstreamMessage: text.slice(0, 200),
    });
  }
}

/**
 * One request answered by one JSON object (or an empty body, returned as `null`).
 * The deadline covers connecting, the headers and the whole body.
 */
export async function requestJson<T>(
  host: string,
  method: string,
  path: string,
  body: unknown,
  limits: CallLimits,
): Promise<T | null> {
  const call = new Call(host, limits);
  try {
    const res = await open(call, method, path, body);
    let text: string;
    try {
      text = await res.text(MAX_JSON_BYTES);
    } catch (err) {
      if (err instanceof BodyTooLarge) {
        throw new OllamaError(
          "ollama_error",
          `Ollama at ${host} sent an answer larger than ${formatSize(MAX_JSON_BYTES, "en")}.`,
          { host },
        );
      }
      throw call.fail(err, "body");
    }
    if (!text.trim()) return null;
    const value = parse(host, text) as T & { error?: unknown };
    if (typeof value?.error === "string") throw upstreamError(host, value.error);
    return value;
  } finally {
    call.finish();
  }
}

/**
 * One request answered by a stream of JSON objects, one per line, yielded in batches: every
 * object one read of the body completed (see `ndjsonBatches`). An `{"error"}` line becomes an
 * `OllamaError` once the objects before it are handed over. Stopping the iteration early, an
 * error, or the caller's signal aborts the HTTP request, so Ollama sees the disconnect and stops.
 */
export async function* requestNdjsonBatches<T>(
  host: string,
  path: string,
  body: unknown,
  limits: CallLimits,
): AsyncGenerator<T[]> {
  const call = new Call(host, limits);
  let res: ClientResponse | undefined;
  // Ollama's last line says `done`: what follows is the body's end, and the connection is kept.
  let complete = false;
  // The body was read to its end; else it is cancelled when the caller stops.
  let finished = false;
  try {
    res = await open(call, "POST", path, body);
    call.started();
    // The body's reads are split here, not through `ndjsonBatches`: one async layer less for
    // every token.
    const splitter = new NdjsonSplitter(host, limits.maxLineBytes);
    while (!finished) {
      let lines: string[];
      call.arm();
      try {
        const chunk = await res.body.read();
        if (chunk === null) {
          finished = true;
          const last = splitter.end();
          lines = last === null ? [] : [last];
        } else lines = splitter.push(chunk);
      } catch (err) {
        throw call.fail(err, "body");
      } finally {
        call.disarm();
      }
      if (!lines.length) continue;
      const values: T[] = [];
      for (const line of lines) {
        const value = parse(host, line) as { error?: unknown } | null;
        if (typeof value?.error === "string") {
          if (values.length) yield values;
          throw upstreamError(host, value.error);
        }
        values.push(value as T);
        if ((value as { done?: unknown } | null)?.done === true) complete = true;
      }
      yield values;
    }
  } finally {
    if (complete) res?.body.release();
    call.finish();
    // Stopped early (or failed): the body is cancelled, so Ollama sees the disconnect.
    if (res && !finished) await res.body.cancel().catch(() => {});
  }
}

/**
 * `requestNdjsonBatches`, one object at a time. Once the caller's signal aborts, no further
 * object of a batch that arrived earlier is handed over.
 */
export async function* requestNdjson<T>(
  host: string,
  path: string,
  body: unknown,
  limits: CallLimits,
): AsyncGenerator<T> {
  for await (const batch of requestNdjsonBatches<T>(host, path, body, limits)) {
    for (const item of batch) {
      limits.signal?.throwIfAborted();
      yield item;
    }
  }
}
