import assert from "node:assert/strict";
import { keepAliveResponse, rewriteHead } from "./front_head.ts";
import { frontLimitsFor } from "./front_limits.ts";
import { dec, enc, front, raw, silentSockets } from "./front_testing.ts";

Deno.test("front - serves a request and tells the app the real client address", async () => {
  await using f = await front({});
  const res = await fetch(`${f.url}/x`, { headers: { "x-hearth-peer": "secret 10.0.0.9 1" } });
  const seen = await res.json();
  assert.equal(res.status, 200);
  assert.equal(seen.peer, "127.0.0.1");
  assert.ok(seen.port > 0);
  // The client's forged header is dropped; the front's own (with its secret) never reaches the app.
  assert.equal(seen.headers["x-hearth-peer"], undefined);
  // The connection stays open for the next request (fetch keeps it in its pool).
  assert.equal(res.headers.get("connection"), null);
  // A head past the first read buffer (4 KB) but within the limit (32 KB).
  const cookie = `a=${"c".repeat(20_000)}`;
  const big = await fetch(`${f.url}/big`, { headers: { cookie } });
  assert.equal((await big.json()).headers.cookie, cookie);
  assert.equal(f.stats().accepted, 1);
  assert.equal(f.stats().reused, 1);
});

Deno.test("front - request bodies and large responses pass through both ways", async () => {
  const big = "x".repeat(3 * 1024 * 1024);
  await using f = await front({}, async (req) => new Response((await req.text()) + big));
  const body = "y".repeat(1024 * 1024);
  const res = await fetch(`${f.url}/echo`, { method: "POST", body });
  const text = await res.text();
  assert.equal(text.length, body.length + big.length);
  // A chunked request body too.
  const stream = new ReadableStream<Uint8Array>({
    start(c) {
      for (let i = 0; i < 16; i++) c.enqueue(enc.encode("z".repeat(10_000)));
      c.close();
    },
  });
  const chunked = await fetch(`${f.url}/echo`, { method: "POST", body: stream });
  assert.equal((await chunked.text()).length, 160_000 + big.length);
});

Deno.test("front - header bytes past ASCII reach the app as they were sent", async () => {
  await using f = await front({}, (req) => new Response(req.headers.get("x-name") ?? ""));
  // "é" in UTF-8: two bytes, which hyper reads as two latin1 characters.
  const s = await raw(f.port);
  await s.conn.write(
    new Uint8Array([
      ...enc.encode("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\nx-name: "),
      0xc3,
      0xa9,
      ...enc.encode("\r\n\r\n"),
    ]),
  );
  const { text } = await s.received;
  assert.equal(text.slice(text.indexOf("\r\n\r\n") + 4), "\u00c3\u00a9");
  s.close();
});

Deno.test("front - a kept connection: each request passes every check, a body never becomes a request", async () => {
  const seen: string[] = [];
  await using f = await front({}, async (req) => {
    const path = new URL(req.url).pathname;
    seen.push(`${req.method} ${path} ${(await req.text()).length}`);
    // /b streams (chunked), the others have a length.
    if (path !== "/b") return new Response(`answer to ${path};`);
    return new Response(ReadableStream.from([`answer to `, `${path};`].map((p) => enc.encode(p))));
  });
  // A body that looks like a request, a request right behind it, and one that ends the
  // connection, all in one write.
  const body = "GET /smuggled HTTP/1.1\r\n\r\n";
  const s = await raw(
    f.port,
    `POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: ${body.length}\r\n\r\n${body}` +
      "GET /b HTTP/1.1\r\nHost: x\r\n\r\n" +
      "GET /c HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n" +
      "GET /never HTTP/1.1\r\nHost: x\r\n\r\n",
  );
  const { text } = await s.received;
  assert.deepEqual(seen, [`POST /a ${body.length}`, "GET /b 0", "GET /c 0"]);
  // Chunks may be written as they come: read the answers without their chunk sizes.
  assert.deepEqual(text.replace(/\r\n[0-9a-f]+\r\n/g, "").match(/answer to \/\w+/g), [
    "answer to /a",
    "answer to /b",
    "answer to /c",
  ]);
  // Only the last answer says the connection ends.
  assert.equal(text.match(/connection: close/gi)?.length, 1);
  assert.match(text, /transfer-encoding: chunked/i);
  assert.equal(f.stats().accepted, 1);
  assert.equal(f.stats().reused, 2);
  s.close();
});

Deno.test("front - a kept connection that goes quiet meets the head deadline and holds no request slot", async () => {
  let calls = 0;
  await using f = await front({ headMs: 300, maxActivePerAddress: 1 }, () => {
    calls++;
    return new Response("ok");
  });
  const s = await raw(f.port, "GET /a HTTP/1.1\r\nHost: x\r\n\r\n");
  while (calls < 1 || f.stats().active > 0) await new Promise((r) => setTimeout(r, 5));
  assert.equal(f.stats().pending, 1);
  // Waiting for its next head it is not active: another request from the address is served.
  const other = await raw(f.port, "GET /b HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  assert.match((await other.received).text, /^HTTP\/1\.1 200 /);
  other.close();
  const { text, afterMs } = await s.received;
  assert.equal(text.match(/HTTP\/1\.1 200/g)?.length, 1);
  assert.ok(afterMs >= 250 && afterMs < 3_000, `closed after ${afterMs} ms`);
  assert.ok(f.stats().headTimeouts >= 1);
  s.close();
});

Deno.test("front - an answer given before its body came: the rest of the body never becomes a request", async () => {
  const seen: string[] = [];
  await using f = await front({}, (req) => {
    seen.push(new URL(req.url).pathname);
    return new Response("too big", { status: 413 });
  });
  const body = "GET /in-body HTTP/1.1\r\nHost: x\r\n\r\n".padEnd(100_000, "x");
  const s = await raw(
    f.port,
    `POST /early HTTP/1.1\r\nHost: x\r\nContent-Length: ${body.length}\r\n\r\n${body}` +
      "GET /next HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
  );
  const { text } = await s.received;
  assert.match(text, /^HTTP\/1\.1 413 [^]*too big/);
  // Hyper may end the connection rather than read the rest: then /next is never read either.
  assert.deepEqual(seen.filter((p) => p !== "/next"), ["/early"]);
  s.close();
});

Deno.test("front - the connection ends with the answer: chunked bodies, HTTP/1.0, two lengths", async () => {
  const seen: string[] = [];
  await using f = await front({}, async (req) => {
    const path = new URL(req.url).pathname;
    seen.push(path);
    return new Response(`${path} ${(await req.text()).length}`);
  });
  const cases = [
    // Framed by chunks (the front leaves that to hyper) and HTTP/1.0: one request each.
    "POST /chunked HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n" +
    "GET /after-chunked HTTP/1.1\r\nHost: x\r\n\r\n",
    "GET /old HTTP/1.0\r\nHost: x\r\n\r\nGET /after-old HTTP/1.1\r\nHost: x\r\n\r\n",
    // Two lengths: the front and hyper might disagree, so nothing follows it.
    "POST /two HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\nx" +
    "GET /after-two HTTP/1.1\r\nHost: x\r\n\r\n",
  ];
  for (const request of cases) {
    const s = await raw(f.port, request);
    const { text } = await s.received;
    assert.equal(text.match(/^HTTP\/1\.[01] \d{3}/gm)?.length, 1, request);
    s.close();
  }
  assert.deepEqual(seen.filter((p) => p.startsWith("/after")), []);
});

Deno.test("front - keepAliveResponse drops hyper's close only where the body is framed", () => {
  const ok = "HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: close\r\nx-a: b\r\n\r\n";
  assert.equal(
    keepAliveResponse(ok, "GET"),
    "HTTP/1.1 200 OK\r\ncontent-length: 2\r\nx-a: b\r\n\r\n",
  );
  const chunked = "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\nconnection: close\r\n\r\n";
  assert.equal(
    keepAliveResponse(chunked, "GET"),
    "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n",
  );
  const unframed = "HTTP/1.1 200 OK\r\nconnection: close\r\n\r\n";
  assert.equal(keepAliveResponse(unframed, "GET"), null);
  assert.equal(keepAliveResponse(unframed, "HEAD"), "HTTP/1.1 200 OK\r\n\r\n");
  assert.equal(
    keepAliveResponse("HTTP/1.1 204 No Content\r\nconnection: close\r\n\r\n", "DELETE"),
    "HTTP/1.1 204 No Content\r\n\r\n",
  );
  assert.equal(keepAliveResponse("HTTP/1.1 101 Switching Protocols\r\n\r\n", "GET"), null);
  assert.equal(keepAliveResponse("HTTP/1.0 200 OK\r\ncontent-length: 0\r\n\r\n", "GET"), null);
});

Deno.test("front - a socket that never sends a request is closed after the head deadline", async () => {
  await using f = await front({ headMs: 300 });
  const idle = await raw(f.port);
  const { text, afterMs } = await idle.received;
  assert.equal(text, "");
  assert.ok(afterMs >= 250 && afterMs < 3_000, `closed after ${afterMs} ms`);
  assert.equal(f.stats().headTimeouts, 1);
  idle.close();
});

Deno.test("front - slowloris: a head sent a line at a time is cut at the deadline", async () => {
  await using f = await front({ headMs: 400 });
  const slow = await raw(f.port, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n");
  let lines = 0;
  const drip = setInterval(() => {
    slow.conn.write(enc.encode(`X-Drip-${lines++}: 1\r\n`)).catch(() => {});
  }, 50);
  const { text, afterMs } = await slow.received;
  clearInterval(drip);
  assert.equal(text, "");
  assert.ok(lines > 3, "it kept sending");
  assert.ok(afterMs < 3_000, `closed after ${afterMs} ms`);
  slow.close();
});

Deno.test("front - a flood of idle sockets evicts the oldest, and a new client is served", async () => {
  await using f = await front({ maxPending: 5 });
  // Past 4 × the cap it is a flood. Connections younger than half a second are never evicted even
  // then: these 25 are past that when the next 5 arrive.
  const idle = await silentSockets(f, 25);
  await new Promise((r) => setTimeout(r, 550));
  assert.equal(f.stats().evicted, 0);
  idle.push(...await Promise.all(Array.from({ length: 5 }, () => raw(f.port))));
  // The oldest 10 are closed to bring the flood back to 4 × the cap; the rest wait for their
  // deadline.
  const closed = await Promise.all(idle.slice(0, 10).map((s) => s.received));
  assert.ok(closed.every((c) => c.text === ""));
  const res = await fetch(`${f.url}/`);
  assert.equal(res.status, 200);
  await res.body?.cancel();
  assert.ok(f.stats().evicted >= 10);
  for (const s of idle) s.close();
});

Deno.test("front - a burst past the cap whose heads come late is served, none closed for room", async () => {
  await using f = await front({ maxPending: 5, headMs: 4_000 });
  // 15 clients (3 × the cap) whose requests come 0.6 s after they connected, as from a loaded
  // client or a server busy with the burst; then 5 more clients, connected and served at once.
  const late = await silentSockets(f, 15);
  await new Promise((r) => setTimeout(r, 600));
  const fresh = await Promise.all(Array.from({ length: 5 }, () => fetch(`${f.url}/fresh`)));
  assert.deepEqual(fresh.map((r) => r.status), [200, 200, 200, 200, 200]);
  await Promise.all(fresh.map((r) => r.body?.cancel()));
  const answers = await Promise.all(late.map(async (s) => {
    await s.conn.write(enc.encode("GET /late HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
    return (await s.received).text.slice(0, 15);
  }));
  assert.deepEqual(answers, Array(15).fill("HTTP/1.1 200 OK"));
  assert.equal(f.stats().evicted, 0);
  for (const s of late) s.close();
});

Deno.test("front - below a flood, a socket silent for half the head deadline is closed for room", async () => {
  await using f = await front({ maxPending: 5, headMs: 2_000 });
  const idle = await silentSockets(f, 10);
  await new Promise((r) => setTimeout(r, 1_050));
  idle.push(await raw(f.port));
  // 11 waiting, 2.2 × the cap: the 6 oldest, silent for over a second, make room.
  const closed = await Promise.all(idle.slice(0, 6).map((s) => s.received));
  assert.ok(closed.every((c) => c.text === "" && c.afterMs < 1_900), JSON.stringify(closed));
  assert.equal(f.stats().evicted, 6);
  for (const s of idle) s.close();
});

Deno.test("front - room is made from sockets that never sent a request, not from a kept connection", async () => {
  await using f = await front({ maxPending: 5 }, (req) => {
    return new Response(`answer to ${new URL(req.url).pathname};`);
  });
  // A client with a connection kept open after its first answer, idle for longer than a
  // waiting socket may be before it can be closed for room.
  const kept = await Deno.connect({ hostname: "127.0.0.1", port: f.port });
  const answer = async (path: string) => {
    await kept.write(enc.encode(`GET ${path} HTTP/1.1\r\nHost: x\r\n\r\n`));
    let text = "";
    const buf = new Uint8Array(4096);
    while (!text.includes(`answer to ${path};`)) {
      const n = await kept.read(buf).catch(() => null);
      if (n === null) return `closed after ${JSON.stringify(text)}`;
      text += dec.decode(buf.subarray(0, n));
    }
    return "answered";
  };
  assert.equal(await answer("/one"), "answered");
  // A flood of idle sockets past 4 × the cap, old enough to be closed, and then newer ones.
  const idle = await silentSockets(f, 20, 21);
  await new Promise((r) => setTimeout(r, 550));
  idle.push(...await Promise.all(Array.from({ length: 10 }, () => raw(f.port))));
  // 31 waiting: the 11 oldest that never sent a request go, the kept one stays.
  const closed = await Promise.all(idle.slice(0, 11).map((s) => s.received));
  assert.ok(closed.every((c) => c.text === ""));
  assert.equal(f.stats().evicted, 11);
  // The kept connection, the oldest of all, is still there for its client's next request.
  assert.equal(await answer("/two"), "answered");
  kept.close();
  for (const s of idle) s.close();
});

Deno.test("front - a malformed or oversized head gets 400 or 431 and is never passed on", async () => {
  let calls = 0;
  await using f = await front({ headBytes: 1024 }, () => {
    calls++;
    return new Response("app");
  });
  const cases: [string, number][] = [
    ["GET / HTTP/1.1\nHost: x\r\n\r\n", 400], // bare LF inside the head
    ["GET / HTTP/1.1\r\n Host: x\r\n\r\n", 400], // folded line
    ["GET / HTTP/1.1\r\nBad Name: x\r\n\r\n", 400],
    ["GET /\r\n\r\n", 400], // HTTP/0.9
    ["PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", 400],
    [`GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${"a".repeat(2000)}\r\n\r\n`, 431],
  ];
  for (const [head, status] of cases) {
    const s = await raw(f.port, head);
    const { text } = await s.received;
    assert.match(text, new RegExp(`^HTTP/1\\.1 ${status} `), JSON.stringify(head));
    assert.match(text, /"error":\{"code":"/);
    s.close();
  }
  assert.equal(calls, 0);
});

Deno.test("front - active requests are capped per client address (503)", async () => {
  let release!: () => void;
  const held = new Promise<void>((r) => release = r);
  await using f = await front({ maxActivePerAddress: 2 }, async () => {
    await held;
    return new Response("done");
  });
  const first = [fetch(`${f.url}/a`), fetch(`${f.url}/b`)];
  // Wait until both are active.
  while (f.stats().active < 2) await new Promise((r) => setTimeout(r, 5));
  const third = await fetch(`${f.url}/c`);
  assert.equal(third.status, 503);
  assert.equal(third.headers.get("retry-after"), "5");
  assert.equal((await third.json()).error.code, "server_busy");
  release();
  for (const res of await Promise.all(first)) assert.equal(await res.text(), "done");
});

Deno.test("front - a request that moves no byte for the idle limit is closed", async () => {
  let answer!: (res: Response) => void;
  await using f = await front({ idleMs: 300 }, () => new Promise<Response>((r) => answer = r));
  const s = await raw(f.port, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
  const { text, afterMs } = await s.received;
  assert.equal(text, "");
  assert.ok(afterMs >= 250 && afterMs < 3_000, `closed after ${afterMs} ms`);
  assert.equal(f.stats().idleClosed, 1);
  s.close();
  answer(new Response("too late")); // the server's shutdown waits for its handlers
});

Deno.test("front - rewriteHead keeps headers, drops hop-by-hop ones, adds close and the peer", () => {
  const head = "GET /a?b=1 HTTP/1.1\r\nHost: x\r\nConnection: keep-alive, Upgrade\r\n" +
    "Upgrade: h2c\r\nX-Hearth-Peer: forged\r\nCookie: a=b\r\n\r\n";
  assert.deepEqual(rewriteHead(head, "s 1.2.3.4 5"), {
    text: "GET /a?b=1 HTTP/1.1\r\nHost: x\r\nCookie: a=b\r\nconnection: close\r\n" +
      "x-hearth-peer: s 1.2.3.4 5\r\n\r\n",
    method: "GET",
    keepBody: 0,
    length: 0,
    target: "/a?b=1",
    fields: [["Host", "x"], ["Cookie", "a=b"]],
    host: "x",
  });
  assert.equal(rewriteHead("GET / HTTP/1.1\r\nHost: x\0\r\n\r\n", "p"), null);
});

Deno.test("front - rewriteHead passes a WebSocket upgrade on, still closing after any other answer", () => {
  const head = "GET /ws HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n" +
    "Sec-WebSocket-Key: k\r\n\r\n";
  assert.deepEqual(rewriteHead(head, "p"), {
    text: "GET /ws HTTP/1.1\r\nHost: x\r\nSec-WebSocket-Key: k\r\nupgrade: websocket\r\n" +
      "connection: upgrade, close\r\nx-hearth-peer: p\r\n\r\n",
    method: "GET",
    keepBody: null,
    length: null,
    target: "/ws",
    fields: [["Host", "x"], ["Sec-WebSocket-Key", "k"]],
    host: "x",
  });
});

Deno.test("front - limits fit the open-file limit", () => {
  const small = frontLimitsFor(1024);
  // A waiting connection holds one descriptor, an active one four, and 128 stay for the rest.
  assert.ok(small.maxPending + 4 * small.maxActive + 128 <= 1024);
  assert.ok(small.maxActive >= 100);
  // Waiting past the cap only in what the active requests leave.
  assert.ok((small.maxWaiting ?? 0) + 4 * small.maxActive + 128 <= 1024);
  assert.ok((small.maxWaiting ?? 0) >= small.maxPending);
  const big = frontLimitsFor(65_536);
  assert.equal(big.maxActive, 2048);
  assert.equal(big.maxPending, 256);
  assert.equal(big.maxWaiting, 1024);
});

Deno.test("front - shutdown closes a response that never ends after its grace", async () => {
  const f = await front({ shutdownMs: 200 }, () =>
    new Response(
      new ReadableStream({
        start(c) {
          c.enqueue(enc.encode("data: 1\n\n"));
        },
      }),
    ));
  const res = await fetch(`${f.url}/stream`);
  const reader = res.body!.getReader();
  assert.equal(dec.decode((await reader.read()).value), "data: 1\n\n");
  const started = performance.now();
  await f.shutdown();
  const ms = performance.now() - started;
  assert.ok(ms >= 150 && ms < 3_000, `shut down after ${ms} ms`);
  await reader.read().catch(() => {});
});
