/**
 * Fetching a web page for the agent (SPEC §10) without letting the model reach what an outsider
 * could not (SSRF): the box, the LAN, the cloud's metadata service.
 *
 * - Only `http:`/`https:` URLs without credentials.
 * - The host is resolved once (every A and AAAA address); if ANY address is not public
 *   (`isPublicAddress`), or the name is `localhost`, the fetch is refused (403
 *   `address_blocked`). A name with one public and one private address is refused: which one a
 *   connection would use is not ours to predict.
 * - The connection goes to the addresses just checked (`request`'s `addresses`), never through a
 *   second lookup, so a DNS answer that changes in between (DNS rebinding) changes nothing. TLS
 *   still verifies the certificate against the host name.
 * - Redirects are followed by hand, at most `maxRedirects`, and each target goes through the same
 *   checks, so a public page cannot bounce the fetch to 127.0.0.1.
 * - The body is counted while read and refused past `maxBytes` (413 `response_too_large`); the
 *   whole fetch, redirects included, is bounded by `timeoutMs` (504 `fetch_timeout`).
 * - No proxy from the environment, no cookies, no compression, no authentication.
 */
import { abortable } from "../async.ts";
import { HttpError } from "../http/errors.ts";
import { RedirectRefused } from "../http/fetch.ts";
import { formatSize } from "../i18n/format.ts";
import { ProtocolError, request } from "../http/client.ts";
import { isLocalName, isPublicAddress, parseHost } from "./addresses.ts";
import { resolveName } from "./resolve.ts";

/** Every address a host name stands for (A and AAAA). */
export type Resolver = (name: string, signal: AbortSignal) => Promise<string[]>;

/** The system's resolver (getaddrinfo: /etc/hosts, then DNS), as every program on the box sees. */
export const systemResolver: Resolver = (name, signal) => abortable(resolveName(name), signal);

/** How one fetch is bounded. */
export interface SafeFetchOptions {
  /** The turn's abort: rejects with its reason. */
  signal?: AbortSignal;
  /** Largest body (default 2 MB). */
  maxBytes?: number;
  /** The whole fetch, redirects and body included (default 15 s). */
  timeoutMs?: number;
  /** Redirects followed (default 5). */
  maxRedirects?: number;
  /** Resolves host names (default `systemResolver`): tests inject one. */
  resolve?: Resolver;
  /**
   * TESTS ONLY: an address let through although not public (a test server on 127.0.0.1), for
   * the host (name or address) it was reached by. The fetch tool never passes it.
   */
  allowTestAddress?: (address: string, host: string) => boolean;
}

/** What a fetch answered. */
export interface SafeResponse {
  /** The URL the body came from (after redirects). */
  url: string;
  status: number;
  /** The media type, lowercase, without parameters ("" when the server sent none). */
  type: string;
  /** The charset the Content-Type header named, or null. */
  charset: string | null;
  /** The body decoded by that charset (UTF-8 when none). */
  text: string;
  /** The body as it came. */
  body: Uint8Array;
  bytes: number;
}

export const SAFE_FETCH_DEFAULTS = {
  maxBytes: 2 * 1024 * 1024,
  timeoutMs: 15_000,
  maxRedirects: 5,
};

/** The fetch tool's errors (translated as `errors.<code>`). */
export class FetchError extends HttpError {
  constructor(
    status: number,
    code: "bad_url" | "address_blocked" | "response_too_large" | "fetch_timeout" | "fetch_failed",
    message: string,
    params: Record<string, string | number> = {},
  ) {
    super(status, code, message, {}, params);
    this.name = "FetchError";
  }
}

const badUrl = (why: string) =>
  new FetchError(422, "bad_url", `That is not a web address Hearth can fetch: ${why}.`, { why });

const failed = (url: URL, why: string) =>
  new FetchError(502, "fetch_failed", `Fetching ${url.host} failed: ${why}.`, {
    host: url.host,
    why,
  });

/** Parses and checks the URL's form (scheme, credentials, host); 422 `bad_url`. */
export function fetchableUrl(input: string | URL, base?: URL): URL {
  let url: URL;
  try {
    url = new URL(input, base);
  } catch {
    throw badUrl("it does not parse");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw badUrl(`only http and https, not ${url.protocol.replace(/:$/, "")}`);
  }
  if (url.username || url.password) throw badUrl("it holds a user name or password");
  if (!url.hostname) throw badUrl("it has no host");
  url.hash = "";
  return url;
}

/** The addresses of the URL's host, every one of them public; else 403 `address_blocked`. */
async function checkedAddresses(
  url: URL,
  resolve: Resolver,
  allow: (address: string, host: string) => boolean,
  signal: AbortSignal,
): Promise<string[]> {
  const host = parseHost(url.hostname);
  if (!host) throw badUrl("its host is not valid");
  const blocked = (what: string) =>
    new FetchError(
      403,
      "address_blocked",
      `${url.hostname} is ${what}, which Hearth never fetches from: only public internet addresses.`,
      { host: url.hostname },
    );
  let addresses: string[];
  if (host.kind === "name") {
    if (isLocalName(host.name)) throw blocked("this machine");
    try {
      addresses = await resolve(host.name, signal);
    } catch (err) {
      if (signal.aborted) throw err;
      throw failed(url, "the host name was not found");
    }
    if (!addresses.length) throw failed(url, "the host name has no address");
  } else {
    addresses = [host.address];
  }
  const canonical = addresses.map((a) => {
    const parsed = parseHost(a);
    return parsed && parsed.kind !== "name" ? parsed.address : a;
  });
  const bad = canonical.find((a) => !isPublicAddress(a) && !allow(a, url.hostname));
  if (bad !== undefined) throw blocked(`a local or reserved address (${bad})`);
  return canonical;
}

function mediaType(header: string | null): { type: string; charset: string | null } {
  const [type = "", ...params] = (header ?? "").split(";");
  const charset = params.map((p) => /^\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(p)?.[1])
    .find(Boolean);
  return { type: type.trim().toLowerCase(), charset: charset?.toLowerCase() ?? null };
}

function decode(bytes: Uint8Array, charset: string | null): string {
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(charset ?? "utf-8");
  } catch {
    decoder = new TextDecoder();
  }
  return decoder.decode(bytes);
}

/**
 * GETs `input` under the rules above. Answers any final status (a 404 page is an answer);
 * rejects with `FetchError`: 422 `bad_url`, 403 `address_blocked`, 413 `response_too_large`,
 * 504 `fetch_timeout`, 502 `fetch_failed` (no such host, refused, TLS, a broken response, too
 * many redirects); with the signal's reason when the caller aborts.
 */
export async function safeFetch(
  input: string | URL,
  opts: SafeFetchOptions = {},
): Promise<SafeResponse> {
  const { maxBytes, timeoutMs, maxRedirects } = { ...SAFE_FETCH_DEFAULTS, ...opts };
  const resolve = opts.resolve ?? systemResolver;
  const allow = opts.allowTestAddress ?? (() => false);
  opts.signal?.throwIfAborted();
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(new Error("timeout")), timeoutMs);
  const signal = opts.signal ? AbortSignal.any([opts.signal, deadline.signal]) : deadline.signal;
  let url = fetchableUrl(input);
  try {
    for (let hop = 0;; hop++) {
      const addresses = await checkedAddresses(url, resolve, allow, signal);
      try {
        return await get(url, addresses, maxBytes, signal);
      } catch (err) {
        if (!(err instanceof RedirectRefused)) throw err;
        if (!err.location) throw failed(url, `a redirect (HTTP ${err.status}) without a target`);
        if (hop >= maxRedirects) throw failed(url, `more than ${maxRedirects} redirects`);
        url = fetchableUrl(err.location, url);
      }
    }
  } catch (err) {
    if (opts.signal?.aborted) throw opts.signal.reason;
    if (deadline.signal.aborted) {
      throw new FetchError(
        504,
        "fetch_timeout",
        `${url.host} did not answer within ${timeoutMs / 1000} seconds.`,
        { host: url.host, seconds: timeoutMs / 1000 },
      );
    }
    if (err instanceof HttpError) throw err;
    if (err instanceof ProtocolError) throw failed(url, `a broken response (${err.message})`);
    if (err instanceof Deno.errors.ConnectionRefused) {
      throw failed(url, "the connection was refused");
    }
    if (err instanceof Error) throw failed(url, err.message.slice(0, 200));
    throw err;
  } finally {
    clearTimeout(timer);
  }
}

/** One GET to checked addresses; a 3xx rejects with `RedirectRefused` (request's own rule). */
async function get(
  url: URL,
  addresses: string[],
  maxBytes: number,
  signal: AbortSignal,
): Promise<SafeResponse> {
  const res = await request(url, {
    method: "GET",
    headers: {
      Accept: "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.5",
      // The body is counted and decoded as it comes: no compression.
      "Accept-Encoding": "identity",
    },
    addresses,
    signal,
  });
  const tooLarge = () =>
    new FetchError(
      413,
      "response_too_large",
      `The page at ${url.host} is larger than ${formatSize(maxBytes, "en")}.`,
      { host: url.host, limit: formatSize(maxBytes, "en") },
    );
  const declared = Number(res.headers.get("content-length") ?? NaN);
  if (declared > maxBytes) {
    await res.body.cancel();
    throw tooLarge();
  }
  const pieces: Uint8Array[] = [];
  let bytes = 0;
  try {
    for (let piece; (piece = await res.body.read()) !== null;) {
      bytes += piece.length;
      if (bytes > maxBytes) throw tooLarge();
      // A piece is only valid until the next read.
      pieces.push(piece.slice());
    }
  } finally {
    await res.body.cancel();
  }
  const all = new Uint8Array(bytes);
  let at = 0;
  for (const p of pieces) {
    all.set(p, at);
    at += p.length;
  }
  const { type, charset } = mediaType(res.headers.get("content-type"));
  return {
    url: url.href,
    status: res.status,
    type,
    charset,
    text: decode(all, charset),
    body: all,
    bytes,
  };
}
