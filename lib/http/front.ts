/**
 * The front door: Hearth's own TCP accept loop in front of `Deno.serve`.
 *
 * `Deno.serve` has no connection deadlines: a socket that never sends a request, or sends its
 * headers one byte a minute (slowloris), is held forever, and when the process runs out of file
 * descriptors its accept loop rejects and stops for good. So Hearth accepts connections itself:
 *
 * - A connection must send a complete request head within `headMs` (default 10 s) of being
 *   accepted, in at most `headBytes`; otherwise it is closed (431 for an oversized head).
 * - At most `maxPending` connections may be waiting for their head; past that, the oldest is
 *   closed, so a flood of idle sockets cannot keep a real client out.
 * - Running out of descriptors is survived: the loop closes the oldest waiting connection, backs
 *   off and accepts again.
 * - A request whose connection moves no byte either way for `idleMs` is closed.
 * - Active requests are capped in total and per client address (503 past either).
 *
 * A complete head is passed, unchanged but for two headers, to the real server (`Deno.serve` on a
 * private Unix socket, so hyper parses every request): `connection: close` (one request per
 * connection, so no later request can skip the checks above; a WebSocket upgrade keeps its
 * `upgrade` with `connection: upgrade, close`) and `x-hearth-peer`, carrying the
 * client's address, the scheme and a per-process secret. The bytes after it are piped both ways
 * with a fixed buffer, so a slow reader holds at most one chunk here.
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
import { BUSY, headEnd, PEER_HEADER, plainResponse, rewriteHead } from "./front_head.ts";
import { FRONT_LIMITS, type FrontLimits, type FrontStats } from "./front_limits.ts";

/** Options for `serveFront`. */
export interface FrontOptions {
  hostname: string;
  port: number;
  /** The app; `info.remoteAddr` is the real client's address. */
  handler: (
    req: Request,
    info: Deno.ServeHandlerInfo<Deno.NetAddr>,
  ) => Response | Promise<Response>;
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

const EVICT_AFTER_MS = 500;
/** Read sizes of the pipes: responses (SSE, pages) and request bodies (small, but uploads). */
const PIPE_DOWN = 16 * 1024;
const PIPE_UP = 8 * 1024;

// The copy the app gets → the request Deno.serve made, which alone can be upgraded.
const upgradable = new WeakMap<Request, Request>();

/**
 * The request to pass to `Deno.upgradeWebSocket`: for a request that came through the front
 * (the app sees a copy without the peer secret), the original; else `req` itself.
 */
export function upgradeTarget(req: Request): Request {
  return upgradable.get(req) ?? req;
}

interface Tracked {
  conn: Deno.TcpConn;
  /** Closed with it: the TLS relay and the decrypted connection. */
  also: Deno.Conn[];
  address: string;
  /** Deadline for the head while pending; last byte moved while active. */
  since: number;
  closed: boolean;
  close(): void;
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
    headTimeouts: 0,
    evicted: 0,
    idleClosed: 0,
    badHeads: 0,
    busy: 0,
    redirected: 0,
    acceptErrors: 0,
  };

  const backend = Deno.serve({
    transport: "unix",
    path,
    onListen() {},
    onError: options.onError,
  }, (req, info) => {
    const peer = req.headers.get(PEER_HEADER) ?? "";
    const [key, hostname, port, scheme] = peer.split(" ");
    if (key !== secret || !hostname) {
      return Response.json({ error: { code: "bad_request", message: "Bad request." } }, {
        status: 400,
      });
    }
    // Incoming headers are immutable: the app gets a copy without the secret. Built from parts,
    // not `new Request(req)`, which would read `req.signal` (Deno warns about its legacy abort).
    const headers = new Headers(req.headers);
    headers.delete(PEER_HEADER);
    // Deno names a request on a Unix socket `http+unix:`: the app gets the client's scheme.
    const url = req.url.replace(/^[a-z+]+:/, scheme === "https" ? "https:" : "http:");
    const copy = new Request(url, { method: req.method, headers, body: req.body });
    if (req.headers.get("upgrade")?.toLowerCase() === "websocket") upgradable.set(copy, req);
    return options.handler(copy, {
      remoteAddr: { transport: "tcp", hostname, port: Number(port) },
      completed: info.completed,
    });
  });
  await Deno.chmod(path, 0o600);

  let listener: Deno.TcpListener;
  try {
    listener = Deno.listen({ hostname: options.hostname, port: options.port });
  } catch (err) {
    await backend.shutdown();
    await Deno.remove(dir, { recursive: true }).catch(() => {});
    throw err;
  }

  // Insertion order is age order: the first entry is the oldest.
  const pending = new Set<Tracked>();
  const active = new Set<Tracked>();
  const activeByAddress = new Map<string, number>();
  let closing = false;
  /** Every connection being handled, until its socket is closed. */
  const connections = new Set<Promise<void>>();

  const track = (conn: Deno.TcpConn): Tracked => {
    const t: Tracked = {
      conn,
      also: [],
      address: conn.remoteAddr.hostname,
      since: Date.now() + limits.headMs,
      closed: false,
      close() {
        if (t.closed) return;
        t.closed = true;
        pending.delete(t);
        for (const c of [conn, ...t.also]) {
          try {
            c.close();
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

  // A real client sends its head within milliseconds of connecting; one that has waited longer
  // than this is fair game. Younger ones are never closed, so a burst of real clients (a page
  // load, many tabs) is not mistaken for a flood: the cap may be passed for this long.
  const evictable = (t: Tracked) => t.since - limits.headMs + EVICT_AFTER_MS <= Date.now();
  const evictOldestPending = (): boolean => {
    const oldest = pending.values().next().value;
    if (!oldest || !evictable(oldest)) return false;
    stats.evicted++;
    oldest.close();
    return true;
  };

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
    try {
      let off = 0;
      while (off < bytes.length) off += await to.write(bytes.subarray(off));
    } catch { /* the client went away */ }
    t.close();
  };

  /** The first bytes a client sends, or null when it closes (or is closed) first. */
  const readFirst = async (t: Tracked): Promise<Uint8Array | null> => {
    const buf = new Uint8Array(Math.min(4096, limits.headBytes));
    try {
      const n = await t.conn.read(buf);
      return n === null ? null : buf.subarray(0, n);
    } catch {
      return null;
    }
  };

  const readHead = async (
    t: Tracked,
    from: Deno.Conn,
    start: Uint8Array,
  ): Promise<{ head: string; rest: Uint8Array } | null> => {
    // Most heads fit in a few KB: start small and grow, so a thousand waiting sockets are cheap.
    let buf = new Uint8Array(Math.min(4096, limits.headBytes));
    buf.set(start);
    let length = start.length;
    const first = headEnd(buf, length, 0);
    if (first >= 0) {
      return {
        head: new TextDecoder("latin1").decode(buf.subarray(0, first)),
        rest: buf.slice(first, length),
      };
    }
    while (true) {
      if (length === buf.length && buf.length < limits.headBytes) {
        const bigger = new Uint8Array(Math.min(buf.length * 2, limits.headBytes));
        bigger.set(buf);
        buf = bigger;
      }
      if (length === buf.length) {
        stats.badHeads++;
        await refuse(
          t,
          plainResponse(
            431,
            "Request Header Fields Too Large",
            "head_too_large",
            "The request headers are too large.",
          ),
          from,
        );
        return null;
      }
      let n: number | null;
      try {
        n = await from.read(buf.subarray(length));
      } catch {
        return null; // closed by a deadline or eviction, or reset by the client
      }
      if (n === null) return null;
      const end = headEnd(buf, length + n, length);
      length += n;
      if (end >= 0) {
        return {
          head: new TextDecoder("latin1").decode(buf.subarray(0, end)),
          rest: buf.slice(end, length),
        };
      }
    }
  };

  /** Copies `from` to `to` until either ends; `onEnd` runs once, when `from` has no more. */
  const pipe = async (
    t: Tracked,
    from: Deno.Conn,
    to: Deno.Conn,
    size: number,
    onEnd: () => void | Promise<void>,
  ) => {
    const buf = new Uint8Array(size);
    try {
      while (true) {
        const n = await from.read(buf);
        if (n === null) break;
        // While waiting for its head, `since` is the connection's deadline: bytes do not move it.
        if (active.has(t)) t.since = Date.now();
        let off = 0;
        while (off < n) off += await to.write(buf.subarray(off, n));
        if (active.has(t)) t.since = Date.now();
      }
      await onEnd();
    } catch {
      t.close();
    }
  };

  const serve = async (t: Tracked) => {
    const first = await readFirst(t);
    if (!first || t.closed) return t.close();
    const term = terminator;
    let client: Deno.Conn = t.conn;
    /** Once the response is complete: close the client's connection. */
    let finish = () => t.close();
    let got: { head: string; rest: Uint8Array } | null;
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
      // Over TLS: say close_notify, then wait until the relay has passed every byte on (the
      // relay ends when the private side shuts down); closing at once would cut the response.
      finish = () => conn.closeWrite().then(() => relayed, () => t.close());
      got = await readHead(t, client, new Uint8Array());
    } else {
      got = await readHead(t, client, first);
    }
    if (!got || t.closed) return t.close();
    pending.delete(t);
    const scheme = client === t.conn ? "http" : "https";
    const rewritten = rewriteHead(
      got.head,
      `${secret} ${t.address} ${t.conn.remoteAddr.port} ${scheme}`,
    );
    if (!rewritten) {
      stats.badHeads++;
      return await refuse(
        t,
        plainResponse(400, "Bad Request", "bad_request", "The request is malformed."),
        client,
      );
    }
    if (term && scheme === "http") {
      const path = rewritten.slice(0, rewritten.indexOf("\r\n")).split(" ")[1];
      if (!(options.plainAllowed?.(new URL(path, "http://x").pathname) ?? false)) {
        const redirect = httpsRedirect(got.head, listener.addr.port);
        if (redirect) stats.redirected++;
        else stats.badHeads++;
        return await refuse(
          t,
          redirect ??
            plainResponse(400, "Bad Request", "bad_request", "The request names no host."),
        );
      }
    }
    const mine = activeByAddress.get(t.address) ?? 0;
    if (closing || active.size >= limits.maxActive || mine >= limits.maxActivePerAddress) {
      stats.busy++;
      return await refuse(t, BUSY, client);
    }
    // The slot is taken before the first await, so parallel requests cannot all pass the check.
    activeByAddress.set(t.address, mine + 1);
    active.add(t);
    t.since = Date.now();
    const release = () => {
      active.delete(t);
      const left = (activeByAddress.get(t.address) ?? 1) - 1;
      if (left > 0) activeByAddress.set(t.address, left);
      else activeByAddress.delete(t.address);
    };
    let upstream: Deno.UnixConn;
    try {
      upstream = await Deno.connect({ transport: "unix", path });
    } catch (err) {
      release();
      problem("could not reach the server socket", { error: String(err) });
      stats.busy++;
      return await refuse(t, BUSY, client);
    }
    const closeClient = t.close;
    t.close = () => {
      closeClient();
      try {
        upstream.close();
      } catch { /* already closed */ }
    };
    try {
      const head = new TextEncoder().encode(rewritten);
      const first = new Uint8Array(head.length + got.rest.length);
      first.set(head);
      first.set(got.rest, head.length);
      let off = 0;
      while (off < first.length) off += await upstream.write(first.subarray(off));
      await Promise.all([
        // The client stopped sending: tell hyper, which ends the request as it would directly.
        pipe(t, client, upstream, PIPE_UP, () => upstream.closeWrite().catch(() => t.close())),
        // The response is complete (hyper closes after one request): close the client.
        pipe(t, upstream, client, PIPE_DOWN, finish),
      ]);
    } catch {
      // A write to a closed socket: the client or the server went away.
    } finally {
      t.close();
      release();
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
        while (freed < 32 && evictOldestPending()) freed++;
        await new Promise((r) => setTimeout(r, freed ? 10 : backoff));
        backoff = freed ? 10 : Math.min(backoff * 2, 1000);
        continue;
      }
      backoff = 10;
      stats.accepted++;
      const t = track(conn);
      pending.add(t);
      while (pending.size > limits.maxPending && evictOldestPending());
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
