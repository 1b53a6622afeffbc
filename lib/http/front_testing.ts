/** Helpers for the front door's tests: a front on a free port, and a raw socket to it. */
import { type Front, serveFront } from "./front.ts";
import type { FrontLimits } from "./front_limits.ts";

export const enc = new TextEncoder();
export const dec = new TextDecoder();

/** A front on a free loopback port with `limits`, answering with what the app saw. */
export async function front(
  limits: Partial<FrontLimits>,
  handler?: (
    req: Request,
    info: Deno.ServeHandlerInfo<Deno.NetAddr>,
  ) => Response | Promise<Response>,
): Promise<Front & { url: string; port: number } & AsyncDisposable> {
  const f = await serveFront({
    hostname: "127.0.0.1",
    port: 0,
    limits,
    handler: handler ?? (async (req, info) =>
      Response.json({
        method: req.method,
        peer: info.remoteAddr.hostname,
        port: info.remoteAddr.port,
        headers: Object.fromEntries(req.headers),
        body: req.body ? (await req.text()).length : 0,
      })),
  });
  return {
    ...f,
    url: `http://127.0.0.1:${f.addr.port}`,
    port: f.addr.port,
    [Symbol.asyncDispose]: () => f.shutdown(),
  };
}

/** A raw socket and a promise of everything the server sent until it closed. */
export async function raw(port: number, first?: string) {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  if (first) await conn.write(enc.encode(first));
  const started = performance.now();
  const received = (async () => {
    const parts: string[] = [];
    const buf = new Uint8Array(4096);
    try {
      for (let n = await conn.read(buf); n !== null; n = await conn.read(buf)) {
        parts.push(dec.decode(buf.subarray(0, n)));
      }
    } catch { /* reset by the server */ }
    return { text: parts.join(""), afterMs: performance.now() - started };
  })();
  return {
    conn,
    received,
    close() {
      try {
        conn.close();
      } catch { /* closed */ }
    },
  };
}

/**
 * `n` raw sockets to `f` that send nothing, once the front counts `pending` connections waiting
 * for a request (default `n`: its own).
 */
export async function silentSockets(
  f: { port: number; stats(): { pending: number } },
  n: number,
  pending = n,
) {
  const sockets = await Promise.all(Array.from({ length: n }, () => raw(f.port)));
  while (f.stats().pending < pending) await new Promise((r) => setTimeout(r, 5));
  return sockets;
}
