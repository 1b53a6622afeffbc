/**
 * Hostile connections against a real `hearth start` whose open files are limited to 1,024 (soft
 * and hard, so it cannot raise them): idle sockets and slowloris heads must neither stop the
 * process nor keep a new client from its page. The full figures are in `bench/connections.ts`.
 */
import assert from "node:assert/strict";
import { startServer } from "../helpers/server.ts";

const enc = new TextEncoder();

Deno.test("security - 1,100 idle and 300 slowloris sockets do not stop Hearth or lock out a new client", async () => {
  await using server = await startServer({ openFiles: 1024 });
  let exited = false;
  server.child.status.then(() => exited = true);
  const sockets: Deno.TcpConn[] = [];
  const connect = async (first?: string) => {
    try {
      const conn = await Deno.connect({ hostname: "127.0.0.1", port: server.port });
      if (first) await conn.write(enc.encode(first));
      sockets.push(conn);
    } catch { /* the backlog was full: a refused connection is fine */ }
  };
  try {
    for (let i = 0; i < 1_100; i += 100) {
      await Promise.all(Array.from({ length: 100 }, () => connect()));
    }
    for (let i = 0; i < 300; i += 100) {
      await Promise.all(
        Array.from({ length: 100 }, () => connect("GET / HTTP/1.1\r\nHost: x\r\n")),
      );
    }
    const res = await fetch(`${server.url}/`, {
      headers: { accept: "text/html" },
      signal: AbortSignal.timeout(15_000),
    });
    assert.equal(res.status, 200);
    assert.match(await res.text(), /<html/);
    assert.equal(exited, false, server.output());
  } finally {
    for (const s of sockets) {
      try {
        s.close();
      } catch { /* closed by Hearth */ }
    }
  }
  // And it keeps serving once they are gone.
  const again = await fetch(`${server.url}/api/session`);
  assert.equal(again.status, 200);
  await again.body?.cancel();
  assert.equal(exited, false);
});
