/**
 * The server core through the app's fetch handler: sessions, the error shapes, the Host
 * allow-list, the Origin check, the body limit and the security headers.
 */
import assert from "node:assert/strict";
import { SessionStore } from "../lib/http/sessions.ts";
import { expectError, testApp } from "./helpers/app.ts";

Deno.test("api - GET /api/session issues a token that opens the API", async () => {
  await using app = await testApp();
  const res = await app.fetch("/api/session");
  assert.equal(res.status, 200);
  assert.match(res.headers.get("content-type") ?? "", /application\/json/);
  assert.equal(res.headers.get("cache-control"), "no-store");
  const body = await res.json();
  assert.equal(typeof body.token, "string");
  assert.equal(body.idleSeconds, 7200);
  assert.equal(body.version, app.services.version);
  // With the token, an unknown API path is a plain 404 (not a 401).
  const missing = await app.fetch("/api/nope", { headers: { "X-Hearth-Session": body.token } });
  await expectError(missing, 404, "not_found");
});

Deno.test("api - GET /api/session renews a live token instead of issuing another", async () => {
  await using app = await testApp();
  const first = await (await app.fetch("/api/session")).json();
  const again = await (await app.fetch("/api/session", {
    headers: { "X-Hearth-Session": first.token },
  })).json();
  assert.equal(again.token, first.token);
  const other = await (await app.fetch("/api/session", {
    headers: { "X-Hearth-Session": "stale-or-made-up" },
  })).json();
  assert.notEqual(other.token, first.token);
});

Deno.test("api - API calls without a session get 401 JSON", async () => {
  await using app = await testApp();
  const res = await app.fetch("/api/anything");
  const body = await expectError(res, 401, "session_required");
  assert.match(body.error.message, /X-Hearth-Session/);
  assert.ok(body.error.requestId);
});

Deno.test("api - an expired session gets 401 session_expired", async () => {
  let now = 0;
  await using app = await testApp({ sessions: new SessionStore({ now: () => now }) });
  const { token } = await (await app.fetch("/api/session")).json();
  now += 2 * 60 * 60 * 1000 + 1;
  const res = await app.fetch("/api/anything", { headers: { "X-Hearth-Session": token } });
  await expectError(res, 401, "session_expired");
});

Deno.test("api - a method the route does not handle is 405 with Allow", async () => {
  await using app = await testApp();
  const res = await app.api("/api/session", { method: "DELETE" });
  await expectError(res, 405, "method_not_allowed");
  assert.equal(res.headers.get("allow"), "GET, HEAD");
  const page = await app.fetch("/", { method: "POST" });
  await expectError(page, 405, "method_not_allowed");
  assert.equal(page.headers.get("allow"), "GET, HEAD");
});

Deno.test("api - a JSON body over 10 MB is refused with 413", async () => {
  await using app = await testApp();
  const big = JSON.stringify({ text: "x".repeat(10 * 1024 * 1024 + 10) });
  // As a real client sends it, with its length: refused before the route, whichever it is.
  const res = await app.api("/api/session", {
    method: "POST",
    headers: { "content-type": "application/json", "content-length": String(big.length) },
    body: big,
  });
  await expectError(res, 413, "body_too_large");
});

Deno.test("api - a chunked body over 10 MB is refused with 413 too", async () => {
  await using app = await testApp();
  const chunk = new Uint8Array(1024 * 1024).fill(120);
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(c) {
      if (sent++ < 12) c.enqueue(chunk);
      else c.close();
    },
  });
  // Counted as the route reads it: a route that reads no body reads none of it.
  const res = await app.api("/api/admin/login", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body,
  });
  await expectError(res, 413, "body_too_large");
});

Deno.test("api - unknown pages get the 404 page, unknown API paths get JSON", async () => {
  await using app = await testApp();
  const page = await app.fetch("/no/such/page", { headers: { accept: "text/html" } });
  assert.equal(page.status, 404);
  assert.match(page.headers.get("content-type") ?? "", /text\/html/);
  assert.match(await page.text(), /Page not found/);
  await expectError(await app.api("/api/no/such"), 404, "not_found");
  await expectError(await app.fetch("/no/such/page"), 404, "not_found");
});

Deno.test("api - the Host allow-list refuses foreign names and keeps loopback and configured ones", async () => {
  await using app = await testApp({ env: { HEARTH_ALLOWED_HOSTS: "hearth.home,box.lan" } });
  for (const host of ["evil.example", "hearth.home.evil.example", "attacker.com:8420"]) {
    await expectError(await app.fetch("/", { headers: { host } }), 403, "host_not_allowed");
    await expectError(
      await app.fetch("/api/session", { headers: { host } }),
      403,
      "host_not_allowed",
    );
  }
  for (
    const host of ["localhost:8420", "127.0.0.1:8420", "[::1]:8420", "hearth.home", "BOX.LAN:8420"]
  ) {
    const res = await app.fetch("/api/session", { headers: { host } });
    assert.equal(res.status, 200, host);
    await res.body?.cancel();
  }
});

Deno.test("api - the Host allow-list also guards WebSocket upgrades", async () => {
  await using app = await testApp();
  const res = await app.fetch("/ws", {
    headers: { host: "rebound.example", upgrade: "websocket", connection: "Upgrade" },
  });
  await expectError(res, 403, "host_not_allowed");
});

Deno.test("api - the box's own LAN address is an allowed host", async () => {
  await using app = await testApp();
  const lan = Deno.networkInterfaces().find((i) =>
    i.family === "IPv4" && !i.address.startsWith("127.")
  );
  if (!lan) return; // A machine with loopback only has no LAN address to check.
  const res = await app.fetch("/api/session", { headers: { host: `${lan.address}:8420` } });
  assert.equal(res.status, 200);
  await res.body?.cancel();
});

Deno.test("api - cross-site state-changing requests are refused; same-origin ones pass", async () => {
  await using app = await testApp();
  const post = (headers: Record<string, string>) =>
    app.api("/api/session", {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: "{}",
    });
  await expectError(await post({ "sec-fetch-site": "cross-site" }), 403, "cross_origin");
  await expectError(await post({ "sec-fetch-site": "same-site" }), 403, "cross_origin");
  await expectError(await post({ origin: "http://evil.example" }), 403, "cross_origin");
  await expectError(await post({ origin: "null" }), 403, "cross_origin");
  // Same-origin browsers and non-browser clients reach the route (which then says 405).
  await expectError(await post({ "sec-fetch-site": "same-origin" }), 405, "method_not_allowed");
  await expectError(await post({ origin: "http://localhost:8420" }), 405, "method_not_allowed");
  await expectError(await post({}), 405, "method_not_allowed");
  // Safe methods are never blocked by the origin check.
  const get = await app.fetch("/api/session", { headers: { "sec-fetch-site": "cross-site" } });
  assert.equal(get.status, 200);
  await get.body?.cancel();
});

Deno.test("api - pages carry a nonce CSP and the other security headers", async () => {
  await using app = await testApp();
  const res = await app.fetch("/");
  assert.equal(res.status, 200);
  const csp = res.headers.get("content-security-policy") ?? "";
  const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
  assert.ok(nonce, csp);
  assert.match(csp, /frame-ancestors 'none'/);
  assert.match(csp, /default-src 'self'/);
  assert.equal(res.headers.get("x-content-type-options"), "nosniff");
  assert.equal(res.headers.get("referrer-policy"), "same-origin");
  assert.equal(res.headers.get("x-frame-options"), "DENY");
  const html = await res.text();
  assert.ok(html.includes(`nonce="${nonce}"`), "the boot script carries the response's nonce");
  const second = await app.fetch("/");
  assert.notEqual(
    /'nonce-([^']+)'/.exec(second.headers.get("content-security-policy")!)?.[1],
    nonce,
  );
  await second.body?.cancel();
});

Deno.test("api - a malformed URL escape is a clean JSON answer, never a crash", async () => {
  await using app = await testApp();
  const res = await app.fetch("/%E0%A4%A", { headers: { accept: "application/json" } });
  assert.equal(res.status, 404);
  await expectError(res, 404, "not_found");
});
