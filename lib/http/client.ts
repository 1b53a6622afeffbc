/**
 * A small HTTP/1.1 client over `Deno.connect`, for Hearth's calls to Ollama hosts.
 *
 * Why not `fetch`: Deno's fetch hands over one HTTP chunk per read, and Ollama flushes one chunk
 * per token, so a relay built on it pays a read, a parse and a write per token however far behind
 * it is. A socket read here returns everything the kernel holds: a 20,000-token reply at full
 * speed took 20,000 reads through fetch and about 100 here (docs/BENCHMARKS.md). A relay that
 * falls behind catches up in a few large steps instead of many small ones.
 *
 * Scope: what Ollama, and a reverse proxy in front of it, answer. HTTP/1.0 and 1.1 responses;
 * chunked, `Content-Length` and close-delimited bodies; interim 1xx responses skipped; `http:`
 * and `https:`. One request per connection (`Connection: close`), unless the caller passes a
 * `ConnectionPool` (`pool.ts`): then a connection whose answer ended cleanly waits there for the
 * next request to the same origin (HTTP/1.1 keep-alive), which skips a connect on a reply's way
 * to its first token. Nothing caps how many streams run at once. No compression (none is asked
 * for), no proxy from the environment: Ollama hosts are on the machine or the LAN. No redirects: a 3xx answer rejects
 * with `RedirectRefused`, as `upstreamFetch` does (`fetch.ts` says why).
 */
import { abortable } from "../async.ts";
import { parseHost } from "../net/addresses.ts";
import { resolveName } from "../net/resolve.ts";
import { isRedirect, RedirectRefused } from "./fetch.ts";
import type { ConnectionPool } from "./pool.ts";
import { BodyTooLarge, ChunkedBody, CR, LF, MIN_BUFFER, ProtocolError, Wire } from "./wire.ts";

export { BodyTooLarge, ProtocolError } from "./wire.ts";

/** One request. */
export interface ClientRequest {
  method: string;
  headers?: Record<string, string>;
  /** Sent with a `Content-Length`. */
  body?: string;
  /** Aborting closes the connection: the server sees the disconnect at once. */
  signal?: AbortSignal;
  /** Called once the request is written: the server has it, and what follows is its answer. */
  onSent?: () => void;
  /**
   * The addresses to dial instead of looking the host up (the caller checked them:
   * lib/net/safe_fetch.ts, so DNS cannot answer differently the second time). TLS still checks
   * the certificate against the URL's host name.
   */
  addresses?: string[];
  /** Keeps the connection for the next request once the answer is read to its end. */
  pool?: ConnectionPool;
}

/** A body read in pieces: each one everything a socket read brought, framing removed. */
export interface ChunkSource {
  /** The next bytes, or `null` at the end. A piece is only valid until the next call. */
  read(): Promise<Uint8Array | null>;
  /** Stops reading and closes the connection; safe to call more than once. */
  cancel(): Promise<void>;
  /**
   * For a caller that has everything it needs (Ollama's `done` line): the connection goes back
   * to the pool once the rest of the body (its chunked end) has come, or is closed if more than
   * that comes, or nothing within a second. Without a pool, `cancel()`.
   */
  release(): void;
}

/** A response whose head has arrived; the body is read through `body` or `text()`. */
export interface ClientResponse {
  status: number;
  statusText: string;
  headers: Headers;
  body: ChunkSource;
  /**
   * The whole body as text (then the connection is closed). A body longer than `maxBytes` is
   * not read on: `BodyTooLarge`.
   */
  text(maxBytes?: number): Promise<string>;
}

/** Cap for the status line and headers together. */
export const MAX_HEAD_BYTES = 64 * 1024;
const encoder = new TextEncoder();

/**
 * Connects to the URL's host. A name can stand for several addresses (`localhost` is often ::1
 * and 127.0.0.1, while Ollama listens on 127.0.0.1 by default), and `Deno.connect` dials only
 * the first, so each is tried in turn, as fetch does.
 */
async function connect(url: URL, given?: string[]): Promise<Deno.Conn> {
  const tls = url.protocol === "https:";
  if (!tls && url.protocol !== "http:") {
    throw new TypeError(`unsupported URL scheme: ${url.protocol}`);
  }
  // `[::1]` in a URL is `::1` to the resolver.
  const hostname = url.hostname.replace(/^\[(.*)\]$/, "$1");
  const host = parseHost(hostname);
  const addresses = given ??
    (host && host.kind !== "name" ? [host.address] : await resolveName(hostname));
  const conn = await connectFirst(addresses, Number(url.port || (tls ? 443 : 80)));
  // The certificate is checked against the name, not the address.
  return tls ? await Deno.startTls(conn, { hostname }) : conn;
}

/** The first of `addresses` that accepts a TCP connection on `port`; else the last failure. */
export async function connectFirst(addresses: string[], port: number): Promise<Deno.TcpConn> {
  let failure: unknown = new Error("the host name has no address");
  for (const address of addresses) {
    try {
      return await Deno.connect({ hostname: address, port });
    } catch (err) {
      failure = err;
    }
  }
  throw failure;
}

/**
 * Refuses a header whose name or value holds CR or LF: written as is, it would end the header
 * early and smuggle in headers (or a whole request) of the caller's data.
 */
function checkHeaders(headers: Record<string, string> = {}): void {
  for (const [name, value] of Object.entries(headers)) {
    if (/[\r\n]/.test(name) || /[\r\n]/.test(value)) {
      throw new TypeError(`header ${JSON.stringify(name)}: CR and LF are not allowed`);
    }
  }
}

function serialize(url: URL, req: ClientRequest): Uint8Array {
  const body = req.body === undefined ? undefined : encoder.encode(req.body);
  let head = `${req.method} ${url.pathname}${url.search} HTTP/1.1\r\nHost: ${url.host}\r\n` +
    (req.pool ? "" : "Connection: close\r\n") + "User-Agent: Hearth\r\n";
  for (const [name, value] of Object.entries(req.headers ?? {})) head += `${name}: ${value}\r\n`;
  if (body) head += `Content-Length: ${body.length}\r\n`;
  const bytes = encoder.encode(head + "\r\n");
  if (!body) return bytes;
  const all = new Uint8Array(bytes.length + body.length);
  all.set(bytes);
  all.set(body, bytes.length);
  return all;
}

interface Head {
  status: number;
  statusText: string;
  headers: Headers;
  /** HTTP/1.1 without `Connection: close`: the connection may carry another request. */
  reusable: boolean;
}

/** Reads one response head (status line and headers) and consumes it from the buffer. */
async function readHead(wire: Wire): Promise<Head> {
  let scanned = wire.start;
  while (true) {
    // The head ends at an empty line: LF followed by LF or CR LF.
    for (let i = Math.max(scanned, wire.start); i < wire.end; i++) {
      if (wire.buf[i] !== LF) continue;
      const next = wire.buf[i + 1] === CR ? i + 2 : i + 1;
      if (next >= wire.end) break;
      if (wire.buf[next] !== LF) continue;
      // Up to the LF that ends the last header line, without its CR.
      const text = new TextDecoder().decode(wire.buf.subarray(wire.start, i)).replace(/\r$/, "");
      wire.start = next + 1;
      return parseHead(text);
    }
    scanned = Math.max(wire.start, wire.end - 2);
    if (wire.unread >= MAX_HEAD_BYTES) {
      throw new ProtocolError(`the response head is longer than ${MAX_HEAD_BYTES} bytes`);
    }
    await wire.more("the response head");
  }
}

function parseHead(text: string): Head {
  const lines = text.split(/\r?\n/);
  const status = /^HTTP\/1\.([01]) (\d{3})(?: (.*))?$/.exec(lines[0]);
  if (!status) throw new ProtocolError(`not an HTTP/1.1 response: ${lines[0].slice(0, 80)}`);
  const headers = new Headers();
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(":");
    try {
      if (colon <= 0) throw new Error();
      headers.append(line.slice(0, colon), line.slice(colon + 1).trim());
    } catch {
      throw new ProtocolError(`a malformed response header: ${line.slice(0, 80)}`);
    }
  }
  const reusable = status[1] === "1" &&
    !/(^|,)\s*close\s*(,|$)/i.test(headers.get("connection") ?? "");
  return { status: Number(status[2]), statusText: status[3] ?? "", headers, reusable };
}

/** Where a body ends: by chunked framing, after `length` bytes, or when the server closes. */
type Framing = { kind: "chunked" } | { kind: "length"; length: number } | { kind: "close" };

function framing(method: string, head: Head): Framing {
  if (method === "HEAD" || head.status === 204 || head.status === 304) {
    return { kind: "length", length: 0 };
  }
  const te = head.headers.get("transfer-encoding");
  if (te !== null) {
    // Chunked must be the last coding; anything else is read until the server closes.
    return /(^|,)\s*chunked\s*$/i.test(te) ? { kind: "chunked" } : { kind: "close" };
  }
  const cl = head.headers.get("content-length");
  if (cl !== null) {
    // Repeated headers arrive joined by ", "; they must agree.
    const values = [...new Set(cl.split(",").map((v) => v.trim()))];
    if (values.length !== 1 || !/^\d{1,15}$/.test(values[0])) {
      throw new ProtocolError(`an invalid Content-Length: ${cl.slice(0, 40)}`);
    }
    return { kind: "length", length: Number(values[0]) };
  }
  return { kind: "close" };
}

/** Where a connection whose answer ended cleanly goes. */
interface Keep {
  pool: ConnectionPool;
  origin: string;
}

// What `release()` waits for after the caller's end: the body's own end is a few bytes away.
const DRAIN_MS = 1_000;
const DRAIN_BYTES = 16 * 1024;

function bodySource(wire: Wire, frame: Framing, keep?: Keep): ChunkSource {
  let finished = false;
  let settled = false;
  let released = false;
  // `complete`: the framing says the body ended here. Then, with nothing read past it, the
  // connection can carry the next request.
  const end = (complete = false) => {
    finished = true;
    if (!settled) {
      settled = true;
      if (complete && keep && wire.unread === 0 && !wire.closed) {
        keep.pool.put(keep.origin, wire.detach(), new Uint8Array(MIN_BUFFER));
      } else wire.close();
    }
    return null;
  };
  const cancel = () => Promise.resolve(void (released || end()));
  const release = (source: ChunkSource) => {
    if (released || settled) return;
    released = true;
    if (!keep) return void end();
    wire.unlink();
    const timer = setTimeout(() => wire.close(), DRAIN_MS);
    Deno.unrefTimer(timer);
    (async () => {
      let bytes = 0;
      try {
        for (let piece; (piece = await source.read()) !== null;) {
          if ((bytes += piece.length) > DRAIN_BYTES) break;
        }
      } catch {
        // Closed by the timer, or a broken end: not kept.
      }
      clearTimeout(timer);
      end();
    })();
  };
  if (frame.kind === "chunked") {
    const chunked = new ChunkedBody(wire);
    const source: ChunkSource = {
      async read() {
        while (!finished) {
          const piece = chunked.decode();
          if (chunked.done) finished = true;
          if (piece.length) return piece;
          if (finished) break;
          await wire.more("a chunked body");
        }
        return end(chunked.done);
      },
      cancel,
      release: () => release(source),
    };
    return source;
  }
  let left = frame.kind === "length" ? frame.length : Infinity;
  const source: ChunkSource = {
    async read() {
      if (finished || left === 0) return end(left === 0);
      if (wire.unread === 0 && !await wire.fill()) {
        if (frame.kind === "length") throw new ProtocolError("the connection closed mid-body");
        return end();
      }
      const n = Math.min(left, wire.unread);
      const piece = wire.buf.subarray(wire.start, wire.start + n);
      wire.start += n;
      left -= n;
      return piece;
    },
    cancel,
    release: () => release(source),
  };
  return source;
}

/**
 * Sends one request and waits for the response head. Connection errors reject as Deno throws
 * them; an abort rejects with the signal's reason; a server that breaks HTTP with `ProtocolError`;
 * a redirect (3xx) with `RedirectRefused`; a header name or value with CR or LF with a
 * `TypeError`, before anything is sent.
 */
export async function request(url: URL, req: ClientRequest): Promise<ClientResponse> {
  const signal = req.signal;
  signal?.throwIfAborted();
  checkHeaders(req.headers);
  const bytes = serialize(url, req);
  // The pool's connections were dialled for the origin (an Ollama host), never for `addresses`.
  const keep = req.pool && !req.addresses ? { pool: req.pool, origin: url.origin } : undefined;
  const idle = keep?.pool.take(keep.origin);
  if (idle) {
    const wire = new Wire(idle.conn, signal, idle);
    try {
      return await exchange(wire, url, req, bytes, keep);
    } catch (err) {
      // Nothing came back: the server closed the connection before it read the request (the
      // watch had not seen it yet). Sent once more, on a new connection.
      if (signal?.aborted || wire.received > 0 || err instanceof TypeError) throw err;
    }
  }
  const connecting = connect(url, req.addresses);
  let conn: Deno.Conn;
  try {
    conn = await abortable(connecting, signal);
  } catch (err) {
    connecting.then((late) => late.close(), () => {});
    throw err;
  }
  return await exchange(new Wire(conn, signal), url, req, bytes, keep);
}

/** Writes the request on `wire` and reads the response head. */
async function exchange(
  wire: Wire,
  url: URL,
  req: ClientRequest,
  bytes: Uint8Array,
  keep: Keep | undefined,
): Promise<ClientResponse> {
  const signal = req.signal;
  try {
    signal?.throwIfAborted();
    await wire.write(bytes);
    req.onSent?.();
    let head = await readHead(wire);
    // Interim answers (100 Continue, 103 Early Hints) come before the real one.
    while (head.status >= 100 && head.status < 200 && head.status !== 101) {
      head = await readHead(wire);
    }
    if (head.status === 101) throw new ProtocolError("the server switched protocols unasked");
    if (isRedirect(head.status)) {
      throw new RedirectRefused(url, head.status, head.headers.get("location"));
    }
    const body = bodySource(wire, framing(req.method, head), head.reusable ? keep : undefined);
    return {
      ...head,
      body,
      async text(maxBytes = Infinity) {
        const decoder = new TextDecoder();
        let text = "";
        let bytes = 0;
        for (let piece; (piece = await body.read()) !== null;) {
          bytes += piece.length;
          if (bytes > maxBytes) {
            await body.cancel();
            throw new BodyTooLarge(`the response body is longer than ${maxBytes} bytes`);
          }
          text += decoder.decode(piece, { stream: true });
        }
        return text + decoder.decode();
      },
    };
  } catch (err) {
    wire.close();
    throw err;
  }
}
