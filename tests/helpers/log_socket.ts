/**
 * Helpers for live-log (`/ws`) tests: an admin cookie through the real login, a raw WebSocket
 * handshake that reports the HTTP status of a refusal, and a Deno WebSocket client that collects
 * messages.
 */
import assert from "node:assert/strict";
import { PASSWORD } from "./admin.ts";

/** The `hearth_admin=…` cookie of a fresh admin login on the server at `url`. */
export async function adminCookieFor(url: string): Promise<string> {
  const { token } = await (await fetch(`${url}/api/session`)).json();
  const res = await fetch(`${url}/api/admin/login`, {
    method: "POST",
    headers: { "content-type": "application/json", "X-Hearth-Session": token },
    body: JSON.stringify({ password: PASSWORD }),
  });
  assert.equal(res.status, 200, await res.clone().text());
  await res.body?.cancel();
  const cookie = res.headers.getSetCookie().map((c) => c.split(";")[0])
    .find((c) => c.startsWith("hearth_admin="));
  assert.ok(cookie, "login sets the admin cookie");
  return cookie;
}

/**
 * Sends a WebSocket handshake for `/ws` by hand with exactly `headers` (Host included) and
 * returns the status line's code and the body of a refusal.
 */
export async function rawHandshake(
  port: number,
  headers: Record<string, string>,
): Promise<{ status: number; body: string }> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  try {
    const lines = [
      "GET /ws HTTP/1.1",
      "Upgrade: websocket",
      "Connection: Upgrade",
      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
      "Sec-WebSocket-Version: 13",
      ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
    ];
    await conn.write(new TextEncoder().encode(lines.join("\r\n") + "\r\n\r\n"));
    let text = "";
    const buf = new Uint8Array(8192);
    const decoder = new TextDecoder();
    // Read until the head and (for a refusal) its JSON body are in.
    while (true) {
      const n = await conn.read(buf);
      if (n === null) break;
      text += decoder.decode(buf.subarray(0, n), { stream: true });
      const end = text.indexOf("\r\n\r\n");
      if (end >= 0) {
        const status = Number(text.slice(9, 12));
        const length = /content-length: (\d+)/i.exec(text.slice(0, end));
        if (status === 101 || !length) break;
        if (new TextEncoder().encode(text.slice(end + 4)).length >= Number(length[1])) break;
      }
    }
    const end = text.indexOf("\r\n\r\n");
    return { status: Number(text.slice(9, 12)), body: text.slice(end + 4) };
  } finally {
    conn.close();
  }
}

/** A Deno WebSocket client on `/ws` that collects parsed messages. */
export interface LogClient {
  socket: WebSocket;
  messages: { type: string; entries?: unknown[]; entry?: unknown }[];
  /** Resolves once a message passes `test` (already received ones count). */
  next<T>(test: (m: LogClient["messages"][number]) => T | undefined): Promise<T>;
  /** Resolves with the close code. */
  closed: Promise<number>;
  /** Resolves true when the socket opened, false when it failed first. */
  opened: Promise<boolean>;
}

/** Opens `/ws` with Deno's WebSocket client and `headers`. */
export function openLog(url: string, headers: Record<string, string>): LogClient {
  // Deno's constructor takes handshake headers; the DOM typings the project also loads do not.
  const DenoSocket = WebSocket as unknown as new (
    url: string,
    options: { headers: HeadersInit },
  ) => WebSocket;
  const socket = new DenoSocket(url.replace(/^http/, "ws") + "/ws", { headers });
  const messages: LogClient["messages"] = [];
  const waiters: (() => void)[] = [];
  socket.onmessage = (e) => {
    messages.push(JSON.parse(e.data));
    for (const w of waiters.splice(0)) w();
  };
  const opened = new Promise<boolean>((resolve) => {
    socket.addEventListener("open", () => resolve(true));
    socket.addEventListener("error", () => resolve(false));
    socket.addEventListener("close", () => resolve(false));
  });
  const closed = new Promise<number>((resolve) => {
    socket.addEventListener("close", (e) => resolve(e.code));
  });
  const next = <T>(test: (m: LogClient["messages"][number]) => T | undefined) =>
    new Promise<T>((resolve, reject) => {
      const check = () => {
        for (const m of messages) {
          const hit = test(m);
          if (hit !== undefined) return resolve(hit);
        }
        if (socket.readyState === WebSocket.CLOSED) return reject(new Error("socket closed"));
        waiters.push(check);
      };
      socket.addEventListener("close", () => check());
      check();
    });
  return { socket, messages, next, closed, opened };
}
