import assert from "node:assert/strict";
import { type CertNames, type CertPair, createCa, createServerCert } from "../tls/certs.ts";
import { serveFront } from "./front.ts";
import type { FrontLimits } from "./front_limits.ts";
import type { TlsPair } from "./front_tls.ts";

/** Fetch options that go through `client` (the DOM's RequestInit does not know Deno's). */
function via(client: Deno.HttpClient, init: RequestInit = {}): RequestInit {
  return { ...init, client } as RequestInit;
}

const NAMES: CertNames = { dns: ["localhost"], ips: ["127.0.0.1", "::1"] };

async function material(): Promise<{ ca: CertPair; pair: TlsPair }> {
  const ca = await createCa(Date.now(), "test");
  const server = await createServerCert(ca, NAMES, Date.now());
  return { ca, pair: { cert: server.certPem, key: server.keyPem } };
}

async function tlsFront(pair: TlsPair | null, limits: Partial<FrontLimits> = {}) {
  const f = await serveFront({
    hostname: "127.0.0.1",
    port: 0,
    limits,
    tls: pair,
    plainAllowed: (path) => path.startsWith("/trust"),
    handler: async (req, info) =>
      new Response(
        JSON.stringify({ url: req.url, peer: info.remoteAddr.hostname }) +
          (req.body ? await req.text() : "") + (req.url.includes("big") ? "x".repeat(3 << 20) : ""),
      ),
  });
  return Object.assign(f, { port: f.addr.port, [Symbol.asyncDispose]: () => f.shutdown() });
}

/** What a raw socket receives until the server closes it, and after how long. */
async function rawReceive(port: number, send: Uint8Array) {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  const started = performance.now();
  await conn.write(send);
  let text = "";
  const buf = new Uint8Array(4096);
  try {
    for (let n = await conn.read(buf); n !== null; n = await conn.read(buf)) {
      text += new TextDecoder().decode(buf.subarray(0, n));
    }
  } catch { /* reset */ }
  conn.close();
  return { text, afterMs: performance.now() - started };
}

Deno.test("front tls - a client trusting only the CA verifies the chain and every name", async () => {
  const { ca, pair } = await material();
  await using f = await tlsFront(pair);
  using client = Deno.createHttpClient({ caCerts: [ca.certPem] });
  for (const host of ["127.0.0.1", "localhost"]) {
    const res = await fetch(`https://${host}:${f.port}/big?x=1`, via(client));
    const text = await res.text();
    assert.equal(res.status, 200);
    const seen = JSON.parse(text.slice(0, text.indexOf("}") + 1));
    assert.equal(seen.url, `https://${host}:${f.port}/big?x=1`, "the app learns the scheme");
    assert.equal(seen.peer, "127.0.0.1");
    assert.equal(text.length - text.indexOf("}") - 1, 3 << 20, "the whole response arrives");
  }
  const body = "b".repeat(200_000);
  const posted = await fetch(
    `https://localhost:${f.port}/echo`,
    via(client, { method: "POST", body }),
  );
  assert.ok((await posted.text()).endsWith(body));
  // The POST went on the connection the GET to localhost opened: one handshake for both.
  assert.equal(f.stats().reused, 1);
  // Without the CA, the default roots do not know it.
  await assert.rejects(fetch(`https://localhost:${f.port}/`));
  // Trusting another CA is no better.
  using other = Deno.createHttpClient({ caCerts: [(await createCa(Date.now())).certPem] });
  await assert.rejects(fetch(`https://localhost:${f.port}/`, via(other)));
});

Deno.test("front tls - plain HTTP is sent to https on the same port, except the trust page", async () => {
  const { pair } = await material();
  await using f = await tlsFront(pair);
  const res = await fetch(`http://127.0.0.1:${f.port}/chat/5?q=a%20b`, { redirect: "manual" });
  assert.equal(res.status, 308);
  assert.equal(res.headers.get("location"), `https://127.0.0.1:${f.port}/chat/5?q=a%20b`);
  await res.body?.cancel();
  const trust = await fetch(`http://127.0.0.1:${f.port}/trust/ca.crt`);
  assert.equal(trust.status, 200);
  assert.equal(JSON.parse(await trust.text()).url, `http://127.0.0.1:${f.port}/trust/ca.crt`);
  // A plain head without a usable host cannot be redirected.
  const bad = await rawReceive(f.port, new TextEncoder().encode("GET / HTTP/1.1\r\n\r\n"));
  assert.match(bad.text, /^HTTP\/1\.1 400/);
  assert.equal(f.stats().redirected, 1);
});

Deno.test("front tls - a TLS client that never finishes its handshake meets the head deadline", async () => {
  const { pair } = await material();
  await using f = await tlsFront(pair, { headMs: 300 });
  // A TLS record header that announces a ClientHello and then says nothing more.
  const stalled = await rawReceive(f.port, new Uint8Array([0x16, 0x03, 0x01, 0x02, 0x00]));
  assert.ok(stalled.afterMs >= 250 && stalled.afterMs < 3_000, `closed after ${stalled.afterMs}`);
  assert.equal(f.stats().headTimeouts, 1);
});

Deno.test("front tls - a TLS client that shakes hands but sends no head meets the deadline", async () => {
  const { ca, pair } = await material();
  await using f = await tlsFront(pair, { headMs: 400 });
  const conn = await Deno.connectTls({
    hostname: "localhost",
    port: f.port,
    caCerts: [ca.certPem],
  });
  const started = performance.now();
  await conn.handshake();
  await conn.write(new TextEncoder().encode("GET / HTTP/1.1\r\nHost: localhost\r\n"));
  const read = await conn.read(new Uint8Array(16)).catch(() => null);
  const afterMs = performance.now() - started;
  assert.equal(read, null);
  assert.ok(afterMs >= 300 && afterMs < 3_000, `closed after ${afterMs}`);
  conn.close();
});

Deno.test("front tls - a new certificate is served without a restart, and TLS can be turned off", async () => {
  const first = await material();
  const second = await material();
  await using f = await tlsFront(first.pair);
  using trustsFirst = Deno.createHttpClient({ caCerts: [first.ca.certPem] });
  using trustsSecond = Deno.createHttpClient({ caCerts: [second.ca.certPem] });
  const url = `https://localhost:${f.port}/`;
  assert.equal((await fetch(url, via(trustsFirst)).then((r) => r.text())).length > 0, true);
  f.setTls(second.pair);
  assert.equal((await fetch(url, via(trustsSecond))).status, 200);
  await assert.rejects(fetch(url, via(trustsFirst)));
  f.setTls(null);
  const plain = await fetch(`http://127.0.0.1:${f.port}/x`);
  assert.equal(JSON.parse(await plain.text()).url, `http://127.0.0.1:${f.port}/x`);
});
