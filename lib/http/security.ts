/**
 * Guards every request passes before any route: the Host allow-list (against DNS rebinding, for
 * HTTP and WebSocket alike) and the Origin / Sec-Fetch-Site check on state-changing methods.
 */
import type { MiddlewareHandler } from "hono";
import { bearerToken } from "./bearer.ts";
import { HttpError } from "./errors.ts";
import { lanAddresses, machineHostname } from "./network.ts";

/** Options for `hostGuard`. */
export interface HostGuardOptions {
  /** Extra allowed names from config (read on every request, so config changes apply). */
  allowedHosts: () => string[];
  /** The box's own addresses and names (default: read from the OS, refreshed every minute). */
  ownHosts?: () => string[];
}

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[?::1\]?|[\w-]+\.localhost)$/i;

/** Lower-cased host without port and brackets (`[::1]:8420` → `::1`). */
export function hostOnly(hostHeader: string): string {
  const h = hostHeader.trim().toLowerCase();
  if (h.startsWith("[")) return h.slice(1, h.indexOf("]"));
  const colon = h.indexOf(":");
  // More than one colon without brackets is a bare IPv6 address.
  return colon >= 0 && h.indexOf(":", colon + 1) < 0 ? h.slice(0, colon) : h;
}

function ownHostsFromOs(): () => string[] {
  let cached: string[] = [];
  let at = -Infinity;
  return () => {
    if (performance.now() - at > 60_000) {
      const name = machineHostname()?.toLowerCase();
      cached = [
        ...lanAddresses().map((a) => a.address.toLowerCase()),
        ...(name ? [name, `${name}.local`] : []),
      ];
      at = performance.now();
    }
    return cached;
  };
}

/** 403 for a Host header that is not loopback, one of the box's addresses, or configured. */
export function hostGuard(options: HostGuardOptions): MiddlewareHandler {
  const own = options.ownHosts ?? ownHostsFromOs();
  return async function hostGuard(c, next) {
    const header = c.req.header("host") ?? new URL(c.req.url).host;
    const host = hostOnly(header);
    const allowed = LOOPBACK.test(host) || own().includes(host) ||
      options.allowedHosts().some((h) => h.toLowerCase() === host);
    if (!allowed) {
      throw new HttpError(
        403,
        "host_not_allowed",
        `Hearth does not answer to the host "${host}". Add it to server.allowedHosts if it is this box.`,
        {},
        { host },
      );
    }
    await next();
  };
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * 403 for a state-changing request that a browser sent from another site. Browsers say where a
 * request comes from in `Sec-Fetch-Site` (or at least `Origin`); requests without either are
 * not from a browser page (curl, scripts) and are left to authentication. A request with
 * `Authorization: Bearer` is left to its API key: it acts through the key alone, never through
 * the cookies a browser would add (lib/auth/identity.ts), so another site gains nothing by it.
 */
export function originGuard(): MiddlewareHandler {
  return async function originGuard(c, next) {
    if (!SAFE_METHODS.has(c.req.method) && bearerToken(c.req.raw) === null) {
      const site = c.req.header("sec-fetch-site");
      const origin = c.req.header("origin");
      const host = c.req.header("host") ?? new URL(c.req.url).host;
      let crossSite = false;
      if (site) crossSite = site !== "same-origin" && site !== "none";
      else if (origin) {
        try {
          crossSite = origin === "null" ||
            new URL(origin).host.toLowerCase() !== host.toLowerCase();
        } catch {
          crossSite = true;
        }
      }
      if (crossSite) {
        throw new HttpError(
          403,
          "cross_origin",
          "Cross-site requests cannot change anything here.",
        );
      }
    }
    await next();
  };
}
