/**
 * Reading and rewriting heads at the front door (`front.ts`): where a request head ends, whether
 * it is well-formed, the two headers the front sets (`connection`, and `x-hearth-peer` with the
 * client's address) and whether the connection may carry another request; the response head of
 * a connection kept open; plus the plain answers the front gives itself.
 */

/** The header that carries the client's address, the scheme and a per-process secret. */
export const PEER_HEADER = "x-hearth-peer";
const CRLF_CRLF = [13, 10, 13, 10];
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const REQUEST_LINE = /^[A-Z]+ [\x21-\x7e]+ HTTP\/1\.[01]$/;
const DROPPED = new Set(["connection", "keep-alive", "proxy-connection", "upgrade", PEER_HEADER]);

/** Index just past the blank line that ends the head, or -1. */
export function headEnd(buf: Uint8Array, length: number, from: number): number {
  for (let i = Math.max(0, from - 3); i + 3 < length; i++) {
    if (
      buf[i] === CRLF_CRLF[0] && buf[i + 1] === CRLF_CRLF[1] && buf[i + 2] === CRLF_CRLF[2] &&
      buf[i + 3] === CRLF_CRLF[3]
    ) return i + 4;
  }
  return -1;
}

/** A request head as the front passes it on. */
export interface Rewritten {
  /** The head for the real server: `connection: close` and the peer header added. */
  text: string;
  /** The request's method (a HEAD's answer has no body whatever its headers say). */
  method: string;
  /**
   * The body's length when the connection may carry another request after this one: HTTP/1.1,
   * no `connection: close`, no upgrade, no `expect`, and a body framed by one plain
   * `content-length` (or none). Null: this request is the connection's last, its body runs until
   * the client stops sending, and hyper alone frames it.
   */
  keepBody: number | null;
  /**
   * The body's length when the front can frame the request exactly (as for `keepBody`, but the
   * connection may be asked to close after it); null otherwise.
   */
  length: number | null;
  /** The request target as sent. */
  target: string;
  /** The headers as sent, minus the hop-by-hop ones and any forged peer header. */
  fields: [string, string][];
  /** The one `host` header's value; null when there is none, more than one, or it is malformed. */
  host: string | null;
}

const CONTENT_LENGTH = /^\d{1,15}$/;
/** A `host` header: a name or address (RFC 3986's reg-name, or an IP literal) and a port. */
const HOST = /^(?:[A-Za-z0-9\-._~!$&'()*+,;=%]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;
/** Spaces and tabs around a header's value (HTTP's OWS; `trim` would also take 0xA0 bytes). */
const OWS = /^[ \t]+|[ \t]+$/g;

/**
 * The head to pass on, or null when it is malformed. Strict where hyper is lenient (bare CR or
 * LF, folded lines), so both always agree where the head ends and which headers it has.
 */
export function rewriteHead(head: string, peer: string): Rewritten | null {
  const lines = head.slice(0, -4).split("\r\n");
  if (lines.some((l) => l.includes("\r") || l.includes("\n") || l.includes("\0"))) return null;
  if (!REQUEST_LINE.test(lines[0])) return null;
  const out = [lines[0]];
  let websocket = false;
  let framed = lines[0].endsWith(" HTTP/1.1");
  let close = false;
  const lengths: string[] = [];
  const fields: [string, string][] = [];
  let host: string | null = null;
  let hosts = 0;
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(":");
    if (colon <= 0) return null;
    const name = line.slice(0, colon);
    if (!TOKEN.test(name)) return null;
    const lower = name.toLowerCase();
    const raw = line.slice(colon + 1).replace(OWS, "");
    const value = raw.toLowerCase();
    if (lower === "host" && hosts++ === 0) host = raw;
    if (lower === "upgrade" && value === "websocket") websocket = true;
    if (lower === "connection" && value.split(",").some((v) => v.trim() === "close")) close = true;
    if (lower === "transfer-encoding" || lower === "expect") framed = false;
    if (lower === "content-length") lengths.push(value);
    if (!DROPPED.has(lower)) {
      out.push(line);
      fields.push([name, raw]);
    }
  }
  // A WebSocket upgrade (the admin's live log) passes; `close` still ends the connection after
  // any answer but a 101, so no second request can follow on it unchecked.
  if (websocket) out.push("upgrade: websocket", "connection: upgrade, close");
  else out.push("connection: close");
  out.push(`${PEER_HEADER}: ${peer}`);
  // Where the front and hyper could disagree on the body's end, the connection ends with it.
  if (websocket || lengths.length > 1 || (lengths.length && !CONTENT_LENGTH.test(lengths[0]))) {
    framed = false;
  }
  const length = framed ? Number(lengths[0] ?? 0) : null;
  return {
    text: out.join("\r\n") + "\r\n\r\n",
    method: lines[0].slice(0, lines[0].indexOf(" ")),
    length,
    keepBody: close ? null : length,
    target: lines[0].split(" ")[1],
    fields,
    host: hosts === 1 && host !== null && HOST.test(host) ? host : null,
  };
}

/**
 * The real server's response head for a client whose connection stays open: its
 * `connection: close` (hyper's answer to the front's) taken out. Null when the response cannot
 * leave the connection open: its body ends only when the connection does (no length, not
 * chunked), or it is informational (1xx).
 */
export function keepAliveResponse(head: string, method: string): string | null {
  const lines = head.slice(0, -4).split("\r\n");
  const m = /^HTTP\/1\.1 (\d{3})[ \r]?/.exec(lines[0]);
  if (!m) return null;
  const status = Number(m[1]);
  if (status < 200) return null;
  let framed = method === "HEAD" || status === 204 || status === 304;
  const out = [lines[0]];
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(":");
    const name = line.slice(0, colon).toLowerCase();
    const value = line.slice(colon + 1).trim().toLowerCase();
    if (name === "content-length" || (name === "transfer-encoding" && value.endsWith("chunked"))) {
      framed = true;
    }
    if (name === "connection" && value === "close") continue;
    out.push(line);
  }
  return framed ? out.join("\r\n") + "\r\n\r\n" : null;
}

/** A head's bytes from its text, one byte per character (heads are read as latin1). */
export function latin1(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
  return out;
}

/** A complete JSON error answer the front writes itself, ending the connection. */
export function plainResponse(
  status: number,
  reason: string,
  code: string,
  message: string,
): Uint8Array {
  const body = JSON.stringify({ error: { code, message } });
  return new TextEncoder().encode(
    `HTTP/1.1 ${status} ${reason}\r\ncontent-type: application/json\r\n` +
      `content-length: ${new TextEncoder().encode(body).length}\r\n` +
      (status === 503 ? "retry-after: 5\r\n" : "") +
      `connection: close\r\n\r\n${body}`,
  );
}

/** 503: too many active requests. */
export const BUSY = plainResponse(
  503,
  "Service Unavailable",
  "server_busy",
  "Hearth is busy. Try again in a few seconds.",
);
