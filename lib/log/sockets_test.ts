import assert from "node:assert/strict";
import { Logger } from "./logger.ts";
import { LogSockets } from "./sockets.ts";

/** A server whose every request is a log socket, and a raw client that never reads. */
async function silentClient(sockets: LogSockets) {
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen() {} },
    (req) => sockets.accept(req, "token"),
  );
  const conn = await Deno.connect({ hostname: "127.0.0.1", port: server.addr.port });
  const head = "GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
    "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
  await conn.write(new TextEncoder().encode(head));
  // Read only the 101 head, then never again.
  await conn.read(new Uint8Array(512));
  return { server, conn };
}

Deno.test("log sockets - a client that stops reading is dropped once its unsent bytes pass the cap", async () => {
  const log = new Logger({ write: null, capacity: 10 });
  const sockets = new LogSockets(log, {
    isLive: () => Promise.resolve(true),
    maxBuffered: 256 * 1024,
  });
  const { server, conn } = await silentClient(sockets);
  while (sockets.size === 0) await new Promise((r) => setTimeout(r, 5));
  const line = "x".repeat(8000);
  let sent = 0;
  // Kernel buffers take some megabytes first; then the socket's own buffer grows to the cap.
  while (sockets.size > 0 && sent < 100_000) {
    log.info(line);
    sent++;
    if (sent % 200 === 0) await new Promise((r) => setTimeout(r, 1));
  }
  assert.equal(sockets.size, 0, `still open after ${sent} lines`);
  // Dropped for the cap, not before it: what it was sent passes 256 KB.
  assert.ok(sent * line.length > 256 * 1024, `dropped after ${sent} lines`);
  conn.close();
  await server.shutdown();
});

Deno.test("log sockets - closeAll ends every socket and refuses new ones", async () => {
  const log = new Logger({ write: null });
  const sockets = new LogSockets(log, { isLive: () => Promise.resolve(true) });
  const { server, conn } = await silentClient(sockets);
  while (sockets.size === 0) await new Promise((r) => setTimeout(r, 5));
  sockets.closeAll();
  assert.equal(sockets.size, 0);
  assert.throws(
    () => sockets.accept(new Request("http://x/"), "token"),
    (err: Error & { code?: string }) => err.code === "shutting_down",
  );
  conn.close();
  await server.shutdown();
});
