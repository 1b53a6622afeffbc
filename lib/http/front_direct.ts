/**
 * Requests the front door (`front.ts`) serves itself, without the hop to hyper: the app's
 * `Request` is built from the head the front already read and checked, and its `Response` is
 * written to the client's connection here.
 *
 * Only requests whose framing the front knows exactly come here (HTTP/1.1, one plain
 * `content-length` or none, no upgrade, no `expect`), with one valid `host` and a path; everything
 * else still goes to hyper. One that asks for `connection: close` gets it with its answer. Each
 * streamed response through hyper cost a private connection, two pipes and hyper's own buffers
 * (~50 KiB of C heap for a JavaScript stream body, BENCHMARKS.md fourth pass), and every token
 * two more socket hops.
 *
 * An answer has a `content-length` when its body is complete as soon as it is read (a page, a
 * JSON answer), else it goes out in chunks as the app produces them (an SSE stream), with what
 * is ready at once written together. A client that leaves mid-answer cancels the body, as hyper
 * would, so a stream's `cancel` runs and its slot is freed.
 */
import { concatBytes, writeAll } from "../bytes.ts";
import { type DirectBody, inPlace } from "./direct_body.ts";
import type { FrontHandler } from "./front_backend.ts";
import { latin1, plainResponse, type Rewritten } from "./front_head.ts";
import type { Inbound, Piped } from "./front_io.ts";

/** A request the front serves itself (`directRequest`). */
export interface DirectRequest {
  method: string;
  /** The path and query, as sent. */
  target: string;
  host: string;
  fields: [string, string][];
  /** The body's `content-length` (0: none). */
  length: number;
  /** The client asked to close the connection after this answer. */
  close: boolean;
  scheme: "http" | "https";
  remoteAddr: Deno.NetAddr;
}

/**
 * The request to serve directly, or null when the front cannot frame it exactly (`rewritten`'s
 * `length` is null) or its target is not a path (it goes to hyper).
 */
export function directRequest(
  rewritten: Rewritten,
  scheme: "http" | "https",
  remoteAddr: Deno.NetAddr,
): DirectRequest | null {
  const { length, host, target } = rewritten;
  if (length === null || host === null || !target.startsWith("/")) return null;
  const close = rewritten.keepBody === null;
  return {
    method: rewritten.method,
    target,
    host,
    fields: rewritten.fields,
    length,
    close,
    scheme,
    remoteAddr,
  };
}

/**
 * The client of one request, watched from the moment its body is read until its answer is
 * written: when it leaves (its connection ends or fails), `signal` aborts, as `Deno.serve`'s
 * request signal does (a non-streamed completion stops its model call), and `onGone` runs (a
 * streamed answer cancels its body). A client that pipelines past the buffer's room is no longer
 * watched; its writes will tell.
 */
class Peer {
  readonly #inbound: Inbound;
  #controller = new AbortController();
  #done = false;
  gone = false;
  onGone: (() => void) | null = null;

  constructor(inbound: Inbound) {
    this.#inbound = inbound;
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** Starts watching (once the body is read: its bytes are not the client's leaving). */
  watch(): void {
    (async () => {
      while (!this.#done && !this.#inbound.full) {
        if (await this.#inbound.fill()) continue;
        if (this.#done) return;
        this.gone = true;
        this.#controller.abort(new DOMException("The client closed the connection.", "AbortError"));
        this.onGone?.();
        return;
      }
    })().catch(() => {});
  }

  /** The answer is written (or given up): leaving from now on is not this request's. */
  answered(): void {
    this.#done = true;
  }
}

/** Largest write a stream's chunks are gathered into. */
const GATHER_BYTES = 16 * 1024;
const LAST_CHUNK = latin1("0\r\n\r\n");
const CRLF = latin1("\r\n");
/** Headers the front frames itself, never taken from the app's response. */
const FRAMING = new Set(["connection", "keep-alive", "transfer-encoding", "content-length"]);
const REASONS: Record<number, string> = {
  200: "OK",
  201: "Created",
  202: "Accepted",
  204: "No Content",
  206: "Partial Content",
  301: "Moved Permanently",
  302: "Found",
  303: "See Other",
  304: "Not Modified",
  307: "Temporary Redirect",
  308: "Permanent Redirect",
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  406: "Not Acceptable",
  408: "Request Timeout",
  409: "Conflict",
  410: "Gone",
  411: "Length Required",
  412: "Precondition Failed",
  413: "Content Too Large",
  415: "Unsupported Media Type",
  416: "Range Not Satisfiable",
  422: "Unprocessable Content",
  423: "Locked",
  428: "Precondition Required",
  429: "Too Many Requests",
  431: "Request Header Fields Too Large",
  500: "Internal Server Error",
  501: "Not Implemented",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
  507: "Insufficient Storage",
};

/** Resolves after two turns of the microtask queue: a read of a body already there beats it. */
const SOON = Symbol("soon");
function soon(): Promise<typeof SOON> {
  return Promise.resolve().then(() => {}).then(() => SOON);
}

let dateSecond = 0;
let dateText = "";
/** The `date` header's value, made once a second. */
function httpDate(): string {
  const now = Date.now();
  const second = Math.floor(now / 1000);
  if (second !== dateSecond) {
    dateSecond = second;
    dateText = new Date(now).toUTCString();
  }
  return dateText;
}

/** A head's bytes: latin1, or UTF-8 when a header value has characters past it. */
function headBytes(text: string): Uint8Array {
  // deno-lint-ignore no-control-regex
  return /^[\x00-\xff]*$/.test(text) ? latin1(text) : new TextEncoder().encode(text);
}

/**
 * Serves `r` with `handler` on `client`, whose unread bytes `inbound` holds (the body's start).
 * Resolves once the answer is written: true when the connection may carry the next request.
 */
export async function serveDirect(
  t: Piped,
  client: Deno.Conn,
  inbound: Inbound,
  r: DirectRequest,
  handler: FrontHandler,
  onError: (error: unknown) => Response | Promise<Response>,
): Promise<boolean> {
  const peer = new Peer(inbound);
  let left = r.length;
  let body: ReadableStream<Uint8Array> | Uint8Array<ArrayBuffer> | null = null;
  if (left > 0 && inbound.size >= left) {
    // All here already (a JSON call's body comes with its head): the request holds the bytes.
    body = inbound.take(left);
    left = 0;
  } else if (left > 0) {
    body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        if (inbound.size === 0 && !await inbound.fill()) {
          controller.error(new TypeError("The client stopped sending the request body."));
          return;
        }
        const part = inbound.take(Math.min(left, inbound.size));
        left -= part.length;
        t.touch();
        controller.enqueue(part);
        if (left === 0) {
          controller.close();
          peer.watch();
        }
      },
    }, { highWaterMark: 0 });
  }
  if (left === 0) peer.watch();
  let request: Request;
  try {
    request = new Request(`${r.scheme}://${r.host}${r.target}`, {
      method: r.method,
      headers: r.fields,
      body,
      signal: peer.signal,
    });
  } catch {
    peer.answered();
    // A host or header value `Request` refuses (hyper would have refused it too).
    await writeAll(
      client,
      plainResponse(400, "Bad Request", "bad_request", "The request is malformed."),
    );
    return false;
  }
  let done!: () => void;
  const completed = new Promise<void>((resolve) => done = resolve);
  let response: Response;
  try {
    response = await handler(request, { remoteAddr: r.remoteAddr, completed });
  } catch (err) {
    try {
      response = await onError(err);
    } catch {
      response = new Response(null, { status: 500 });
    }
  }
  try {
    const framed = await writeResponse(t, client, peer, r.method, response, r.close);
    return framed && left === 0 && !r.close;
  } finally {
    peer.answered();
    done();
  }
}

/** Writes `res` to `client`; true when the connection may carry the next request. */
async function writeResponse(
  t: Piped,
  client: Deno.Conn,
  peer: Peer,
  method: string,
  res: Response,
  close: boolean,
): Promise<boolean> {
  const status = res.status;
  let head = `HTTP/1.1 ${status} ${REASONS[status] ?? res.statusText}\r\n`;
  let declared: number | null = null;
  // `forEach`, not `for…of`: Deno's iterator sorts the list again for every entry (~26 µs for 15
  // headers against ~2). Both give each `set-cookie` on its own.
  res.headers.forEach((value, name) => {
    if (name === "content-length" && /^\d{1,15}$/.test(value)) declared = Number(value);
    if (!FRAMING.has(name)) head += `${name}: ${value}\r\n`;
  });
  head += `date: ${httpDate()}\r\n`;
  if (close) head += "connection: close\r\n";
  const headOnly = method === "HEAD" || status === 204 || status === 304;
  if (headOnly || res.body === null) {
    res.body?.cancel().catch(() => {});
    if (!headOnly) head += "content-length: 0\r\n";
    else if (method === "HEAD" && declared !== null) head += `content-length: ${declared}\r\n`;
    await writeAll(client, headBytes(head + "\r\n"));
    t.touch();
    return true;
  }

  const direct = declared === null ? inPlace(res.body) : null;
  if (direct) return await writeInPlace(t, client, peer, head, direct);
  const reader = res.body.getReader();
  peer.onGone = () => reader.cancel().catch(() => {});
  if (peer.gone) return (peer.onGone(), false);
  try {
    let next = reader.read();
    const first = await Promise.race([next, soon()]);
    if (first !== SOON && !first.done) {
      // A complete body (a page, a JSON answer) goes out in one write with its length.
      next = reader.read();
      const second = await Promise.race([next, soon()]);
      if (second !== SOON && second.done && declared === null) {
        head += `content-length: ${first.value.length}\r\n\r\n`;
        await writeAll(client, concatBytes(headBytes(head), first.value));
        t.touch();
        return true;
      }
      if (second !== SOON) next = Promise.resolve(second);
    } else if (first !== SOON) {
      await writeAll(client, headBytes(head + `content-length: ${declared ?? 0}\r\n\r\n`));
      t.touch();
      return !declared;
    }
    const chunked = declared === null;
    head += chunked ? "transfer-encoding: chunked\r\n\r\n" : `content-length: ${declared}\r\n\r\n`;
    let out: Uint8Array | null = headBytes(head);
    let sent = 0;
    // The first part (if it came at once), then every part as it comes, gathered while ready.
    const parts: Uint8Array[] = [];
    let size = 0;
    let ended = false;
    if (first !== SOON) {
      parts.push(first.value);
      size = first.value.length;
    } else {
      // Nothing yet: the head goes now (an SSE stream's client is waiting for it).
      await writeAll(client, out);
      t.touch();
      out = null;
    }
    while (!ended && !peer.gone) {
      while (size < GATHER_BYTES) {
        const got = await (parts.length ? Promise.race([next, soon()]) : next);
        if (got === SOON) break;
        if (got.done) {
          ended = true;
          break;
        }
        next = reader.read();
        if (got.value.length === 0) continue;
        parts.push(got.value);
        size += got.value.length;
      }
      if (peer.gone) break;
      let bytes: Uint8Array;
      if (chunked) bytes = chunks(out, parts, size, ended);
      else {
        // A declared length is kept to: a body that runs past it is cut there (one that ends
        // short ends the connection).
        const body = (parts.length === 1 ? parts[0] : concatBytes(...parts))
          .subarray(0, declared! - sent);
        sent += body.length;
        if (sent === declared && !ended) {
          reader.cancel().catch(() => {});
          ended = true;
        }
        bytes = out ? concatBytes(out, body) : body;
      }
      out = null;
      parts.length = 0;
      size = 0;
      if (bytes.length) {
        await writeAll(client, bytes);
        t.touch();
      }
    }
    return ended && !peer.gone && (chunked || sent === declared);
  } catch {
    reader.cancel().catch(() => {});
    return false;
  }
}

/**
 * Writes a body read in place (`direct_body.ts`: a task's SSE stream) in chunks: what is ready
 * goes out at once in one write, the head with the first and the last chunk with the end. True
 * when the connection may carry the next request.
 */
async function writeInPlace(
  t: Piped,
  client: Deno.Conn,
  peer: Peer,
  head: string,
  body: DirectBody,
): Promise<boolean> {
  peer.onGone = () => body.cancel();
  if (peer.gone) return (body.cancel(), false);
  let out: Uint8Array | null = headBytes(head + "transfer-encoding: chunked\r\n\r\n");
  const pieces: Uint8Array[] = [];
  try {
    while (!peer.gone) {
      let size = 0;
      let piece: Uint8Array | null = null;
      while (size < GATHER_BYTES && (piece = body.take()) !== null) {
        pieces.push(piece);
        size += piece.length;
      }
      const ended = body.ended;
      if (out || pieces.length || ended) {
        // The head goes at once even alone: an SSE client waits for it.
        await writeAll(client, chunks(out, pieces, size, ended));
        t.touch();
        out = null;
        pieces.length = 0;
      }
      if (ended) return !peer.gone;
      // Nothing more was ready: wait for it (after a full write, the rest is taken at once).
      if (piece === null) await body.wait();
    }
    return false;
  } catch {
    body.cancel();
    return false;
  }
}

/**
 * In one array: `head` (if any), `parts` (`size` bytes in all) as one HTTP chunk (none when
 * empty), and the last chunk if `last`.
 */
function chunks(head: Uint8Array | null, parts: Uint8Array[], size: number, last: boolean) {
  const hex = size ? size.toString(16) : "";
  const out = new Uint8Array(
    (head?.length ?? 0) + (size ? hex.length + size + 4 : 0) + (last ? LAST_CHUNK.length : 0),
  );
  let at = 0;
  if (head) {
    out.set(head);
    at = head.length;
  }
  if (size) {
    for (let i = 0; i < hex.length; i++) out[at++] = hex.charCodeAt(i);
    out.set(CRLF, at);
    at += 2;
    for (const part of parts) {
      out.set(part, at);
      at += part.length;
    }
    out.set(CRLF, at);
    at += 2;
  }
  if (last) out.set(LAST_CHUNK, at);
  return out;
}
