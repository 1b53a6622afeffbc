/**
 * HTTPS for the front door (`lib/http/front.ts`). Deno cannot start a server-side TLS session on
 * an accepted socket (`Deno.startTls` is client only), so a connection whose first byte starts a
 * TLS ClientHello is relayed, bytes as they came, to a private TLS listener on 127.0.0.1
 * (`Deno.listenTls`, one per certificate); the decrypted connection it accepts is matched back to
 * the client by the relay's local port and then read like a plain one. While TLS is on, a plain
 * request gets `httpsRedirect`'s 308.
 */

import { writeAll } from "../bytes.ts";

/** A TLS record of type handshake: the first byte of every ClientHello. */
export const TLS_HANDSHAKE = 0x16;

/** A certificate chain and its key, PEM. */
export interface TlsPair {
  cert: string;
  key: string;
}

/** What relaying needs of a front-door connection. */
export interface RelayedClient {
  conn: Deno.TcpConn;
  /** Closed with it: the relay and the decrypted connection join this. */
  also: Deno.Conn[];
  closed: boolean;
  close(): void;
}

/** Copies `from` to `to` until either ends, then calls `onEnd` (the front's pipe). */
export type Pipe = (
  from: Deno.Conn,
  to: Deno.Conn,
  size: number,
  onEnd: () => void | Promise<void>,
) => Promise<void>;

/** A decrypted connection unclaimed this long is not one of ours. */
const UNCLAIMED_MS = 1000;

const closeQuietly = (conn: Deno.Conn) => {
  try {
    conn.close();
  } catch { /* already closed */ }
};

/** The private TLS listener that one certificate is served from. */
export class TlsTerminator {
  readonly #listener: Deno.TlsListener;
  readonly #port: number;
  /** Relays waiting for their decrypted connection, by the relay's local port. */
  readonly #waiting = new Map<number, (conn: Deno.TlsConn) => void>();
  /** Decrypted connections accepted before their relay asked, with when they came. */
  readonly #early = new Map<number, { conn: Deno.TlsConn; at: number }>();

  constructor(pair: TlsPair) {
    this.#listener = Deno.listenTls({ hostname: "127.0.0.1", port: 0, ...pair });
    this.#port = this.#listener.addr.port;
    this.#accept();
  }

  async #accept(): Promise<void> {
    while (true) {
      let conn: Deno.TlsConn;
      try {
        conn = await this.#listener.accept();
      } catch (err) {
        if (err instanceof Deno.errors.BadResource || err instanceof Deno.errors.Interrupted) {
          return;
        }
        await new Promise((r) => setTimeout(r, 10));
        continue;
      }
      const key = conn.remoteAddr.port;
      const relay = this.#waiting.get(key);
      if (relay) {
        this.#waiting.delete(key);
        relay(conn);
      } else this.#early.set(key, { conn, at: Date.now() });
    }
  }

  /** Stops listening and closes what no relay claimed. */
  close(): void {
    try {
      this.#listener.close();
    } catch { /* already closed */ }
    for (const { conn } of this.#early.values()) closeQuietly(conn);
    this.#early.clear();
  }

  /** Closes decrypted connections that no relay claimed in time (called by the front's sweep). */
  sweep(now: number): void {
    for (const [key, { conn, at }] of this.#early) {
      if (now - at < UNCLAIMED_MS) continue;
      this.#early.delete(key);
      closeQuietly(conn);
    }
  }

  /**
   * Relays a TLS client, whose `first` bytes were already read, to the private listener and
   * returns the decrypted connection once its handshake is done (with `relayed`, which settles
   * when the relay has passed every byte back), or null when the client went away or its head
   * deadline passed first. Encrypted bytes are piped both ways for the life of the connection.
   */
  async relay(
    t: RelayedClient,
    first: Uint8Array,
    pipe: Pipe,
    sizes: { up: number; down: number },
    problem: (message: string, fields: Record<string, unknown>) => void,
  ): Promise<{ conn: Deno.TlsConn; relayed: Promise<void> } | null> {
    let relay: Deno.TcpConn;
    try {
      relay = await Deno.connect({ hostname: "127.0.0.1", port: this.#port });
    } catch (err) {
      problem("could not reach the TLS listener", { error: String(err) });
      return null;
    }
    t.also.push(relay);
    if (t.closed) return (t.close(), null);
    const key = relay.localAddr.port;
    let onClosed = () => {};
    const closed = new Promise<null>((resolve) => onClosed = () => resolve(null));
    const close = t.close;
    t.close = () => {
      close();
      this.#waiting.delete(key);
      onClosed();
    };
    const decrypted = new Promise<Deno.TlsConn>((resolve) => {
      const early = this.#early.get(key);
      if (early) {
        this.#early.delete(key);
        resolve(early.conn);
      } else this.#waiting.set(key, resolve);
    });
    try {
      await writeAll(relay, first);
    } catch {
      return null;
    }
    // Either end closing ends the connection.
    pipe(t.conn, relay, sizes.up, () => t.close());
    const relayed = pipe(relay, t.conn, sizes.down, () => t.close());
    const conn = await Promise.race([decrypted, closed]);
    if (!conn) return null;
    t.also.push(conn);
    if (t.closed) return (t.close(), null);
    try {
      await conn.handshake();
    } catch {
      return null; // not TLS after all, no shared cipher, or cut by the head deadline
    }
    return t.closed ? null : { conn, relayed };
  }
}

const HOST_HEADER = /^host:[ \t]*([^\r\n]*)$/im;
const HOST_VALUE = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(:\d{1,5})?$/i;

/** The 308 a plain request gets while TLS is on, or null when its head names no usable host. */
export function httpsRedirect(head: string, port: number): Uint8Array | null {
  const target = head.slice(0, head.indexOf("\r\n")).split(" ")[1] ?? "";
  const host = HOST_HEADER.exec(head)?.[1]?.trim() ?? "";
  const m = HOST_VALUE.exec(host);
  if (!m || !target.startsWith("/")) return null;
  const location = `https://${m[1]}:${port}${target}`;
  return new TextEncoder().encode(
    `HTTP/1.1 308 Permanent Redirect\r\nlocation: ${location}\r\ncontent-length: 0\r\n` +
      `connection: close\r\n\r\n`,
  );
}
