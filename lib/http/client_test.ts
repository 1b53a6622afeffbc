import assert from "node:assert/strict";
import { sleep } from "../async.ts";
import {
  BodyTooLarge,
  type ChunkSource,
  connectFirst,
  MAX_HEAD_BYTES,
  ProtocolError,
  request,
} from "./client.ts";

const encoder = new TextEncoder();

/**
 * A raw TCP server: for each connection it reads the request head (and a body of
 * `Content-Length`), hands it to `script`, which writes whatever bytes it likes.
 */
async function rawServer(
  script: (conn: Deno.Conn, head: string, body: string) => Promise<void>,
  run: (url: string, server: { closedByClient: Promise<boolean> }) => Promise<void>,
) {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  let closedByClient!: (seen: boolean) => void;
  const closed = new Promise<boolean>((resolve) => closedByClient = resolve);
  const serving = (async () => {
    for await (const conn of listener) {
      (async () => {
        const buf = new Uint8Array(64 * 1024);
        let got = "";
        while (!got.includes("\r\n\r\n")) {
          const n = await conn.read(buf);
          if (n === null) return;
          got += new TextDecoder().decode(buf.subarray(0, n));
        }
        const [head, rest] = got.split("\r\n\r\n");
        const length = Number(/content-length: (\d+)/i.exec(head)?.[1] ?? 0);
        let body = rest;
        while (body.length < length) {
          const n = await conn.read(buf);
          if (n === null) break;
          body += new TextDecoder().decode(buf.subarray(0, n));
        }
        try {
          await script(conn, head, body);
          // After the script, wait for the client to hang up: EOF or a reset.
          const n = await conn.read(buf).catch(() => null);
          closedByClient(n === null);
        } catch {
          closedByClient(true); // a write failed: the client was gone
        } finally {
          try {
            conn.close();
          } catch { /* closed */ }
        }
      })();
    }
  })();
  try {
    await run(`http://127.0.0.1:${(listener.addr as Deno.NetAddr).port}`, {
      closedByClient: closed,
    });
  } finally {
    listener.close();
    await serving.catch(() => {});
  }
}

const write = (conn: Deno.Conn, text: string) => conn.write(encoder.encode(text));

/** Writes `parts` one by one, with a short pause between them so each is its own read. */
async function trickle(conn: Deno.Conn, parts: string[]) {
  for (const part of parts) {
    await write(conn, part);
    await sleep(5);
  }
}

async function readAll(body: ChunkSource): Promise<{ text: string; pieces: number }> {
  const decoder = new TextDecoder();
  let text = "";
  let pieces = 0;
  for (let piece; (piece = await body.read()) !== null;) {
    pieces++;
    text += decoder.decode(piece, { stream: true });
  }
  return { text, pieces };
}

async function rejects(promise: Promise<unknown>, what: RegExp, type: unknown = ProtocolError) {
  await assert.rejects(promise, (err: Error) => {
    assert.ok(err instanceof (type as typeof Error), `${err?.name}: ${err?.message}`);
    assert.match(err.message, what);
    return true;
  });
}

Deno.test("client - a request to Deno's server: method, path, headers and body arrive; a chunked stream comes back whole", async () => {
  let seen: { method: string; path: string; type: string | null; body: string } | undefined;
  const lines = Array.from({ length: 500 }, (_, i) => JSON.stringify({ i, text: "é ✓ token" }));
  await using server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen() {} },
    async (req) => {
      const url = new URL(req.url);
      seen = {
        method: req.method,
        path: url.pathname + url.search,
        type: req.headers.get("content-type"),
        body: await req.text(),
      };
      let i = 0;
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (i === lines.length) return controller.close();
          controller.enqueue(encoder.encode(lines[i++] + "\n"));
        },
      });
      return new Response(body, { status: 201, headers: { "x-kind": "stream" } });
    },
  );
  const res = await request(new URL(`http://127.0.0.1:${server.addr.port}/api/chat?x=1`), {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ hello: "wörld" }),
  });
  assert.equal(res.status, 201);
  assert.equal(res.statusText, "Created");
  assert.equal(res.headers.get("x-kind"), "stream");
  const { text } = await readAll(res.body);
  assert.equal(text, lines.join("\n") + "\n");
  assert.deepEqual(seen, {
    method: "POST",
    path: "/api/chat?x=1",
    type: "application/json",
    body: '{"hello":"wörld"}',
  });
});

Deno.test("client - every chunk that arrived before a read comes back as one piece", async () => {
  const TOKENS = 2_000;
  await rawServer(async (conn) => {
    await write(conn, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
    // One write per token, as Ollama flushes them, while the reader is not reading yet.
    for (let i = 0; i < TOKENS; i++) {
      const line = `{"t":${i}}\n`;
      await write(conn, `${line.length.toString(16)}\r\n${line}\r\n`);
    }
    await write(conn, "0\r\n\r\n");
  }, async (url) => {
    const res = await request(new URL(url), { method: "GET" });
    await sleep(100);
    const { text, pieces } = await readAll(res.body);
    assert.equal(text.split("\n").length - 1, TOKENS);
    assert.equal(text.split("\n")[TOKENS - 1], `{"t":${TOKENS - 1}}`);
    assert.ok(pieces < TOKENS / 20, `${pieces} pieces for ${TOKENS} chunks`);
  });
});

Deno.test("client - chunked framing split anywhere: size lines, extensions, CRLFs and trailers", async () => {
  const parts = [
    "HTTP/1.1 200 OK\r\nTrans",
    "fer-Encoding: gzip, chunked\r\n",
    "\r",
    "\n",
    "5",
    ";ext=1\r\nhel",
    "lo\r",
    "\n1",
    "A\r\n",
    "abcdefghijklmnopqrstuvwxyz\r\n",
    "3\nxyz\n", // bare LFs are tolerated
    "0\r\nX-Trailer: yes\r\n",
    "\r\n",
  ];
  await rawServer((conn) => trickle(conn, parts), async (url) => {
    const res = await request(new URL(url), { method: "GET" });
    assert.equal((await readAll(res.body)).text, "helloabcdefghijklmnopqrstuvwxyzxyz");
  });
});

Deno.test("client - Content-Length, close-delimited and empty bodies; 1xx answers are skipped", async () => {
  await rawServer(
    (conn) => trickle(conn, ["HTTP/1.1 200 OK\r\nContent-Length: 11\r\n\r\nhello", " world"]),
    async (url) => {
      const res = await request(new URL(url), { method: "GET" });
      assert.equal(await res.text(), "hello world");
    },
  );
  await rawServer(async (conn) => {
    await trickle(conn, ["HTTP/1.0 200 OK\r\n\r\nuntil ", "the end"]);
    conn.close();
  }, async (url) => {
    const res = await request(new URL(url), { method: "GET" });
    assert.equal(await res.text(), "until the end");
  });
  await rawServer(
    (conn) => write(conn, "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n").then(),
    async (url) => {
      const res = await request(new URL(url), { method: "DELETE", body: "{}" });
      assert.equal(res.status, 204);
      assert.equal(await res.body.read(), null);
    },
  );
  await rawServer(
    (conn) =>
      write(conn, "HTTP/1.1 404 Not Found\r\nContent-Length: 18\r\n\r\n404 page not found").then(),
    async (url) => {
      const res = await request(new URL(url), { method: "GET" });
      assert.equal(res.status, 404);
      assert.equal(await res.text(), "404 page not found");
    },
  );
});

Deno.test("client - a broken server is a ProtocolError, never a short body taken as whole", async () => {
  const cases: [string[], RegExp][] = [
    [["SSH-2.0-OpenSSH\r\n\r\n"], /not an HTTP\/1.1 response/],
    [["HTTP/1.1 200 OK\r\nno colon here\r\n\r\n"], /malformed response header/],
    [["HTTP/1.1 200 OK\r\nContent-Length: 5, 6\r\n\r\nhello"], /invalid Content-Length/],
    [["HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhello"], /closed mid-body/],
    [["HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel"], /closed in the middle/],
    [["HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"], /invalid chunk size/],
    [["HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nhello\r\n"], /did not end/],
    [["HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + "1".repeat(5000)], /too long/],
    [["HTTP/1.1 200 OK\r\n"], /closed in the middle of the response head/],
    [["HTTP/1.1 101 Switching Protocols\r\n\r\n"], /switched protocols/],
  ];
  for (const [parts, error] of cases) {
    await rawServer(async (conn) => {
      await trickle(conn, parts);
      conn.close();
    }, async (url) => {
      const reading = request(new URL(url), { method: "GET" }).then((res) => readAll(res.body));
      await rejects(reading, error);
    });
  }
  await rawServer(async (conn) => {
    await write(conn, "HTTP/1.1 200 OK\r\n");
    const header = `X-Big: ${"a".repeat(1000)}\r\n`;
    for (let i = 0; i <= MAX_HEAD_BYTES / header.length; i++) await write(conn, header);
  }, async (url) => {
    await rejects(request(new URL(url), { method: "GET" }), /head is longer than 65536 bytes/);
  });
});

Deno.test("client - a piece far bigger than the read buffer arrives whole", async () => {
  const big = "x".repeat(300_000) + "\n";
  await rawServer(
    (conn) =>
      write(
        conn,
        `HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n${
          big.length.toString(16)
        }\r\n${big}\r\n0\r\n\r\n`,
      ).then(),
    async (url) => {
      const res = await request(new URL(url), { method: "GET" });
      assert.equal(await res.text(), big);
    },
  );
});

Deno.test("client - aborting mid-body or before the head closes the connection; the server sees it", async () => {
  await rawServer(async (conn) => {
    await write(conn, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\none\r\n");
  }, async (url, server) => {
    const controller = new AbortController();
    const res = await request(new URL(url), { method: "GET", signal: controller.signal });
    assert.equal(new TextDecoder().decode((await res.body.read())!), "one");
    const pending = res.body.read();
    controller.abort(new Error("stop it"));
    await rejects(pending, /stop it/, Error);
    assert.equal(await server.closedByClient, true);
  });
  await rawServer(() => sleep(50), async (url, server) => {
    const controller = new AbortController();
    const pending = request(new URL(url), { method: "GET", signal: controller.signal });
    await sleep(20);
    controller.abort(new DOMException("too slow", "TimeoutError"));
    await rejects(pending, /too slow/, DOMException);
    assert.equal(await server.closedByClient, true);
  });
  await rawServer(async (conn) => {
    await write(conn, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nsome");
  }, async (url, server) => {
    const res = await request(new URL(url), { method: "GET" });
    await res.body.read();
    await res.body.cancel();
    await res.body.cancel(); // twice is fine
    assert.equal(await server.closedByClient, true);
  });
  const already = AbortSignal.abort(new Error("never started"));
  await rejects(
    request(new URL("http://127.0.0.1:9/"), { method: "GET", signal: already }),
    /never started/,
    Error,
  );
});

Deno.test("client - nothing listening rejects with Deno's ConnectionRefused; other schemes are refused", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  await assert.rejects(
    request(new URL(`http://127.0.0.1:${port}/`), { method: "GET" }),
    Deno.errors.ConnectionRefused,
  );
  await assert.rejects(
    request(new URL("ftp://127.0.0.1/"), { method: "GET" }),
    /unsupported URL scheme/,
  );
});

Deno.test("client - CR or LF in a header name or value is refused before anything is sent", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  let connections = 0;
  const accepting = (async () => {
    for await (const conn of listener) {
      connections++;
      conn.close();
    }
  })();
  try {
    const url = new URL(`http://127.0.0.1:${(listener.addr as Deno.NetAddr).port}/`);
    const bad: Record<string, string>[] = [
      { "x-model": "llama3.2\r\nX-Injected: 1" },
      { "x-model": "line\nbreak" },
      { "x-model": "carriage\rreturn" },
      { "x-injected: 1\r\nx-model": "llama3.2" },
      { "x-model\n": "llama3.2" },
    ];
    for (const headers of bad) {
      await rejects(request(url, { method: "GET", headers }), /CR and LF/, TypeError);
    }
    // Let a connection that was made after all be accepted and counted.
    await sleep(50);
    assert.equal(connections, 0, "nothing reached the server");
  } finally {
    listener.close();
    await accepting.catch(() => {});
  }
});

Deno.test("client - a host name is resolved and each address tried in turn", async () => {
  await rawServer(
    (conn) => write(conn, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi").then(),
    async (url) => {
      const port = Number(new URL(url).port);
      // Nothing listens on 127.0.0.2 (the server is bound to 127.0.0.1): the next one answers.
      const conn = await connectFirst(["127.0.0.2", "127.0.0.1"], port);
      assert.equal(conn.remoteAddr.hostname, "127.0.0.1");
      conn.close();
      await assert.rejects(connectFirst(["127.0.0.2"], port), Deno.errors.ConnectionRefused);
      await assert.rejects(connectFirst([], port), /no address/);
      const res = await request(new URL(`http://localhost:${port}/`), { method: "GET" });
      assert.equal(await res.text(), "hi");
    },
  );
});

Deno.test("client - text() stops at its cap and hangs up", async () => {
  const body = "x".repeat(5_000);
  await rawServer(
    (conn) =>
      write(conn, `HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\n\r\n${body}`).then(),
    async (url, server) => {
      const res = await request(new URL(url), { method: "GET" });
      await assert.rejects(res.text(4_999), BodyTooLarge);
      assert.equal(await server.closedByClient, true);
    },
  );
  await rawServer(
    (conn) =>
      write(conn, `HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\n\r\n${body}`).then(),
    async (url) => {
      const res = await request(new URL(url), { method: "GET" });
      assert.equal(await res.text(5_000), body);
    },
  );
});

Deno.test("client - `addresses` dials the given address without looking the host up; Host stays the name", async () => {
  let host: string | null = null;
  await using server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, (req) => {
    host = req.headers.get("host");
    return new Response("here");
  });
  // `.invalid` never resolves (RFC 6761): only the given address can answer.
  const url = new URL(`http://checked.invalid:${server.addr.port}/`);
  const res = await request(url, { method: "GET", addresses: ["127.0.0.1"] });
  assert.equal(await res.text(), "here");
  assert.equal(host, `checked.invalid:${server.addr.port}`);
});
