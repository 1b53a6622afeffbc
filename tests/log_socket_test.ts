import assert from "node:assert/strict";
import { expectError, testApp } from "./helpers/app.ts";
import { startChatServer } from "./helpers/chat_server.ts";
import { startServer } from "./helpers/server.ts";
import { adminCookieFor, openLog, rawHandshake } from "./helpers/log_socket.ts";
import { LOG_CLOSE } from "../lib/log/sockets.ts";

const SECRET = "hth_c2VjcmV0LWtleS1mb3ItdGhlLWxvZy10ZXN0LTAwMDAw";

Deno.test("log socket - refused from a foreign Origin, without Origin, a bad Host or without admin", async () => {
  await using server = await startChatServer({ members: [] });
  const port = Number(new URL(server.url).port);
  const host = `127.0.0.1:${port}`;
  const cookie = await adminCookieFor(server.url);

  const foreign = await rawHandshake(port, { Host: host, Origin: "http://evil.example", cookie });
  assert.equal(foreign.status, 403);
  assert.equal(JSON.parse(foreign.body).error.code, "cross_origin");

  const none = await rawHandshake(port, { Host: host, cookie });
  assert.equal(none.status, 403);
  assert.equal(JSON.parse(none.body).error.code, "cross_origin");

  const badHost = await rawHandshake(port, {
    Host: "rebind.example:80",
    Origin: "http://rebind.example:80",
    cookie,
  });
  assert.equal(badHost.status, 403);
  assert.equal(JSON.parse(badHost.body).error.code, "host_not_allowed");

  const anonymous = await rawHandshake(port, { Host: host, Origin: server.url });
  assert.equal(anonymous.status, 401);
  assert.equal(JSON.parse(anonymous.body).error.code, "admin_required");

  const stale = await rawHandshake(port, {
    Host: host,
    Origin: server.url,
    cookie: "hearth_admin=" + "A".repeat(43),
  });
  assert.equal(stale.status, 401);

  // The same refusals seen by Deno's WebSocket client: it never opens.
  const viaClient = openLog(server.url, { Origin: "http://evil.example", cookie });
  assert.equal(await viaClient.opened, false);
  const noAdmin = openLog(server.url, { Origin: server.url });
  assert.equal(await noAdmin.opened, false);
  assert.equal(server.services.logSockets.size, 0);

  // The control: the same handshake with everything right is upgraded.
  const ok = await rawHandshake(port, { Host: host, Origin: server.url, cookie });
  assert.equal(ok.status, 101);
});

Deno.test("log socket - the admin gets the backlog, then new lines; an error is flagged, a CR/LF secret line stays one redacted line", async () => {
  await using server = await startChatServer({ members: [] });
  const { log } = server.services;
  log.info("before the socket opened");
  const cookie = await adminCookieFor(server.url);
  const client = openLog(server.url, { Origin: server.url, cookie });
  assert.equal(await client.opened, true);
  const backlog = await client.next((m) => m.type === "backlog" ? m.entries : undefined);
  assert.ok(
    (backlog as { msg: string }[]).some((e) => e.msg === "before the socket opened"),
    "the ring buffer comes first",
  );
  log.error(`upstream said\r\nFAKE 200 OK\nAuthorization: Bearer ${SECRET}`, {
    url: `/v1/models?key=${SECRET}`,
  });
  type Entry = { msg: string; isError: boolean; fields?: Record<string, string> };
  const entry = await client.next((m) =>
    m.type === "entry" && (m.entry as Entry).msg.startsWith("upstream said")
      ? m.entry as Entry
      : undefined
  );
  assert.equal(entry.isError, true);
  assert.equal(entry.msg, "upstream said\\r\\nFAKE 200 OK\\nAuthorization: Bearer ********");
  assert.deepEqual(entry.fields, { url: "/v1/models?key=********" });
  const raw = JSON.stringify(client.messages);
  assert.ok(!raw.includes(SECRET.slice(4)), "the key never reaches the socket");
  log.info("an ordinary line");
  const plain = await client.next((m) =>
    m.type === "entry" && (m.entry as Entry).msg === "an ordinary line"
      ? m.entry as Entry
      : undefined
  );
  assert.equal(plain.isError, false);
  client.socket.close();
  assert.equal(await client.closed, 1005);
  // The server dropped its subscription when the client left.
  while (server.services.logSockets.size) await new Promise((r) => setTimeout(r, 10));
});

Deno.test("log socket - logout closes the sockets of that admin login", async () => {
  await using server = await startChatServer({ members: [] });
  const cookie = await adminCookieFor(server.url);
  const other = await adminCookieFor(server.url);
  const mine = openLog(server.url, { Origin: server.url, cookie });
  const theirs = openLog(server.url, { Origin: server.url, cookie: other });
  assert.equal(await mine.opened, true);
  assert.equal(await theirs.opened, true);
  const { token } = await (await fetch(`${server.url}/api/session`)).json();
  const out = await fetch(`${server.url}/api/admin/logout`, {
    method: "POST",
    headers: { "X-Hearth-Session": token, cookie, "content-type": "application/json" },
    body: "{}",
  });
  assert.equal(out.status, 200);
  await out.body?.cancel();
  assert.equal(await mine.closed, LOG_CLOSE.loggedOut);
  assert.equal(theirs.socket.readyState, WebSocket.OPEN, "another login's socket stays");
  // A login ended elsewhere (expired, revoked) is found by the periodic re-check.
  await server.services.db.kysely.updateTable("admin_sessions")
    .set({ revoked_at: new Date().toISOString() }).execute();
  await server.services.logSockets.recheck();
  assert.equal(await theirs.closed, LOG_CLOSE.loggedOut);
});

Deno.test("log socket - at most ten are open at once; the eleventh gets 503", async () => {
  await using server = await startChatServer({ members: [] });
  const cookie = await adminCookieFor(server.url);
  const clients = Array.from(
    { length: 10 },
    () => openLog(server.url, { Origin: server.url, cookie }),
  );
  assert.deepEqual(await Promise.all(clients.map((c) => c.opened)), Array(10).fill(true));
  const port = Number(new URL(server.url).port);
  const eleventh = await rawHandshake(port, {
    Host: `127.0.0.1:${port}`,
    Origin: server.url,
    cookie,
  });
  assert.equal(eleventh.status, 503);
  assert.equal(JSON.parse(eleventh.body).error.code, "too_many_log_sockets");
  for (const c of clients) c.socket.close();
  await Promise.all(clients.map((c) => c.closed));
});

Deno.test("log socket - through the front door of `hearth start`, and closed when the server stops", async () => {
  await using server = await startServer();
  const cookie = await adminCookieFor(server.url);
  const client = openLog(server.url, { Origin: server.url, cookie });
  assert.equal(await client.opened, true);
  await client.next((m) => m.type === "backlog" ? true : undefined);
  const res = await fetch(`${server.url}/api/no-such-thing`);
  await res.body?.cancel();
  await client.next((m) =>
    m.type === "entry" && (m.entry as { fields?: { path?: string } }).fields?.path ===
        "/api/no-such-thing"
      ? true
      : undefined
  );
  const status = await server.stop();
  assert.equal(await client.closed, LOG_CLOSE.shutdown);
  assert.equal(status.code, 0, server.output());
});

Deno.test("log socket - an external log tail's lines arrive tagged, and its child is gone after shutdown", async () => {
  const dir = await Deno.makeTempDir({ prefix: "hearth-tail-" });
  try {
    await Deno.writeTextFile(
      `${dir}/child.sh`,
      `echo $$ > ${dir}/pid\necho "hello from the child"\nexec sleep 1000\n`,
    );
    await using server = await startServer({ env: { HEARTH_LOG_TAIL: `sh ${dir}/child.sh` } });
    const cookie = await adminCookieFor(server.url);
    const client = openLog(server.url, { Origin: server.url, cookie });
    type Entry = { msg: string; source?: string };
    const tagged = (m: { type: string; entries?: unknown[]; entry?: unknown }) =>
      [...(m.entries ?? []), ...(m.entry ? [m.entry] : [])]
        .find((e) => (e as Entry).msg === "hello from the child") as Entry | undefined;
    const entry = await client.next(tagged);
    assert.equal(entry.source, "ollama");
    const pid = Number(await Deno.readTextFile(`${dir}/pid`));
    assert.ok(await Deno.stat(`/proc/${pid}`).then(() => true, () => false), "the child runs");
    const status = await server.stop();
    assert.equal(status.code, 0, server.output());
    assert.equal(
      await Deno.stat(`/proc/${pid}`).then(() => true, () => false),
      false,
      "the child is gone after shutdown",
    );
    assert.ok(server.output().includes("[ollama] hello from the child"));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("log socket - a plain GET of /ws is 400 websocket_required, JSON like every error", async () => {
  await using app = await testApp({ env: { HEARTH_FAKE_OLLAMA: "1" } });
  await expectError(await app.fetch("/ws"), 400, "websocket_required");
});
