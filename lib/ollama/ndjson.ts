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
 * Yields the non-empty lines of `body` (a fetch body, or a `lib/http/client.ts` one) as strings (without `\n` or a trailing `\r`), one batch
 * per read: every line that one read completed, so a consumer handles a burst (a fast model, a
 * replay) in one step without waiting for anything that has not arrived yet.
 * The cap is counted in bytes, before decoding, and checked while a line is still growing.
 * Stopping early (or an error) cancels the body.
 *
 * @param host Named in the error when a line is too long.
 * @param onChunk Called for every chunk that arrives (used to reset an idle timer).
 */
export async function* ndjsonBatches(
  body: ReadableStream<Uint8Array> | ChunkSource,
  opts: { host: string; maxLineBytes?: number; onChunk?: () => void },
): AsyncGenerator<string[]> {
  const max = opts.maxLineBytes ?? MAX_LINE_BYTES;
  const decoder = new TextDecoder();
  const reader = body instanceof ReadableStream ? streamSource(body) : body;
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  let finished = false;
  const tooLong = () =>
    new OllamaError(
      "upstream_line_too_long",
      `Ollama at ${opts.host} sent a line longer than ${max} bytes; the stream was stopped.`,
      { host: opts.host },
    );
  const take = (tail: Uint8Array): string => {
    const bytes = pending.length ? concatBytes(...pending, tail) : tail;
    pending = [];
    pendingBytes = 0;
    return decoder.decode(bytes).replace(/\r$/, "");
  };
  try {
    while (true) {
      const value = await reader.read();
      if (value === null) break;
      opts.onChunk?.();
      const batch: string[] = [];
      let start = 0;
      let nl: number;
      while ((nl = value.indexOf(NEWLINE, start)) >= 0) {
        if (pendingBytes + nl - start > max) throw tooLong();
        const line = take(value.subarray(start, nl));
        start = nl + 1;
        if (line.trim()) batch.push(line);
      }
      if (start < value.length) {
        pendingBytes += value.length - start;
        // Checked before the newline arrives: a 2 MB line must fail at 1 MB, not after.
        if (pendingBytes > max) throw tooLong();
        pending.push(value.slice(start));
      }
      if (batch.length) yield batch;
    }
    finished = true;
    if (pendingBytes > 0) {
      const line = take(new Uint8Array());
      if (line.trim()) yield [line];
    }
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
