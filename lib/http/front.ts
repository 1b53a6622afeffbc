/**
 * The front door: Hearth's own TCP accept loop in front of `Deno.serve`.
 *
 * `Deno.serve` has no connection deadlines: a socket that never sends a request, or sends its
 * headers one byte a minute (slowloris), is held forever, and when the process runs out of file
 * descriptors its accept loop rejects and stops for good. So Hearth accepts connections itself:
 *
 * - A connection must send a complete request head within `headMs` (default 10 s) of being
 *   accepted, in at most `headBytes`; otherwise it is closed (431 for an oversized head).
 * - At most `maxPending` connections may be waiting for their head; past that, the oldest that
 *   has never sent a request is closed, so a flood of idle sockets cannot keep a real client out
 *   (one kept open after an answer only far past it: `front_pending.ts`).
 * - Running out of descriptors is survived: the loop closes the oldest waiting connection (one
 *   never used first), backs off and accepts again.
 * - A request whose connection moves no byte either way for `idleMs` is closed.
 * - Active requests are capped in total and per client address (503 past either).
 *
 * A request the front can frame exactly both ways (HTTP/1.1, one plain `content-length` or none,
 * no upgrade, no `expect`, a path) is served here: `front_direct.ts` builds the app's `Request`
 * and writes its `Response`, with no hop to hyper. Any other complete head is passed, unchanged
 * but for two headers, to the real server (`Deno.serve` on a private Unix socket,
 * `front_backend.ts`, where hyper parses it), one private connection per request:
 * `connection: close` (hyper answers once and closes, so no later request can skip the checks
 * above; a WebSocket upgrade keeps its `upgrade` with `connection: upgrade, close`) and
 * `x-hearth-peer`, carrying the client's address, the scheme and a per-process secret. The bytes
 * after it are piped both ways with a fixed buffer, so a slow reader holds at most one chunk here.
 *
 * The client's connection is kept open for its next request where the front can frame both ways
 * exactly (`rewriteHead`'s `keepBody`; through hyper, `keepAliveResponse`), and the next head
 * waits in `pending` like a new connection's, meeting every check above again.
 *
 * HTTPS (`tls`, swappable while running with `setTls`) is served on the same port. The front
 * reads a connection's first bytes: 0x16 starts a TLS ClientHello, which `front_tls.ts` relays to
 * a private TLS listener and hands back decrypted, to be read like a plain connection; anything
 * else is plain HTTP. The head deadline covers the handshake too: the relay stays "waiting" until
 * the decrypted head is complete. A plain request, while TLS is on, gets a 308 to the same host,
 * port and path over https, except the paths `plainAllowed` names (the page that lets a phone
 * trust the CA, before it can open https without a warning).
 */

import { httpsRedirect, TLS_HANDSHAKE, type TlsPair, TlsTerminator } from "./front_tls.ts";
import { type FrontHandler, serveBackend } from "./front_backend.ts";
import { BUSY, headEnd, latin1, plainResponse, rewriteHead } from "./front_head.ts";
import {
  FIRST_READ,
  flush,
  Inbound,
  noDelay,
  pipe,
  PIPE_DOWN,
  PIPE_UP,
  type Piped,
  relayResponse,
} from "./front_io.ts";
import { FRONT_LIMITS, type FrontLimits, type FrontStats } from "./front_limits.ts";
import { concatBytes, writeAll } from "../bytes.ts";
import { Waiting } from "./front_pending.ts";
import { directRequest, serveDirect } from "./front_direct.ts";
import { errorResponse } from "./errors.ts";

/** Options for `serveFront`. */
export interface FrontOptions {
  hostname: string;
  port: number;
  /** The app; `info.remoteAddr` is the real client's address. */
  handler: FrontHandler;
  onError?: (error: unknown) => Response | Promise<Response>;
  /** Told about accept failures and other connection-level trouble (never per request). */
  onProblem?: (message: string, fields: Record<string, unknown>) => void;
  limits?: Partial<FrontLimits>;
  /** Serve HTTPS with this certificate chain and key (PEM); plain HTTP is redirected. */
  tls?: TlsPair | null;
  /** Paths still served over plain HTTP while TLS is on (default: none). */
  plainAllowed?: (path: string) => boolean;
}

/** A running front door. */
export interface Front {
  addr: Deno.NetAddr;
  /** Resolves once the server has shut down. */
  finished: Promise<void>;
  /** Stops accepting, closes waiting connections, lets requests in flight finish. */
  shutdown(): Promise<void>;
  stats(): FrontStats;
  /**
   * Serves HTTPS with `pair` from now on (null: plain HTTP only). Connections already open keep
   * the certificate they shook hands with.
   */
  setTls(pair: TlsPair | null): void;
}

export { upgradeTarget } from "./front_backend.ts";

interface Tracked extends Piped {
  conn: Deno.TcpConn;
  /** Closed with it: the TLS relay and the decrypted connection. */
  also: Deno.Conn[];
  /** The private connection to the real server of the request being served. */
  upstream: Deno.Conn | null;
  /** Kept open after a response, waiting for the next head. */
  kept: boolean;
  address: string;
  /** Deadline for the head while pending; last byte moved while active. */
  since: number;
  closed: boolean;
}

/** Starts the front door and the real server behind it. */
export async function serveFront(options: FrontOptions): Promise<Front> {
  const limits = { ...FRONT_LIMITS, ...options.limits };
  const problem = options.onProblem ?? (() => {});
  const secret = crypto.randomUUID();
  const dir = await Deno.makeTempDir({ prefix: "hearth-" });
  const path = `${dir}/http.sock`;
  const stats: FrontStats = {
    pending: 0,
    active: 0,
    accepted: 0,
    reused: 0,
    headTimeouts: 0,
    evicted: 0,
    idleClosed: 0,
    badHeads: 0,
    busy: 0,
    redirected: 0,
    acceptErrors: 0,
  };
  const backend = await serveBackend(path, secret, options.handler, options.onError);
  const onError = options.onError ?? (() => errorResponse(500, "internal_error", "Server error"));

  let listener: Deno.TcpListener;
  try {
    listener = Deno.listen({ hostname: options.hostname, port: options.port });
  } catch (err) {
    await backend.shutdown();
    await Deno.remove(dir, { recursive: true }).catch(() => {});
    throw err;
  }

  const pending = new Waiting<Tracked>(limits);
  const active = new Set<Tracked>();
  const activeByAddress = new Map<string, number>();
  let closing = false;
  /** Every connection being handled, until its socket is closed. */
  const connections = new Set<Promise<void>>();

  const track = (conn: Deno.TcpConn): Tracked => {
    const t: Tracked = {
      conn,
      also: [],
      upstream: null,
      kept: false,
      address: conn.remoteAddr.hostname,
      since: Date.now() + limits.headMs,
      closed: false,
      // While waiting for its head, `since` is the connection's deadline: bytes do not move it.
      touch() {
        if (active.has(t)) t.since = Date.now();
      },
      close() {
        if (t.closed) return;
        t.closed = true;
        pending.delete(t);
        for (const c of [conn, ...t.also, t.upstream]) {
          try {
            c?.close();
          } catch { /* already closed */ }
        }
      },
    };
    return t;
  };

  let terminator: TlsTerminator | null = null;
  const retired = new Set<TlsTerminator>();
  const setTls = (pair: TlsPair | null) => {
    const old = terminator;
    terminator = pair ? new TlsTerminator(pair) : null;
    // A connection kept open would go on with the old scheme or certificate: idle ones close
    // now, busy ones after their response.
    for (const t of [...pending]) if (t.kept) t.close();
    if (old) {
      // Handshakes already on their way to the old listener finish there.
      retired.add(old);
      const timer = setTimeout(() => {
        retired.delete(old);
        old.close();
      }, limits.headMs);
      Deno.unrefTimer(timer);
    }
  };
  if (options.tls) setTls(options.tls);

  // One sweep (a second apart at most) for every deadline, instead of a timer per connection.
  const sweeper = setInterval(() => {
    const now = Date.now();
    for (const t of pending) {
      if (t.since > now) break; // later entries were accepted later: their deadlines are later
      stats.headTimeouts++;
      t.close();
    }
    for (const t of active) {
      if (now - t.since >= limits.idleMs) {
        stats.idleClosed++;
        t.close();
      }
    }
    // A connection to the private TLS listener that no relay claims is not one of ours.
    for (const term of [terminator, ...retired]) term?.sweep(now);
  }, Math.min(1000, Math.max(20, Math.min(limits.headMs, limits.idleMs) / 4)));
  Deno.unrefTimer(sweeper);

  const refuse = async (t: Tracked, bytes: Uint8Array, to: Deno.Conn = t.conn) => {
    await writeAll(to, bytes).catch(() => {}); // the client went away
    t.close();
  };

  /** The first bytes a client sends, or null when it closes (or is closed) first. */
  const readFirst = async (t: Tracked): Promise<Uint8Array | null> => {
    const buf = new Uint8Array(Math.min(FIRST_READ, limits.headBytes));
    try {
      const n = await t.conn.read(buf);
      return n === null ? null : buf.subarray(0, n);
    } catch {
      return null;
    }
  };

  /** The next request head `inbound` holds, or null when the client left or was refused. */
  const readHead = async (t: Tracked, from: Deno.Conn, inbound: Inbound) => {
    for (let scanned = 0;;) {
      const held = inbound.view();
      const end = headEnd(held, held.length, scanned);
      if (end >= 0) return new TextDecoder("latin1").decode(inbound.take(end));
      scanned = held.length;
      if (inbound.full) {
        stats.badHeads++;
        const message = "The request headers are too large.";
        await refuse(
          t,
          plainResponse(431, "Request Header Fields Too Large", "head_too_large", message),
          from,
        );
        return null;
      }
      if (!await inbound.fill()) return null; // closed by a deadline or eviction, or by the client
    }
  };

  /**
   * Serves one request whose head `inbound` gave; true when the connection may carry the next.
   * Hyper always gets `connection: close`, so it answers one request per private connection: a
   * kept client connection sends hyper exactly the body its `content-length` names, and the front
   * reads the next head itself, through every check above.
   */
  const exchange = async (
    t: Tracked,
    term: TlsTerminator | null,
    client: Deno.Conn,
    inbound: Inbound,
    head: string,
  ): Promise<boolean> => {
    const scheme = client === t.conn ? "http" : "https";
    const rewritten = rewriteHead(
      head,
      `${secret} ${t.address} ${t.conn.remoteAddr.port} ${scheme}`,
    );
    if (!rewritten || rewritten.host === null) {
      // HTTP/1.1 requires one host (RFC 9112 3.2); hyper would make a URL of its socket's path.
      stats.badHeads++;
      const message = rewritten
        ? "The request must name one valid host."
        : "The request is malformed.";
      const bad = plainResponse(400, "Bad Request", "bad_request", message);
      return (await refuse(t, bad, client), false);
    }
    if (term && scheme === "http") {
      const path = head.slice(0, head.indexOf("\r\n")).split(" ")[1];
      if (!(options.plainAllowed?.(new URL(path, "http://x").pathname) ?? false)) {
        const redirect = httpsRedirect(head, listener.addr.port);
        if (redirect) stats.redirected++;
        else stats.badHeads++;
        const noHost = plainResponse(
          400,
          "Bad Request",
          "bad_request",
          "The request names no host.",
        );
        return (await refuse(t, redirect ?? noHost), false);
      }
    }
    const mine = activeByAddress.get(t.address) ?? 0;
    if (closing || active.size >= limits.maxActive || mine >= limits.maxActivePerAddress) {
      stats.busy++;
      return (await refuse(t, BUSY, client), false);
    }
    // The slot is taken before the first await, so parallel requests cannot all pass the check.
    activeByAddress.set(t.address, mine + 1);
    active.add(t);
    t.since = Date.now();
    try {
      const direct = directRequest(rewritten, scheme, t.conn.remoteAddr);
      if (direct) {
        // Framed exactly both ways: served here, without the hop to hyper (front_direct.ts).
        const kept = await serveDirect(t, client, inbound, direct, options.handler, onError);
        if (kept && client === t.conn) flush(t.conn);
        return kept && !inbound.ended && !closing;
      }
      try {
        t.upstream = await Deno.connect({ transport: "unix", path });
      } catch (err) {
        problem("could not reach the server socket", { error: String(err) });
        stats.busy++;
        return (await refuse(t, BUSY, client), false);
      }
      const upstream = t.upstream;
      const length = rewritten.keepBody;
      // What the client already sent past the head: the body's start (all of it, when the
      // connection ends with this request).
      const sent = inbound.take(length ?? inbound.size);
      let left = (length ?? 0) - sent.length;
      await writeAll(upstream, concatBytes(latin1(rewritten.text), sent));
      let answered = false;
      let reusable = length !== null;
      // The client stopped sending: tell hyper, which ends the request as it would directly.
      const stopped = () => {
        reusable = false;
        if (!answered) upstream.closeWrite().catch(() => t.close());
      };
      if (length === null) pipe(t, client, upstream, PIPE_UP, stopped);
      else {
        (async () => {
          const buf = new Uint8Array(Math.min(PIPE_UP, left));
          while (left > 0) {
            const n = await client.read(buf.subarray(0, Math.min(left, buf.length)));
            if (n === null) return stopped();
            t.touch();
            await writeAll(upstream, buf.subarray(0, n));
            left -= n;
            t.touch();
          }
          // Until the answer is complete, go on reading the client, to see it leave.
          while (!answered && !inbound.full) {
            if (!await inbound.fill()) return stopped();
          }
        })().catch(() => t.close());
      }
      const framed = await relayResponse(
        t,
        upstream,
        client,
        length === null ? null : rewritten.method,
      );
      answered = true;
      if (framed && client === t.conn) flush(t.conn);
      // An answer given before the whole body came (a 413) ends the connection: what the client
      // still sends is that body, not a request.
      return framed && reusable && left === 0 && !inbound.ended && !closing;
    } catch {
      return false; // a write to a closed socket: the client or the server went away
    } finally {
      if (t.upstream) {
        try {
          t.upstream.close();
        } catch { /* already closed */ }
        t.upstream = null;
      }
      active.delete(t);
      const left = (activeByAddress.get(t.address) ?? 1) - 1;
      if (left > 0) activeByAddress.set(t.address, left);
      else activeByAddress.delete(t.address);
    }
  };

  const serve = async (t: Tracked) => {
    const first = await readFirst(t);
    if (!first || t.closed) return t.close();
    const term = terminator;
    let client: Deno.Conn = t.conn;
    /** Once the last response is complete: close the client's connection. */
    let finish = () => t.close();
    let inbound: Inbound;
    if (term && first[0] === TLS_HANDSHAKE) {
      const decrypted = await term.relay(
        t,
        first,
        (from, to, size, onEnd) => pipe(t, from, to, size, onEnd),
        { up: PIPE_UP, down: PIPE_DOWN },
        problem,
      );
      if (!decrypted) return t.close();
      const { conn, relayed } = decrypted;
      client = conn;
      // Answers reach the client through the relay's own writes, which `flush` cannot time.
      noDelay(t.conn, true);
      // Over TLS: say close_notify, then wait until the relay has passed every byte on (the
      // relay ends when the private side shuts down); closing at once would cut the response.
      finish = () => conn.closeWrite().then(() => relayed, () => t.close());
      inbound = new Inbound(client, new Uint8Array(), limits.headBytes);
    } else {
      inbound = new Inbound(client, first, limits.headBytes);
    }
    for (let served = 0;; served++) {
      const head = await readHead(t, client, inbound);
      if (head === null || t.closed) return t.close();
      pending.delete(t);
      if (served > 0) stats.reused++;
      t.kept = false;
      if (!await exchange(t, term, client, inbound, head) || terminator !== term) {
        await finish();
        return t.close();
      }
      // Kept open: waiting for its next head, under the same deadline as a new one (closed for
      // room only far past the cap: front_pending.ts).
      t.kept = true;
      t.since = Date.now() + limits.headMs;
      stats.evicted += pending.add(t, false);
    }
  };

  const acceptLoop = async () => {
    let backoff = 10;
    while (!closing) {
      let conn: Deno.TcpConn;
      try {
        conn = await listener.accept();
      } catch (err) {
        if (closing || err instanceof Deno.errors.BadResource) break;
        // Most likely out of file descriptors: make room, wait, try again.
        stats.acceptErrors++;
        if (stats.acceptErrors === 1 || stats.acceptErrors % 100 === 0) {
          problem("accept failed", { error: String(err), count: stats.acceptErrors });
        }
        let freed = 0;
        while (freed < 32 && pending.evictOldest(true)) freed++;
        stats.evicted += freed;
        await new Promise((r) => setTimeout(r, freed ? 10 : backoff));
        backoff = freed ? 10 : Math.min(backoff * 2, 1000);
        continue;
      }
      backoff = 10;
      stats.accepted++;
      const t = track(conn);
      stats.evicted += pending.add(t, true);
      const serving = serve(t).catch((err) => {
        problem("connection failed", { error: String(err) });
        t.close();
      }).finally(() => connections.delete(serving));
      connections.add(serving);
    }
  };
  const accepting = acceptLoop();

  let stopping: Promise<void> | undefined;
  const shutdown = () => {
    stopping ??= (async () => {
      closing = true;
      try {
        listener.close();
      } catch { /* already closed */ }
      await accepting;
      for (const t of [...pending]) t.close();
      for (const term of [terminator, ...retired]) term?.close();
      terminator = null;
      // Requests in flight get a grace to finish; then their sockets are closed, which ends
      // their handlers' streams, so a never-ending response cannot hold the shutdown.
      // A response the server finished may still be on its way through a pipe: let it arrive.
      const done = backend.shutdown();
      const delivered = done.then(() => Promise.allSettled([...connections]));
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([delivered, new Promise((r) => timer = setTimeout(r, limits.shutdownMs))]);
      clearTimeout(timer);
      for (const t of [...active]) t.close();
      await done;
      clearInterval(sweeper);
      await Deno.remove(dir, { recursive: true }).catch(() => {});
    })();
    return stopping;
  };
  backend.finished.then(() => shutdown(), () => shutdown());

  return {
    addr: listener.addr,
    finished: backend.finished.then(() => shutdown()),
    shutdown,
    stats: () => ({ ...stats, pending: pending.size, active: active.size }),
    setTls,
  };
}
