/**
 * HTTPS on the LAN, end to end: a real Hearth started with `--https` on a free port. A client
 * that trusts only the box's CA verifies the chain and the names; one that does not, fails;
 * plain http is redirected, except the trust page and its download; the CA key is never served;
 * a TLS client that never finishes its handshake is closed at the head deadline.
 */
import assert from "node:assert/strict";
import { startServer } from "./helpers/server.ts";

function via(client: Deno.HttpClient, init: RequestInit = {}): RequestInit {
  return { ...init, client } as RequestInit;
}

Deno.test("https - a real Hearth with --https: only the CA is trusted, plain http is redirected", async () => {
  await using server = await startServer({
    args: ["task", "--quiet", "start", "--port", "0", "--https"],
  });
  assert.match(server.url, /^https:/);
  assert.match(server.output(), /CA fingerprint \(SHA-256\): ([0-9A-F]{2}:){31}[0-9A-F]{2}/);
  const caPem = await Deno.readTextFile(`${server.home}/tls/ca.crt`);
  assert.equal((await Deno.stat(`${server.home}/tls/ca.key`)).mode! & 0o777, 0o600);
  using client = Deno.createHttpClient({ caCerts: [caPem] });
  for (const host of ["127.0.0.1", "localhost"]) {
    const res = await fetch(`https://${host}:${server.port}/profiles`, via(client));
    assert.equal(res.status, 200, host);
    assert.match(res.headers.get("content-type") ?? "", /text\/html/);
    await res.body?.cancel();
  }
  // Cookies are Secure over https: a stale device cookie is cleared with the flags it was set with.
  const stale = await fetch(
    `https://localhost:${server.port}/profiles`,
    via(client, { headers: { cookie: `hearth_device=${"a".repeat(43)}` } }),
  );
  await stale.body?.cancel();
  const cleared = stale.headers.getSetCookie();
  assert.equal(cleared.length, 1);
  assert.match(cleared[0], /^hearth_device=;.*Secure/i);

  await assert.rejects(fetch(`https://localhost:${server.port}/`), "no CA: no trust");

  const plain = await fetch(`http://127.0.0.1:${server.port}/chat?x=1`, { redirect: "manual" });
  assert.equal(plain.status, 308);
  assert.equal(plain.headers.get("location"), `https://127.0.0.1:${server.port}/chat?x=1`);
  await plain.body?.cancel();

  // The trust page and the CA download work on plain http (the phone does not trust it yet).
  const page = await fetch(`http://127.0.0.1:${server.port}/trust`);
  assert.equal(page.status, 200);
  const html = await page.text();
  const fingerprint = /([0-9A-F]{2}:){31}[0-9A-F]{2}/.exec(html)?.[0];
  assert.ok(fingerprint && server.output().includes(fingerprint), "the page shows the CA's print");
  assert.ok(html.includes(`href="https://127.0.0.1:${server.port}/"`), "a link to https");
  const der = await fetch(`http://127.0.0.1:${server.port}/trust/ca.crt`);
  assert.equal(der.headers.get("content-type"), "application/x-x509-ca-cert");
  const bytes = new Uint8Array(await der.arrayBuffer());
  assert.equal(bytes[0], 0x30, "DER starts with a SEQUENCE");
  const pem = await fetch(`https://localhost:${server.port}/trust/ca.pem`, via(client));
  const pemText = await pem.text();
  assert.equal(pemText, caPem);
  assert.doesNotMatch(pemText + new TextDecoder("latin1").decode(bytes), /PRIVATE KEY/);
  for (const path of ["/trust/ca.key", "/trust/server.key", "/trust/..%2Fca.key"]) {
    const res = await fetch(`https://localhost:${server.port}${path}`, via(client));
    const text = await res.text();
    assert.equal(res.status, 404, path);
    assert.doesNotMatch(text, /PRIVATE KEY/);
  }
});

Deno.test("https - a TLS client that never finishes its handshake is closed at the head deadline", async () => {
  await using server = await startServer({
    args: ["task", "--quiet", "start", "--port", "0", "--https"],
  });
  const conn = await Deno.connect({ hostname: "127.0.0.1", port: server.port });
  const started = performance.now();
  await conn.write(new Uint8Array([0x16, 0x03, 0x01, 0x02, 0x00])); // a ClientHello's first bytes
  const read = await conn.read(new Uint8Array(16)).catch(() => null);
  const afterMs = performance.now() - started;
  conn.close();
  assert.equal(read, null);
  // The front's head deadline is 10 s.
  assert.ok(afterMs >= 9_000 && afterMs < 13_000, `closed after ${afterMs} ms`);
});
