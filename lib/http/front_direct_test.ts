import assert from "node:assert/strict";
import { dec, enc, front, raw } from "./front_testing.ts";

/** A socket that has sent `first`, read by the test itself. */
async function socket(port: number, first: string) {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  await conn.write(enc.encode(first));
  return conn;
}

/** What one raw request got back: status line, lowercased headers, the rest. */
function parse(text: string) {
  const end = text.indexOf("\r\n\r\n");
  const [status, ...lines] = text.slice(0, end).split("\r\n");
  const headers = new Map(lines.map((l) => {
    const colon = l.indexOf(":");
    return [l.slice(0, colon).toLowerCase(), l.slice(colon + 1).trim()];
  }));
  return { status, headers, body: text.slice(end + 4) };
}

Deno.test("front direct - a complete body goes out with its length, a stream in chunks, the head at once", async () => {
  let release!: () => void;
  const later = new Promise<void>((r) => release = r);
  await using f = await front({}, (req) => {
    if (new URL(req.url).pathname === "/page") {
      return new Response("<p>hello</p>", {
        headers: [["set-cookie", "a=1"], ["set-cookie", "b=2"]],
      });
    }
    return new Response(
      new ReadableStream({
        async pull(c) {
          await later;
          c.enqueue(enc.encode("data: 1\n\n"));
          c.close();
        },
      }),
      { headers: { "content-type": "text/event-stream" } },
    );
  });
  const page = await raw(f.port, "GET /page HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  const pageText = (await page.received).text;
  // Each cookie on its own line, never folded into one.
  assert.deepEqual(pageText.match(/set-cookie: .*/g), ["set-cookie: a=1", "set-cookie: b=2"]);
  const got = parse(pageText);
  assert.equal(got.status, "HTTP/1.1 200 OK");
  assert.equal(got.headers.get("content-length"), "12");
  assert.equal(got.headers.get("transfer-encoding"), undefined);
  assert.ok(got.headers.get("date"));
  assert.equal(got.body, "<p>hello</p>");
  page.close();

  // The stream's head arrives before its first event does.
  // Bounded: a head held back until the first event would fail here instead of hanging.
  const res = await fetch(`${f.url}/events`, { signal: AbortSignal.timeout(3_000) });
  assert.equal(res.headers.get("content-type"), "text/event-stream");
  release();
  assert.equal(await res.text(), "data: 1\n\n");
});

Deno.test("front direct - a client that leaves mid-stream cancels the body", async () => {
  let cancelled: (reason: unknown) => void;
  const gone = new Promise((r) => cancelled = r);
  await using f = await front({}, () =>
    new Response(
      new ReadableStream({
        start(c) {
          c.enqueue(enc.encode("data: first\n\n"));
        },
        cancel: (reason) => cancelled(reason),
      }),
    ));
  const conn = await socket(f.port, "GET /events HTTP/1.1\r\nHost: x\r\n\r\n");
  const buf = new Uint8Array(4096);
  const n = await conn.read(buf);
  assert.match(dec.decode(buf.subarray(0, n!)), /transfer-encoding: chunked[^]*data: first/);
  conn.close();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise((r) => timer = setTimeout(() => r("not cancelled"), 3_000));
  const outcome = await Promise.race([gone.then(() => "cancelled"), timeout]);
  clearTimeout(timer);
  assert.equal(outcome, "cancelled");
  while (f.stats().active > 0) await new Promise((r) => setTimeout(r, 5));
});

Deno.test("front direct - HEAD, 204 and 304 carry no body; an error is the app's 500", async () => {
  await using f = await front({}, (req) => {
    const path = new URL(req.url).pathname;
    if (path === "/none") return new Response(null, { status: 204 });
    if (path === "/same") return new Response(null, { status: 304, headers: { etag: '"a"' } });
    if (path === "/boom") throw new Error("boom");
    return new Response("body", { headers: { "content-length": "4" } });
  });
  const s = await raw(
    f.port,
    "HEAD /page HTTP/1.1\r\nHost: x\r\n\r\nGET /none HTTP/1.1\r\nHost: x\r\n\r\n" +
      "GET /same HTTP/1.1\r\nHost: x\r\n\r\nGET /boom HTTP/1.1\r\nHost: x\r\n\r\n" +
      // The last request ends the connection: its answer says so.
      "GET /page HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
  );
  const { text } = await s.received;
  const answers = text.split(/(?=HTTP\/1\.1 )/);
  assert.equal(answers.length, 5, text);
  assert.match(answers[0], /^HTTP\/1\.1 200 OK\r\n[^]*content-length: 4\r\n\r\n$/);
  assert.match(answers[1], /^HTTP\/1\.1 204 No Content\r\n/);
  assert.doesNotMatch(answers[1], /content-length|transfer-encoding/);
  assert.match(answers[2], /^HTTP\/1\.1 304 Not Modified\r\n[^]*etag: "a"[^]*\r\n\r\n$/);
  assert.match(answers[4], /\r\nconnection: close\r\n/);
  const boom = parse(answers[3]);
  assert.equal(boom.status, "HTTP/1.1 500 Internal Server Error");
  assert.equal(JSON.parse(boom.body).error.code, "internal_error");
  s.close();
});

Deno.test("front direct - a body arriving in pieces reaches the app; a body cut short fails its read", async () => {
  const seen: string[] = [];
  await using f = await front({}, async (req) => {
    try {
      seen.push(await req.text());
      return new Response("ok");
    } catch {
      seen.push("failed");
      return new Response("cut", { status: 400 });
    }
  });
  const conn = await socket(
    f.port,
    "POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nhello",
  );
  await new Promise((r) => setTimeout(r, 20));
  await conn.write(enc.encode("world"));
  const buf = new Uint8Array(4096);
  const n = await conn.read(buf);
  assert.match(dec.decode(buf.subarray(0, n!)), /^HTTP\/1\.1 200 [^]*ok$/);
  assert.deepEqual(seen, ["helloworld"]);
  // The next request on the same connection stops half way through its body.
  await conn.write(enc.encode("POST /b HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nhalf"));
  await conn.closeWrite();
  while (await conn.read(buf) !== null) { /* until the server closes */ }
  assert.deepEqual(seen, ["helloworld", "failed"]);
  conn.close();
});

Deno.test("front direct - a declared length is kept to; a body past it is cut and ends the connection", async () => {
  await using f = await front({}, (req) => {
    const path = new URL(req.url).pathname;
    const body = ReadableStream.from(["abc", "defgh"].map((p) => enc.encode(p)));
    return new Response(body, { headers: { "content-length": path === "/short" ? "20" : "4" } });
  });
  const long = await raw(
    f.port,
    "GET /long HTTP/1.1\r\nHost: x\r\n\r\nGET /next HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
  );
  const text = (await long.received).text;
  // Four bytes, exactly as declared; the connection then goes on to the next request.
  assert.equal(text.split(/(?=HTTP\/1\.1 )/).map((a) => parse(a).body).join("|"), "abcd|abcd");
  long.close();
  const short = await raw(f.port, "GET /short HTTP/1.1\r\nHost: x\r\n\r\n");
  const cut = parse((await short.received).text);
  assert.equal(cut.headers.get("content-length"), "20");
  // Fewer bytes than it promised: the connection closes, so the client sees it cut.
  assert.equal(cut.body, "abcdefgh");
  short.close();
});

Deno.test("front direct - a request must name one valid host", async () => {
  const seen: string[] = [];
  await using f = await front({}, (req) => {
    seen.push(req.url);
    return new Response("ok");
  });
  for (
    const head of [
      "GET /no-host HTTP/1.1\r\n",
      "GET /two HTTP/1.1\r\nHost: a\r\nHost: b\r\n",
      "GET /old HTTP/1.0\r\n",
      "GET / HTTP/1.1\r\nHost: a b\r\n",
      // Not a name: `http://evil@box/` would be the box with a user name.
      "GET / HTTP/1.1\r\nHost: evil@box\r\n",
      "GET / HTTP/1.1\r\nHost: box/other\r\n",
      "POST /chunked HTTP/1.1\r\nTransfer-Encoding: chunked\r\n",
    ]
  ) {
    const s = await raw(f.port, head + "\r\n");
    assert.match((await s.received).text, /^HTTP\/1\.1 400 /, head);
    s.close();
  }
  assert.deepEqual(seen, []);
});

Deno.test("front direct - a client that leaves before its answer aborts the request's signal", async () => {
  const aborted: string[] = [];
  await using f = await front({}, async (req) => {
    const path = new URL(req.url).pathname;
    await req.arrayBuffer(); // the body is read: leaving from now on is noticed
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 5_000);
      req.signal.addEventListener("abort", () => {
        clearTimeout(timer);
        aborted.push(path);
        resolve();
      });
    });
    return new Response("late");
  });
  for (
    const head of [
      "GET /get HTTP/1.1\r\nHost: x\r\n\r\n",
      // A body in two pieces: the watch starts once the second has come.
      "POST /post HTTP/1.1\r\nHost: x\r\nContent-Length: 6\r\n\r\nabc",
    ]
  ) {
    const conn = await socket(f.port, head);
    if (head.startsWith("POST")) {
      await new Promise((r) => setTimeout(r, 20));
      await conn.write(enc.encode("def"));
    }
    await new Promise((r) => setTimeout(r, 20));
    conn.close();
  }
  const deadline = Date.now() + 3_000;
  while (aborted.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
  assert.deepEqual(aborted.sort(), ["/get", "/post"]);
});
