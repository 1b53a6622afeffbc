/**
 * Ollama host strings, read the way Ollama reads `OLLAMA_HOST` (`envconfig.Host()` in
 * ollama/ollama), so a value that works for `ollama` works for Hearth:
 *
 * - no scheme means `http` and port 11434 (`localhost`, `10.0.0.5`, `box.lan`, `::1`);
 * - `host:port`, `:port` (this machine) and `[v6]:port`;
 * - `http://host` without a port is port 80, `https://host` port 443 (as Ollama does);
 * - a path after the host is kept (an Ollama behind a reverse proxy at `/ollama`), trailing
 *   slashes and surrounding quotes or spaces are dropped.
 *
 * Ollama's server listens everywhere for `0.0.0.0` (or `::`, or an empty host); its client then
 * connects to this machine. Hearth is a client, so these become `127.0.0.1` (`::1`). Unlike
 * Ollama, which falls back to the default port with a warning, a port that is not a number in
 * 0–65535 is an error, said plainly. Browser-safe (no imports).
 */

/** Ollama's own port. */
export const OLLAMA_PORT = 11434;

/** A host string Hearth cannot use; the message says why. */
export class OllamaHostError extends Error {
  override name = "OllamaHostError";
}

/** Go's `net.SplitHostPort`: `[v6]:port` or `host:port`, else null (no port given). */
function splitHostPort(hostport: string): { host: string; port: string } | null {
  if (hostport.startsWith("[")) {
    const end = hostport.indexOf("]");
    if (end < 0 || hostport[end + 1] !== ":") return null;
    return { host: hostport.slice(1, end), port: hostport.slice(end + 2) };
  }
  const colon = hostport.lastIndexOf(":");
  // No colon: no port. Several: a bare IPv6 address, whose last group is not a port.
  if (colon < 0 || hostport.indexOf(":") !== colon) return null;
  return { host: hostport.slice(0, colon), port: hostport.slice(colon + 1) };
}

/**
 * The base URL (`scheme://host:port[/path]`, port always written) Hearth talks to for `raw`.
 * Throws `OllamaHostError` naming the problem.
 */
export function parseOllamaHost(raw: string): string {
  const value = raw.trim().replace(/^["']+|["']+$/g, "").trim();
  let scheme = "http";
  let rest = value;
  let defaultPort = String(OLLAMA_PORT);
  const sep = value.indexOf("://");
  if (sep >= 0) {
    scheme = value.slice(0, sep).toLowerCase();
    rest = value.slice(sep + 3);
    if (scheme === "http") defaultPort = "80";
    else if (scheme === "https") defaultPort = "443";
    else throw new OllamaHostError(`"${scheme}://" is not http:// or https://`);
  }
  if (/[?#@\s]/.test(rest)) {
    throw new OllamaHostError(`"${value}" is not a host (no spaces, "@", "?" or "#")`);
  }
  const slash = rest.indexOf("/");
  const hostport = slash < 0 ? rest : rest.slice(0, slash);
  const path = slash < 0 ? "" : rest.slice(slash).replace(/\/+$/, "");
  const split = splitHostPort(hostport);
  let host = split ? split.host : hostport.replace(/^\[(.*)\]$/, "$1");
  const port = split?.port || defaultPort;
  if (!/^\d{1,5}$/.test(port) || Number(port) > 65535) {
    throw new OllamaHostError(`"${port}" is not a port (0–65535)`);
  }
  // Listening everywhere, for a server; for a client, this machine.
  if (host === "" || host === "0.0.0.0") host = "127.0.0.1";
  else if (host === "::" || host === "0:0:0:0:0:0:0:0") host = "::1";
  const v6 = host.includes(":");
  const bad = new OllamaHostError(`"${host}" is not a host name or address`);
  // Letters, digits, dots, dashes and underscores (as Ollama's names), or an IPv6 address.
  if (!v6 && !/^[A-Za-z0-9._-]+$/.test(host)) throw bad;
  let url: URL;
  try {
    url = new URL(`${scheme}://${v6 ? `[${host}]` : host}:${port}${path}`);
  } catch {
    throw bad;
  }
  // URL lowercases the name and drops a default port; write the port, as Ollama shows it.
  return `${scheme}://${url.hostname}:${port}${url.pathname === "/" ? "" : url.pathname}`;
}

/** `parseOllamaHost` that answers null instead of throwing. */
export function tryParseOllamaHost(raw: string): string | null {
  try {
    return parseOllamaHost(raw);
  } catch {
    return null;
  }
}
