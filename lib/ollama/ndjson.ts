/**
 * Splitting an NDJSON byte stream into lines, with a hard cap per line so a broken or hostile
 * upstream cannot make Hearth buffer an unbounded line in memory.
 */
import type { ChunkSource } from "../http/client.ts";
import { OllamaError } from "./errors.ts";
import { concatBytes } from "../bytes.ts";

/** Default cap for one upstream line (SPEC §13: one upstream NDJSON/SSE line, 1 MB). */
export const MAX_LINE_BYTES = 1024 * 1024;

const NEWLINE = 0x0a;

// Deno's fetch gives every default read() a freshly allocated, zeroed 64 KiB buffer: ~19 µs of
// CPU per read (~4 µs with BYOB), and the garbage is external memory that only a GC returns
// (~190 MB with 1,000 streams). A BYOB reader refills one small buffer instead
// (docs/BENCHMARKS.md). Bodies that are not byte streams use the default reader.
const READ_BUFFER_BYTES = 8 * 1024;

/** Reads a fetch body chunk by chunk; chunks are only valid until the next read. */
function streamSource(body: ReadableStream<Uint8Array>): Pick<ChunkSource, "read" | "cancel"> {
  let byob: ReadableStreamBYOBReader | undefined;
  let plain: ReadableStreamDefaultReader<Uint8Array> | undefined;
  try {
    byob = body.getReader({ mode: "byob" });
  } catch {
    plain = body.getReader();
  }
  let buffer = new Uint8Array(READ_BUFFER_BYTES);
  return {
    async read() {
      if (!byob) return (await plain!.read()).value ?? null;
      const result = await byob.read(buffer);
      if (!result.value) return null;
      // The buffer was transferred into the result: read into the same memory next time.
      buffer = new Uint8Array(result.value.buffer);
      return result.value;
    },
    async cancel() {
      await (byob ?? plain!).cancel();
    },
  };
}

/**
 * Splits an NDJSON byte stream into its non-empty lines as the bytes arrive, without `\n` or a
 * trailing `\r`. The cap is counted in bytes, before decoding, and checked while a line is still
 * growing: a 2 MB line fails at 1 MB, not after. Synchronous, so a reader of the body hands each
 * read's lines straight on, without an async layer of its own per read.
 */
export class NdjsonSplitter {
  readonly #host: string;
  readonly #max: number;
  readonly #decoder = new TextDecoder();
  #pending: Uint8Array[] = [];
  #pendingBytes = 0;

  /** `host` is named in the error when a line is too long. */
  constructor(host: string, maxLineBytes = MAX_LINE_BYTES) {
    this.#host = host;
    this.#max = maxLineBytes;
  }

  /** The lines `chunk` completes (it may be reused once this returns); throws past the cap. */
  push(chunk: Uint8Array): string[] {
    const lines: string[] = [];
    let start = 0;
    let nl: number;
    while ((nl = chunk.indexOf(NEWLINE, start)) >= 0) {
      if (this.#pendingBytes + nl - start > this.#max) throw this.#tooLong();
      const line = this.#take(chunk.subarray(start, nl));
      start = nl + 1;
      if (line.trim()) lines.push(line);
    }
    if (start < chunk.length) {
      this.#pendingBytes += chunk.length - start;
      if (this.#pendingBytes > this.#max) throw this.#tooLong();
      this.#pending.push(chunk.slice(start));
    }
    return lines;
  }

  /** At the body's end: its last line if it had no newline, else null. */
  end(): string | null {
    if (this.#pendingBytes === 0) return null;
    const line = this.#take(new Uint8Array());
    return line.trim() ? line : null;
  }

  #take(tail: Uint8Array): string {
    const bytes = this.#pending.length ? concatBytes(...this.#pending, tail) : tail;
    this.#pending = [];
    this.#pendingBytes = 0;
    return this.#decoder.decode(bytes).replace(/\r$/, "");
  }

  #tooLong(): OllamaError {
    return new OllamaError(
      "upstream_line_too_long",
      `Ollama at ${this.#host} sent a line longer than ${this.#max} bytes; the stream was stopped.`,
      { host: this.#host },
    );
  }
}

/**
 * Yields the non-empty lines of `body` (a fetch body, or a `lib/http/client.ts` one) one batch
 * per read (`NdjsonSplitter`): every line that one read completed, so a consumer handles a burst
 * (a fast model, a replay) in one step without waiting for anything that has not arrived yet.
 * Stopping early (or an error) cancels the body.
 *
 * @param host Named in the error when a line is too long.
 * @param onChunk Called for every chunk that arrives (used to reset an idle timer).
 */
export async function* ndjsonBatches(
  body: ReadableStream<Uint8Array> | ChunkSource,
  opts: { host: string; maxLineBytes?: number; onChunk?: () => void },
): AsyncGenerator<string[]> {
  const lines = new NdjsonSplitter(opts.host, opts.maxLineBytes);
  const reader = body instanceof ReadableStream ? streamSource(body) : body;
  let finished = false;
  try {
    while (true) {
      const value = await reader.read();
      if (value === null) break;
      opts.onChunk?.();
      const batch = lines.push(value);
      if (batch.length) yield batch;
    }
    finished = true;
    const last = lines.end();
    if (last !== null) yield [last];
  } finally {
    if (!finished) await reader.cancel().catch(() => {});
  }
}

/** `ndjsonBatches`, one line at a time. */
export async function* ndjsonLines(
  body: ReadableStream<Uint8Array> | ChunkSource,
  opts: { host: string; maxLineBytes?: number; onChunk?: () => void },
): AsyncGenerator<string> {
  for await (const batch of ndjsonBatches(body, opts)) yield* batch;
}
