/**
 * `SpeechClient`: transcription and speech over an OpenAI-compatible speech server
 * (`/v1/audio/transcriptions`, `/v1/audio/speech`), through `upstreamFetch` (no redirects), with
 * time limits, and the speech streamed on as it arrives, capped in size. Every failure becomes a
 * `SpeechError` and is told to `onFailure` (for the admin's log) before it is thrown.
 */
import { RedirectRefused, upstreamFetch } from "../http/fetch.ts";
import { EXTENSION } from "./audio.ts";
import { SpeechError } from "./errors.ts";
import type { AudioType } from "./types.ts";

/** Time and size limits of the speech server's answers. */
export interface SpeechLimits {
  /** A transcription, from sending the recording to the whole answer. */
  transcribeTimeoutMs: number;
  /** Speech: until the response headers arrive. */
  firstByteTimeoutMs: number;
  /** Speech: the longest silence between two chunks of audio. */
  idleTimeoutMs: number;
  /** Speech: the most audio bytes passed on (about half an hour of mp3 at 128 kbit/s). */
  maxSpeechBytes: number;
  /** The largest transcription answer read (JSON). */
  maxTranscriptBytes: number;
}

/** The limits a running Hearth uses. */
export const DEFAULT_SPEECH_LIMITS: SpeechLimits = {
  transcribeTimeoutMs: 120_000,
  firstByteTimeoutMs: 60_000,
  idleTimeoutMs: 30_000,
  maxSpeechBytes: 32 * 1000 * 1000,
  maxTranscriptBytes: 1000 * 1000,
};

/** Options of `SpeechClient`: the `speech` config and what outlives it. */
export interface SpeechClientOptions {
  /** A bare origin (`http://10.0.0.5:8000`) gets `/v1`; a URL with a path is used as given. */
  baseUrl: string;
  /** Sent as `Authorization: Bearer …` when set. */
  apiKey?: string;
  sttModel: string;
  ttsModel: string;
  /** The voice when a request names none. */
  ttsVoice: string;
  limits?: Partial<SpeechLimits>;
  /** Told of every failure (not a caller's cancel), with the server named in its `detail`. */
  onFailure?: (error: SpeechError) => void;
}

/** Synthesized speech on its way: the audio's type and its bytes as they arrive. */
export interface SpeechAudio {
  type: string;
  body: ReadableStream<Uint8Array>;
}

/** A timer that aborts `controller` with a marker, so a timeout can be told from a cancel. */
const TIMEOUT = Symbol("timeout");

/** Transcription and speech of one configured speech server. */
export class SpeechClient {
  readonly limits: SpeechLimits;
  /** The base URL as configured, named in the admin's details. */
  readonly host: string;
  readonly #root: URL;
  readonly #opts: SpeechClientOptions;

  constructor(opts: SpeechClientOptions) {
    this.#opts = opts;
    this.limits = { ...DEFAULT_SPEECH_LIMITS, ...opts.limits };
    const url = new URL(opts.baseUrl.trim());
    const path = url.pathname.replace(/\/+$/, "");
    url.pathname = `${path || "/v1"}/`;
    this.#root = url;
    this.host = url.origin;
  }

  #fail(code: SpeechError["code"], detail: string): SpeechError {
    const err = new SpeechError(code, detail);
    try {
      this.#opts.onFailure?.(err);
    } catch {
      // A failing log must not replace the failure it was told of.
    }
    return err;
  }

  /** The error for what `fetch` threw: a timeout, a refused redirect, or no connection. */
  #fromThrown(err: unknown, signal: AbortSignal, what: string, ms: number): unknown {
    if (signal.aborted && signal.reason === TIMEOUT) {
      return this.#fail("speech_timeout", `The speech server at ${this.host} ${what} in ${ms} ms.`);
    }
    if (signal.aborted) return signal.reason; // the caller's cancel, as it was
    if (err instanceof RedirectRefused) {
      return this.#fail("speech_error", `The speech server at ${this.host} ${err.what}.`);
    }
    const why = err instanceof Error ? err.message : String(err);
    return this.#fail("speech_unreachable", `The speech server at ${this.host}: ${why}`);
  }

  async #refused(res: Response, path: string): Promise<SpeechError> {
    const text = new TextDecoder().decode(await readHead(res.body, 4096));
    let message = text.trim();
    try {
      const body = JSON.parse(text);
      const e = body?.error ?? body?.detail ?? body?.message;
      message = typeof e === "string" ? e : typeof e?.message === "string" ? e.message : message;
    } catch {
      // Not JSON: the text as it was.
    }
    const at = `The speech server at ${this.host} answered ${path} with HTTP ${res.status}`;
    const tail = message ? `: ${message.slice(0, 500)}` : ".";
    if (res.status === 401 || res.status === 403) {
      return this.#fail("speech_auth_failed", `${at}${tail} Check the speech API key.`);
    }
    return this.#fail("speech_error", `${at}${tail}`);
  }

  #headers(json: boolean): Record<string, string> {
    const headers: Record<string, string> = json ? { "content-type": "application/json" } : {};
    if (this.#opts.apiKey) headers.authorization = `Bearer ${this.#opts.apiKey}`;
    return headers;
  }

  /**
   * Transcribes one recording: `model`, `file` and (when known) `language` as multipart to
   * `/v1/audio/transcriptions`; the answer's `text`.
   */
  async transcribe(
    audio: Uint8Array<ArrayBuffer>,
    type: AudioType,
    opts: { language?: string; signal?: AbortSignal } = {},
  ): Promise<string> {
    const form = new FormData();
    form.set("model", this.#opts.sttModel);
    form.set("file", new Blob([audio], { type }), `recording.${EXTENSION[type]}`);
    if (opts.language) form.set("language", opts.language);
    form.set("response_format", "json");
    const ms = this.limits.transcribeTimeoutMs;
    const { signal, done } = deadline(opts.signal, ms);
    try {
      const res = await upstreamFetch(new URL("audio/transcriptions", this.#root), {
        method: "POST",
        headers: this.#headers(false),
        body: form,
        signal,
      });
      if (!res.ok) throw await this.#refused(res, "/audio/transcriptions");
      const bytes = await readCapped(res.body, this.limits.maxTranscriptBytes).catch((err) => {
        if (err instanceof TooLarge) {
          throw this.#fail(
            "speech_error",
            `The speech server at ${this.host} sent a transcription over ${err.limit} bytes.`,
          );
        }
        throw err;
      });
      const text = new TextDecoder().decode(bytes);
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        body = undefined;
      }
      const said = (body as { text?: unknown })?.text;
      if (typeof said !== "string") {
        throw this.#fail(
          "speech_error",
          `The speech server at ${this.host} answered the transcription without a text: ${
            text.slice(0, 200)
          }`,
        );
      }
      return said.trim();
    } catch (err) {
      if (err instanceof SpeechError) throw err;
      throw this.#fromThrown(err, signal, "did not transcribe the recording", ms);
    } finally {
      done();
    }
  }

  /**
   * Asks `/v1/audio/speech` for `text` as mp3 and hands over the audio as it arrives: an error
   * before the headers (or a non-audio answer) is thrown; later, silence past `idleTimeoutMs`
   * or more than `maxSpeechBytes` errors the stream, and cancelling it (or `signal`) ends the
   * request.
   */
  async speak(
    text: string,
    opts: { voice?: string; signal?: AbortSignal } = {},
  ): Promise<SpeechAudio> {
    const ms = this.limits.firstByteTimeoutMs;
    const controller = new AbortController();
    const onCancel = () => controller.abort(opts.signal?.reason);
    opts.signal?.throwIfAborted();
    opts.signal?.addEventListener("abort", onCancel, { once: true });
    const release = () => opts.signal?.removeEventListener("abort", onCancel);
    let timer = setTimeout(() => controller.abort(TIMEOUT), ms);
    let res: Response;
    try {
      res = await upstreamFetch(new URL("audio/speech", this.#root), {
        method: "POST",
        headers: this.#headers(true),
        body: JSON.stringify({
          model: this.#opts.ttsModel,
          input: text,
          voice: opts.voice || this.#opts.ttsVoice,
          response_format: "mp3",
        }),
        signal: controller.signal,
      });
      clearTimeout(timer);
      if (!res.ok) throw await this.#refused(res, "/audio/speech");
    } catch (err) {
      clearTimeout(timer);
      release();
      if (err instanceof SpeechError) throw err;
      throw this.#fromThrown(err, controller.signal, "sent no audio", ms);
    }
    const type = (res.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
    if (!/^audio\/[\w.+-]+$/.test(type) || !res.body) {
      release();
      await res.body?.cancel().catch(() => {});
      throw this.#fail(
        "speech_error",
        `The speech server at ${this.host} answered /audio/speech with ${
          type || "no content type"
        }, not audio.`,
      );
    }
    const reader = res.body.getReader();
    const { idleTimeoutMs, maxSpeechBytes } = this.limits;
    let size = 0;
    const stop = (err: SpeechError) => {
      release();
      controller.abort(err);
      reader.cancel().catch(() => {});
      return err;
    };
    const body = new ReadableStream<Uint8Array>({
      pull: async (out) => {
        timer = setTimeout(() => controller.abort(TIMEOUT), idleTimeoutMs);
        let chunk: ReadableStreamReadResult<Uint8Array>;
        try {
          chunk = await reader.read();
        } catch (err) {
          release();
          const failure = this.#fromThrown(err, controller.signal, "stopped sending audio", ms);
          return out.error(failure);
        } finally {
          clearTimeout(timer);
        }
        if (chunk.done) {
          release();
          return out.close();
        }
        size += chunk.value.byteLength;
        if (size > maxSpeechBytes) {
          return out.error(stop(this.#fail(
            "speech_error",
            `The speech server at ${this.host} sent more than ${maxSpeechBytes} bytes of audio.`,
          )));
        }
        out.enqueue(chunk.value);
      },
      cancel: (reason) => {
        release();
        controller.abort(reason);
        return reader.cancel(reason).catch(() => {});
      },
    }, { highWaterMark: 0 });
    return { type, body };
  }
}

/** A body over its cap. */
class TooLarge extends Error {
  constructor(readonly limit: number) {
    super(`more than ${limit} bytes`);
  }
}

/** Reads a whole response body, up to `limit` bytes (then cancels it and throws `TooLarge`). */
async function readCapped(
  body: ReadableStream<Uint8Array> | null,
  limit: number,
): Promise<Uint8Array> {
  if (!body) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.byteLength;
    if (size > limit) throw new TooLarge(limit);
    chunks.push(chunk);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

/** The first `limit` bytes of a body (an error's text); the rest is cancelled. */
async function readHead(body: ReadableStream<Uint8Array> | null, limit: number) {
  let head = new Uint8Array();
  try {
    for await (const chunk of body ?? []) {
      const next = new Uint8Array(head.byteLength + chunk.byteLength);
      next.set(head);
      next.set(chunk, head.byteLength);
      head = next;
      if (head.byteLength >= limit) break;
    }
  } catch {
    // What arrived before the failure is all there is to say.
  }
  return head.slice(0, limit);
}

/** A signal that fires on the caller's cancel (its reason) or after `ms` (`TIMEOUT`). */
function deadline(caller: AbortSignal | undefined, ms: number) {
  caller?.throwIfAborted();
  const controller = new AbortController();
  const onCancel = () => controller.abort(caller?.reason);
  caller?.addEventListener("abort", onCancel, { once: true });
  const timer = setTimeout(() => controller.abort(TIMEOUT), ms);
  return {
    signal: controller.signal,
    done() {
      clearTimeout(timer);
      caller?.removeEventListener("abort", onCancel);
    },
  };
}
