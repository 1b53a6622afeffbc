/**
 * The read side of the HTTP/1.1 client (`client.ts`): a connection with its read buffer
 * (`Wire`), and the decoder of chunked bodies, which decodes in place, each piece the data of
 * every chunk one read brought.
 */
import { writeAll } from "../bytes.ts";

/** The server broke HTTP/1.1 (a garbled head, a bad chunk, a body cut short). */
export class ProtocolError extends Error {
  override name = "ProtocolError";
}

/** A body was longer than its reader allowed. */
export class BodyTooLarge extends ProtocolError {
  override name = "BodyTooLarge";
}

// Read buffers start small (a slow stream never needs more) and double, up to the maximum,
// whenever a read fills them: a fast stream soon reads 64 KiB at a time.
export const MIN_BUFFER = 2 * 1024;
const MAX_BUFFER = 64 * 1024;
// A chunk-size line (hex digits and extensions) or a trailer line.
const MAX_LINE = 4 * 1024;

export const CR = 0x0d;
export const LF = 0x0a;

/** The connection and its read buffer; unread bytes are `buf[start, end)`. */
export class Wire {
  buf: Uint8Array;
  start = 0;
  end = 0;
  /** Bytes read from the connection by this wire (a reused one retries only before the first). */
  received = 0;
  #closed = false;
  #grow = false;
  /** A read already under way (a pooled connection's watch): the first `fill` takes it over. */
  #pending: Promise<number | null> | undefined;
  #onAbort = () => this.close();

  constructor(
    readonly conn: Deno.Conn,
    public signal?: AbortSignal,
    idle?: { buf: Uint8Array; pending: Promise<number | null> },
  ) {
    this.buf = idle?.buf ?? new Uint8Array(MIN_BUFFER);
    this.#pending = idle?.pending;
    signal?.addEventListener("abort", this.#onAbort, { once: true });
  }

  get closed(): boolean {
    return this.#closed;
  }

  get unread(): number {
    return this.end - this.start;
  }

  /**
   * Reads more bytes after the unread ones; false at the end of the stream. Bytes before
   * `start` (pieces already handed out) are overwritten.
   */
  async fill(): Promise<boolean> {
    if (this.start > 0) {
      this.buf.copyWithin(0, this.start, this.end);
      this.end -= this.start;
      this.start = 0;
    }
    if ((this.#grow || this.end === this.buf.length) && this.buf.length < MAX_BUFFER) {
      const bigger = new Uint8Array(this.buf.length * 2);
      bigger.set(this.buf.subarray(0, this.end));
      this.buf = bigger;
    }
    this.#grow = false;
    // Callers bound what they leave unread (a head, a line) below the maximum.
    if (this.end === this.buf.length) throw new ProtocolError("the read buffer is full");
    let n: number | null;
    try {
      const pending = this.#pending;
      this.#pending = undefined;
      // Into the whole buffer when it is empty (after a token, usually, and where the watch
      // reads): no view made for it.
      n = await (pending ?? this.conn.read(this.end ? this.buf.subarray(this.end) : this.buf));
    } catch (err) {
      throw this.signal?.aborted ? this.signal.reason : err;
    }
    // read() after close() resolves null on some platforms: an abort must not look like an end.
    this.signal?.throwIfAborted();
    if (n === null) return false;
    this.received += n;
    this.#grow = this.end + n === this.buf.length;
    this.end += n;
    return true;
  }

  /** Fills until the stream ends, or throws `ProtocolError(truncated)` if it ends. */
  async more(what: string): Promise<void> {
    if (!await this.fill()) {
      throw new ProtocolError(`the connection closed in the middle of ${what}`);
    }
  }

  async write(bytes: Uint8Array): Promise<void> {
    try {
      await writeAll(this.conn, bytes);
    } catch (err) {
      throw this.signal?.aborted ? this.signal.reason : err;
    }
  }

  /** The request's signal no longer closes the connection (a drain after the caller's end). */
  unlink(): void {
    this.signal?.removeEventListener("abort", this.#onAbort);
    this.signal = undefined;
  }

  /** Hands the connection on (to the pool). */
  detach(): Deno.Conn {
    this.unlink();
    this.#closed = true;
    return this.conn;
  }

  close() {
    if (this.#closed) return;
    this.#closed = true;
    this.signal?.removeEventListener("abort", this.#onAbort);
    try {
      this.conn.close();
    } catch {
      // Already closed by the other side's reset.
    }
  }
}

/** The index of the next LF in the unread bytes, or -1; throws if a line grows too long. */
function lineEnd(wire: Wire, what: string): number {
  const buf = wire.buf;
  for (let i = wire.start; i < wire.end; i++) if (buf[i] === LF) return i;
  if (wire.unread > MAX_LINE) throw new ProtocolError(`${what} is too long`);
  return -1;
}

/** Decodes a chunked body in place: each piece is the data of every chunk one read brought. */
export class ChunkedBody {
  #state: "size" | "data" | "data_end" | "trailer" | "done" = "size";
  #left = 0;

  constructor(readonly wire: Wire) {}

  get done(): boolean {
    return this.#state === "done";
  }

  /** Decodes the unread bytes as far as they go; the data is moved to the front of them. */
  decode(): Uint8Array {
    const wire = this.wire;
    const buf = wire.buf;
    const from = wire.start;
    let out = from;
    let p = from;
    decoding: while (p < wire.end) {
      switch (this.#state) {
        case "size": {
          wire.start = p;
          const lf = lineEnd(wire, "a chunk-size line");
          if (lf < 0) break decoding;
          this.#left = chunkSize(buf, p, lf);
          p = lf + 1;
          this.#state = this.#left === 0 ? "trailer" : "data";
          break;
        }
        case "data": {
          const n = Math.min(this.#left, wire.end - p);
          if (out !== p) buf.copyWithin(out, p, p + n);
          out += n;
          p += n;
          this.#left -= n;
          if (this.#left === 0) this.#state = "data_end";
          break;
        }
        case "data_end": {
          if (buf[p] === LF) p += 1;
          else if (buf[p] === CR && p + 1 < wire.end && buf[p + 1] === LF) p += 2;
          else if (buf[p] === CR && p + 1 === wire.end) break decoding;
          else throw new ProtocolError("a chunk did not end where its size said");
          this.#state = "size";
          break;
        }
        case "trailer": {
          wire.start = p;
          const lf = lineEnd(wire, "a trailer line");
          if (lf < 0) break decoding;
          const empty = lf === p || (lf === p + 1 && buf[p] === CR);
          p = lf + 1;
          if (empty) this.#state = "done";
          break;
        }
        case "done":
          break decoding;
      }
    }
    wire.start = p;
    // `out` never passes `p`, so the data sits in bytes already consumed.
    return buf.subarray(from, out);
  }
}

function chunkSize(buf: Uint8Array, from: number, to: number): number {
  let size = 0;
  let digits = 0;
  for (let i = from; i < to; i++) {
    const c = buf[i];
    const digit = c >= 0x30 && c <= 0x39
      ? c - 0x30
      : c >= 0x61 && c <= 0x66
      ? c - 0x57
      : c >= 0x41 && c <= 0x46
      ? c - 0x37
      : -1;
    if (digit < 0) {
      // Extensions (`;name=value`) and whitespace after the digits are allowed and ignored.
      if (digits > 0 && (c === 0x3b || c === 0x20 || c === 0x09 || c === CR)) break;
      throw new ProtocolError("an invalid chunk size");
    }
    if (++digits > 12) throw new ProtocolError("a chunk size is too large");
    size = size * 16 + digit;
  }
  if (digits === 0) throw new ProtocolError("an invalid chunk size");
  return size;
}
