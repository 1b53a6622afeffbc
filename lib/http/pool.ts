/**
 * Connections kept open between requests of `lib/http/client.ts` (HTTP/1.1 keep-alive): a reply
 * to Ollama skips a connect on its way to the first token (docs/ARCHITECTURE.md).
 */

/** A pooled connection and the read that watches it while it waits. */
export interface Idle {
  conn: Deno.Conn;
  buf: Uint8Array;
  pending: Promise<number | null>;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * Connections kept open between requests (HTTP/1.1 keep-alive), per origin: the newest is used
 * first. Bounded in number per origin and in all, and in idle time; a server that closes one
 * while it waits (a proxy's keep-alive timeout, an Ollama restart) is noticed at once, because
 * every idle connection has a read under way, which the next request takes over. A request on a
 * reused connection that ends before any byte of its answer is sent again once, on a new one:
 * the server closed it before it read the request.
 */
export class ConnectionPool {
  readonly #idle = new Map<string, Idle[]>();
  readonly #perOrigin: number;
  readonly #total: number;
  readonly #idleMs: number;
  #count = 0;
  #closed = false;

  constructor(opts: { perOrigin?: number; total?: number; idleMs?: number } = {}) {
    // As many as Hearth's queue may run at once to one Ollama: up to 64 requests per model
    // (`ollama.parallel`), e.g. a chat model and an embedding model at once. A smaller cap made
    // every burst past it connect again: 0.22 ms of CPU a reply's start in a burst of 100
    // (docs/BENCHMARKS.md, thirteenth pass). Idle ones close after 30 s.
    this.#perOrigin = opts.perOrigin ?? 128;
    this.#total = opts.total ?? 256;
    this.#idleMs = opts.idleMs ?? 30_000;
  }

  /** Connections waiting now. */
  get size(): number {
    return this.#count;
  }

  /** The newest idle connection to `origin`, now the caller's, or undefined. */
  take(origin: string): Idle | undefined {
    const list = this.#idle.get(origin);
    const idle = list?.pop();
    if (!idle) return undefined;
    if (!list!.length) this.#idle.delete(origin);
    this.#count--;
    clearTimeout(idle.timer);
    idle.conn.ref();
    return idle;
  }

  /** Keeps `conn` (its answer read to the end, nothing more buffered) for the next request. */
  put(origin: string, conn: Deno.Conn, buf: Uint8Array): void {
    if (this.#closed) return closeQuietly(conn);
    let list = this.#idle.get(origin);
    if (!list) this.#idle.set(origin, list = []);
    if (list.length >= this.#perOrigin) this.#drop(origin, list[0]);
    else if (this.#count >= this.#total) this.#dropOldest();
    // Any outcome of the watch while the connection waits (the server's close, a reset, bytes
    // nobody asked for) ends it; unref'd, neither it nor the timer keeps the process alive.
    const idle: Idle = {
      conn,
      buf,
      pending: conn.read(buf),
      timer: setTimeout(() => this.#drop(origin, idle), this.#idleMs),
    };
    idle.pending.then(() => this.#drop(origin, idle), () => this.#drop(origin, idle));
    Deno.unrefTimer(idle.timer);
    conn.unref();
    list.push(idle);
    this.#count++;
  }

  /** Closes every idle connection; later ones are closed as they come back. */
  close(): void {
    this.#closed = true;
    for (const [origin, list] of this.#idle) {
      for (const idle of [...list]) this.#drop(origin, idle);
    }
  }

  #drop(origin: string, idle: Idle): void {
    const list = this.#idle.get(origin);
    const at = list?.indexOf(idle) ?? -1;
    if (at < 0) return; // taken: the request that took it owns it now
    list!.splice(at, 1);
    if (!list!.length) this.#idle.delete(origin);
    this.#count--;
    clearTimeout(idle.timer);
    closeQuietly(idle.conn);
  }

  #dropOldest(): void {
    const [origin, list] = this.#idle.entries().next().value!;
    this.#drop(origin, list[0]);
  }
}

function closeQuietly(conn: Deno.Conn): void {
  try {
    conn.close();
  } catch {
    // Already closed.
  }
}
