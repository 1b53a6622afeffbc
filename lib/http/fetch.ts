/**
 * Every request Hearth sends to another server goes through `lib/http/`: Ollama through the
 * socket client (`client.ts`), everything else (OpenAI-compatible servers; later speech, push,
 * web tools) through `upstreamFetch` here, the only place outside browser code that calls
 * `fetch` (`tests/security/upstream_redirects_test.ts` checks).
 *
 * Neither follows a redirect. The admin configured one address; a 3xx from it (a proxy's login
 * page, a hijacked host, a typo'd path) would send the request, its API key and the member's
 * conversation to an address nobody chose, and stream that address's answer to the member.
 * A 3xx is an error that names where the server wanted to send Hearth, for the admin to fix.
 */

/** A server answered with a redirect (any 3xx), which Hearth never follows. */
export class RedirectRefused extends Error {
  override name = "RedirectRefused";
  /** "answered with a redirect (HTTP 302 to …); Hearth does not follow redirects" */
  readonly what: string;

  /**
   * @param url What Hearth asked for.
   * @param status The 3xx status.
   * @param location The `Location` header, if any (cut to 200 characters).
   */
  constructor(readonly url: URL, readonly status: number, readonly location: string | null) {
    const to = location ? ` to ${location.slice(0, 200)}` : "";
    const what = `answered with a redirect (HTTP ${status}${to}); Hearth does not follow redirects`;
    super(`the server at ${url.origin} ${what}`);
    this.what = what;
  }
}

/** Whether an HTTP status is a redirect Hearth refuses (every 3xx). */
export function isRedirect(status: number): boolean {
  return status >= 300 && status < 400;
}

/**
 * `fetch` for requests to other servers: never follows a redirect (`redirect: "manual"`), and
 * a 3xx answer rejects with `RedirectRefused` (its body is discarded). Everything else is
 * fetch's own behaviour: network errors and aborts reject as fetch rejects them.
 */
export async function upstreamFetch(
  url: URL | string,
  init: Omit<RequestInit, "redirect"> = {},
): Promise<Response> {
  const res = await fetch(url, { ...init, redirect: "manual" });
  if (!isRedirect(res.status)) return res;
  await res.body?.cancel().catch(() => {});
  throw new RedirectRefused(new URL(url), res.status, res.headers.get("location"));
}
