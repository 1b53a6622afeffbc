/**
 * Moving bytes at the front door (`front.ts`): what a client has sent and nobody has taken yet
 * (`Inbound`), the pipes between a client and the real server, and the real server's answer
 * passed on (`relayResponse`), its head rewritten when the connection stays open, and its end
 * pushed out at once (`flush`).
 */
import { concatBytes, writeAll } from "../bytes.ts";
import { headEnd, keepAliveResponse, latin1 } from "./front_head.ts";

/** Read sizes of the pipes: responses (SSE, pages) and request bodies (small, but uploads). */
export const PIPE_DOWN = 16 * 1024;
export const PIPE_UP = 8 * 1024;
/**
 * A pipe's first buffer: it doubles (up to the pipe's size) each time a read fills it. A token
 * stream's reads are a few hundred bytes, and a thousand streams held 16 KiB each.
 */
export const PIPE_START = 2 * 1024;
/**
 * A connection's first read, whose buffer its `Inbound` then keeps: most request heads fit (a
 * browser's are ~0.5–1.5 KB), and a thousand open connections hold 2 MiB, not the 8 they held
 * with a 4 KiB read copied into a 4 KiB buffer.
 */
export const FIRST_READ = 2 * 1024;
/** The largest response head the front reads to keep a connection open (hyper's are ~1 KB). */
const RESPONSE_HEAD_BYTES = 64 * 1024;

/** A connection as the pipes see it: moving bytes touches it, a failure closes it. */
export interface Piped {
  readonly closed: boolean;
  /** A byte moved (an active request's idle clock starts again). */
  touch(): void;
  close(): void;
}

/**
 * Copies `from` to `to` until either ends; `onEnd` runs once, when `from` has no more. Reads go
 * into a buffer of `PIPE_START` that grows to `size` while reads fill it.
 */
export async function pipe(
  t: Piped,
  from: Deno.Conn,
  to: Deno.Conn,
  size: number,
  onEnd: () => void | Promise<void>,
): Promise<void> {
  let buf = new Uint8Array(Math.min(PIPE_START, size));
  try {
    while (true) {
      const n = await from.read(buf);
      if (n === null) break;
      t.touch();
      await writeAll(to, buf.subarray(0, n));
      t.touch();
      if (n === buf.length && n < size) buf = new Uint8Array(Math.min(n * 2, size));
    }
    await onEnd();
  } catch {
    t.close();
  }
}

/**
 * Passes the real server's answer to the client. With `method` (the connection may stay open)
 * its head is read first, and loses hyper's `connection: close` when its body is framed; true
 * then. Resolves once the answer is complete (hyper closes its side after one request).
 */
export async function relayResponse(
  t: Piped,
  upstream: Deno.Conn,
  client: Deno.Conn,
  method: string | null,
): Promise<boolean> {
  let kept = false;
  if (method !== null) {
    let buf = new Uint8Array(PIPE_START);
    let length = 0;
    let end = -1;
    while (end < 0 && length < RESPONSE_HEAD_BYTES) {
      if (length === buf.length) {
        const bigger = new Uint8Array(buf.length * 2);
        bigger.set(buf);
        buf = bigger;
      }
      const n = await upstream.read(buf.subarray(length));
      if (n === null) break;
      end = headEnd(buf, length + n, length);
      length += n;
    }
    const head = end < 0
      ? null
      : keepAliveResponse(new TextDecoder("latin1").decode(buf.subarray(0, end)), method);
    kept = head !== null;
    await writeAll(
      client,
      head === null
        ? buf.subarray(0, length)
        : concatBytes(latin1(head), buf.subarray(end, length)),
    );
    t.touch();
  }
  await pipe(t, upstream, client, PIPE_DOWN, () => {});
  return kept && !t.closed;
}

/** Sets TCP_NODELAY; false when the socket is gone. */
export function noDelay(conn: Deno.TcpConn, on: boolean): boolean {
  try {
    conn.setNoDelay(on);
    return true;
  } catch {
    return false;
  }
}

/**
 * Sends what the socket holds now. A kept connection's answer ends without a close to flush it,
 * and Nagle's algorithm would hold its last segment until the client's delayed ACK (40 ms on
 * Linux). Turning TCP_NODELAY on pushes it out; it goes off again, because a stream of small
 * writes (SSE tokens) costs less CPU coalesced: the 100-stream benchmark's steady-state p99 is
 * +11 ms with Nagle and +51–62 ms with TCP_NODELAY left on.
 */
export function flush(conn: Deno.TcpConn) {
  if (noDelay(conn, true)) noDelay(conn, false);
}

/**
 * What a client has sent and nobody has taken yet: the bytes of a request head, of a body, and
 * whatever follows on a connection that stays open. One read runs at a time, into a buffer that
 * never grows past `max`, so a client that sends ahead (pipelines) is simply not read until the
 * front is ready for its next request.
 */
export class Inbound {
  readonly #conn: Deno.Conn;
  readonly #max: number;
  #buf: Uint8Array;
  #start = 0;
  #end = 0;
  #reading: Promise<boolean> | null = null;
  /** The client stopped sending, or its connection failed. */
  ended = false;

  /**
   * `first`: bytes already read from `conn`, at the start of a buffer this takes over (what the
   * buffer holds past them is room for the next reads); `max`: the most ever held.
   */
  constructor(conn: Deno.Conn, first: Uint8Array, max: number) {
    this.#conn = conn;
    this.#max = max;
    const size = first.buffer.byteLength;
    if (first.byteOffset === 0 && size >= FIRST_READ && size <= max) {
      this.#buf = new Uint8Array(first.buffer as ArrayBuffer);
    } else {
      this.#buf = new Uint8Array(Math.min(max, Math.max(FIRST_READ, first.length)));
      this.#buf.set(first);
    }
    this.#end = first.length;
  }

  /** How many bytes are held. */
  get size(): number {
    return this.#end - this.#start;
  }

  /** Whether `max` bytes are held: nothing more is read until some are taken. */
  get full(): boolean {
    return this.size >= this.#max;
  }

  /** The bytes held (a view, valid until the next `fill` or `take`). */
  view(): Uint8Array {
    return this.#buf.subarray(this.#start, this.#end);
  }

  /** Removes and returns up to `n` of the bytes held (a copy). */
  take(n: number): Uint8Array<ArrayBuffer> {
    const out = this.#buf.slice(this.#start, this.#start + Math.min(n, this.size));
    // The space is reclaimed when the next read starts: one may be running into the buffer now.
    this.#start += out.length;
    return out;
  }

  /**
   * Reads once more from the client, or joins the read already running. Resolves true when
   * bytes came (or `max` are already held), false when the client has stopped sending or its
   * connection failed (it was closed by a deadline, or reset).
   */
  fill(): Promise<boolean> {
    if (this.ended) return Promise.resolve(false);
    if (this.full) return Promise.resolve(true);
    this.#reading ??= this.#read().finally(() => this.#reading = null);
    return this.#reading;
  }

  async #read(): Promise<boolean> {
    if (this.#start > 0) {
      this.#buf.copyWithin(0, this.#start, this.#end);
      this.#end -= this.#start;
      this.#start = 0;
    }
    if (this.#end === this.#buf.length) {
      // Most heads fit in a few KB: start small and grow, so a thousand waiting sockets are cheap.
      const bigger = new Uint8Array(Math.min(this.#buf.length * 2, this.#max));
      bigger.set(this.#buf.subarray(0, this.#end));
      this.#buf = bigger;
    }
    try {
      const n = await this.#conn.read(this.#buf.subarray(this.#end));
      if (n === null) return !(this.ended = true);
      this.#end += n;
      return true;
    } catch {
      return !(this.ended = true);
    }
  }
}
