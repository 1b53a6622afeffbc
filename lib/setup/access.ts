/**
 * Who may use the wizard: anyone on the box itself (loopback), and a browser on the LAN only
 * after it typed the setup code, which earns it an httpOnly, SameSite=Strict cookie for the
 * rest of the setup. Wrong codes are rate-limited per client address.
 */
import { getCookie, setCookie } from "../http/cookies.ts";
import { HttpError } from "../http/errors.ts";
import { clientAddress, type ConnInfo, isLoopbackAddress } from "../http/network.ts";
import { setupCodeMatches } from "./code.ts";
import type { SetupState } from "./state.ts";

/** The cookie that carries a LAN browser's setup grant. */
export const SETUP_COOKIE = "hearth_setup";

/** Whether this request may use the wizard: from the box itself, or with a valid grant. */
export function hasSetupAccess(req: Request, info: ConnInfo, state: SetupState): boolean {
  return isLoopbackAddress(clientAddress(info)) || state.granted(getCookie(req, SETUP_COOKIE));
}

/**
 * Checks a typed setup code. Right: adds the grant cookie to `headers`. Wrong: 422
 * `setup_code_invalid`.
 * Too many wrong tries from this client (or from everyone): 429 `setup_code_rate_limited` with
 * Retry-After, before the code is even looked at.
 */
export function redeemSetupCode(
  headers: Headers,
  info: ConnInfo,
  state: SetupState,
  code: string,
): void {
  const client = clientAddress(info) ?? "unknown";
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
  setCookie(headers, SETUP_COOKIE, state.grant(), {
    httpOnly: true,
    sameSite: "Strict",
    // Long enough for a slow download; the grant dies with setup mode anyway.
    maxAge: 24 * 60 * 60,
  });
}
