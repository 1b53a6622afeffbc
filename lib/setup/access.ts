/**
 * Who may use the wizard: anyone on the box itself (loopback), and a browser on the LAN only
 * after it typed the setup code, which earns it an httpOnly, SameSite=Strict cookie for the
 * rest of the setup. Wrong codes are rate-limited per client address.
 */
import type { Context } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import { getConnInfo } from "hono/deno";
import { HttpError } from "../http/errors.ts";
import { setupCodeMatches } from "./code.ts";
import type { SetupState } from "./state.ts";

/** The cookie that carries a LAN browser's setup grant. */
export const SETUP_COOKIE = "hearth_setup";

/** The client's IP address as the server saw the connection, if known. */
export function clientAddress(c: Context): string | undefined {
  try {
    return getConnInfo(c).remote.address || undefined;
  } catch {
    // No connection info (a request made in-process without it): treat as unknown, not local.
    return undefined;
  }
}

/** True for 127.0.0.0/8, ::1 and their IPv4-mapped IPv6 forms. */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const a = address.toLowerCase().replace(/^\[|\]$/g, "");
  const v4 = a.startsWith("::ffff:") ? a.slice(7) : a;
  return a === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}

/** Whether this request may use the wizard: from the box itself, or with a valid grant. */
export function hasSetupAccess(c: Context, state: SetupState): boolean {
  return isLoopbackAddress(clientAddress(c)) || state.granted(getCookie(c, SETUP_COOKIE));
}

/**
 * Checks a typed setup code. Right: sets the grant cookie. Wrong: 422 `setup_code_invalid`.
 * Too many wrong tries from this client (or from everyone): 429 `setup_code_rate_limited` with
 * Retry-After, before the code is even looked at.
 */
export function redeemSetupCode(c: Context, state: SetupState, code: string): void {
  const client = clientAddress(c) ?? "unknown";
  const verdict = state.limiter.check(client);
  if (!verdict.allowed) {
    const seconds = verdict.retryAfterSeconds;
    throw new HttpError(
      429,
      "setup_code_rate_limited",
      `Too many wrong codes. Try again in ${Math.ceil(seconds / 60)} min.`,
      { "Retry-After": String(seconds) },
      { minutes: Math.ceil(seconds / 60) },
    );
  }
  if (!setupCodeMatches(state.code, code)) {
    state.limiter.fail(client);
    throw new HttpError(
      422,
      "setup_code_invalid",
      "That is not the setup code. It is printed in the terminal where Hearth runs.",
    );
  }
  state.limiter.reset(client);
  setCookie(c, SETUP_COOKIE, state.grant(), {
    path: "/",
    httpOnly: true,
    sameSite: "Strict",
    // Long enough for a slow download; the grant dies with setup mode anyway.
    maxAge: 24 * 60 * 60,
  });
}
