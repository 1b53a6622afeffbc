/**
 * The real server behind the front door (`front.ts`): `Deno.serve` on a private Unix socket, so
 * hyper parses every request. It serves only heads the front passed on, which carry the
 * per-process secret with the client's address and scheme (`x-hearth-peer`); the app gets a
 * copy of the request without it.
 */
import { PEER_HEADER } from "./front_head.ts";

/** What the app is given: the request and the real client's address. */
export type FrontHandler = (
  req: Request,
  info: Deno.ServeHandlerInfo<Deno.NetAddr>,
) => Response | Promise<Response>;

// The copy the app gets → the request Deno.serve made, which alone can be upgraded.
const upgradable = new WeakMap<Request, Request>();

/**
 * The request to pass to `Deno.upgradeWebSocket`: for a request that came through the front
 * (the app sees a copy without the peer secret), the original; else `req` itself.
 */
export function upgradeTarget(req: Request): Request {
  return upgradable.get(req) ?? req;
}

/** Serves `handler` on the Unix socket `path` (only its owner may connect). */
export async function serveBackend(
  path: string,
  secret: string,
  handler: FrontHandler,
  onError?: (error: unknown) => Response | Promise<Response>,
): Promise<Deno.HttpServer<Deno.UnixAddr>> {
  const backend = Deno.serve({ transport: "unix", path, onListen() {}, onError }, (req, info) => {
    const peer = req.headers.get(PEER_HEADER) ?? "";
    const [key, hostname, port, scheme] = peer.split(" ");
    if (key !== secret || !hostname) {
      return Response.json({ error: { code: "bad_request", message: "Bad request." } }, {
        status: 400,
      });
    }
    // Incoming headers are immutable: the app gets a copy without the secret. Built from parts,
    // not `new Request(req)`, which would read `req.signal` (Deno warns about its legacy abort).
    // The copy's own headers are its copy of `req`'s, and mutable: one copy, not two.
    // Deno names a request on a Unix socket `http+unix:`: the app gets the client's scheme.
    const url = req.url.replace(/^[a-z+]+:/, scheme === "https" ? "https:" : "http:");
    const copy = new Request(url, { method: req.method, headers: req.headers, body: req.body });
    copy.headers.delete(PEER_HEADER);
    if (req.headers.get("upgrade")?.toLowerCase() === "websocket") upgradable.set(copy, req);
    return handler(copy, {
      remoteAddr: { transport: "tcp", hostname, port: Number(port) },
      completed: info.completed,
    });
  });
  await Deno.chmod(path, 0o600);
  return backend;
}
