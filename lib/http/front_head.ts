/**
 * Reading and rewriting a request head at the front door (`front.ts`): where it ends, whether it
 * is well-formed, and the two headers the front sets (`connection`, and `x-hearth-peer` with the
 * client's address); plus the plain answers the front gives itself.
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

/**
 * The head to pass on, or null when it is malformed. Strict where hyper is lenient (bare CR or
 * LF, folded lines), so both always agree where the head ends and which headers it has.
 */
export function rewriteHead(head: string, peer: string): string | null {
  const lines = head.slice(0, -4).split("\r\n");
  if (lines.some((l) => l.includes("\r") || l.includes("\n") || l.includes("\0"))) return null;
  if (!REQUEST_LINE.test(lines[0])) return null;
  const out = [lines[0]];
  let websocket = false;
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(":");
    if (colon <= 0) return null;
    const name = line.slice(0, colon);
    if (!TOKEN.test(name)) return null;
    const lower = name.toLowerCase();
    if (lower === "upgrade" && line.slice(colon + 1).trim().toLowerCase() === "websocket") {
      websocket = true;
    }
    if (!DROPPED.has(lower)) out.push(line);
  }
  // A WebSocket upgrade (the admin's live log) passes; `close` still ends the connection after
  // any answer but a 101, so no second request can follow on it unchecked.
  if (websocket) out.push("upgrade: websocket", "connection: upgrade, close");
  else out.push("connection: close");
  out.push(`${PEER_HEADER}: ${peer}`);
  return out.join("\r\n") + "\r\n\r\n";
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
