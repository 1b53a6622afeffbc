import assert from "node:assert/strict";
import { sleep } from "../async.ts";
import { requestNdjsonBatches } from "../ollama/http.ts";
import { request } from "./client.ts";
import { ConnectionPool } from "./pool.ts";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

interface Seen {
  /** Connections accepted. */
  connections: number;
  /** Request heads, in arrival order, with the connection (1-based) each came on. */
  requests: { head: string; on: number }[];
  /** Resolves with the number of a connection the client closed (EOF or reset). */
  closed: number[];
}

/**
 * A keep-alive server: reads requests one after another on each connection and lets `answer`
 * write each response (or close the connection).
 */
async function keepAliveServer(
  answer: (conn: Deno.Conn, req: { head: string; on: number; nth: number }) => Promise<void>,
  run: (url: string, seen: Seen) => Promise<void>,
) {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const seen: Seen = { connections: 0, requests: [], closed: [] };
  const open = new Set<Deno.Conn>();
  const serving = (async () => {
    for await (const conn of listener) {
      const on = ++seen.connections;
      open.add(conn);
      (async () => {
        const buf = new Uint8Array(64 * 1024);
        let got = "";
        try {
          while (true) {
            while (!got.includes("\r\n\r\n")) {
              const n = await conn.read(buf);
              if (n === null) return seen.closed.push(on);
              got += decoder.decode(buf.subarray(0, n));
            }
            const end = got.indexOf("\r\n\r\n");
            const head = got.slice(0, end);
            const length = Number(/content-length: (\d+)/i.exec(head)?.[1] ?? 0);
            got = got.slice(end + 4);
            while (got.length < length) {
              const n = await conn.read(buf);
              if (n === null) return seen.closed.push(on);
              got += decoder.decode(buf.subarray(0, n));
            }
            got = got.slice(length);
            seen.requests.push({ head, on });
            await answer(conn, { head, on, nth: seen.requests.length });
          }
        } catch {
          seen.closed.push(on);
        } finally {
          open.delete(conn);
          try {
            conn.close();
          } catch { /* closed */ }
        }
      })();
    }
  })();
  try {
    await run(`http://127.0.0.1:${(listener.addr as Deno.NetAddr).port}`, seen);
  } finally {
    listener.close();
    for (const conn of open) {
      try {
        conn.close();
      } catch { /* closed */ }
    }
    await serving.catch(() => {});
  }
}

const write = (conn: Deno.Conn, text: string) => conn.write(encoder.encode(text));
const ok = (body: string, extra = "") =>
  `HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\n${extra}\r\n${body}`;
const chunk = (text: string) => `${text.length.toString(16)}\r\n${text}\r\n`;

/** Waits for `check` to hold (a pool's watch or timer acts on its own): at most 5 s. */
async function until(check: () => boolean, what: string) {
  const deadline = Date.now() + 5_000;
  while (!check()) {
    assert.ok(Date.now() < deadline, `timed out waiting: ${what}`);
    await sleep(5);
  }
}

Deno.test("client pool - a finished answer's connection carries the next request; without a pool each has its own", async () => {
  await keepAliveServer(
    (conn, { nth }) => write(conn, ok(`answer ${nth}`)).then(() => {}),
    async (url, seen) => {
      const pool = new ConnectionPool();
      try {
        for (let i = 1; i <= 3; i++) {
          const res = await request(new URL("/x", url), { method: "POST", body: "{}", pool });
          assert.equal(await res.text(), `answer ${i}`);
          assert.equal(pool.size, 1);
        }
        assert.equal(seen.connections, 1);
        assert.ok(
          seen.requests.every((r) => !/^connection:/im.test(r.head)),
          "no Connection: close",
        );
        // Without a pool: Connection: close, and a connection per request.
        const res = await request(new URL("/y", url), { method: "GET" });
        await res.text();
        assert.equal(seen.connections, 2);
        assert.match(seen.requests[3].head, /^connection: close$/im);
      } finally {
        pool.close();
      }
      await until(() => seen.closed.length === 2, "both connections closed");
    },
  );
});

Deno.test("client pool - release() after the last line keeps the connection once the chunked end comes", async () => {
  await keepAliveServer(async (conn, { nth }) => {
    await write(conn, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
    await write(conn, chunk(`{"n":${nth},"done":true}\n`));
    // Go's server writes the terminator after the handler returns: a moment later.
    await sleep(20);
    await write(conn, "0\r\n\r\n");
  }, async (url, seen) => {
    const pool = new ConnectionPool();
    try {
      for (let i = 1; i <= 2; i++) {
        const lines: unknown[] = [];
        for await (
          const batch of requestNdjsonBatches(url, "/api/chat", {}, { timeoutMs: 5_000, pool })
        ) lines.push(...batch);
        assert.deepEqual(lines, [{ n: i, done: true }]);
        await until(() => pool.size === 1, "the connection back in the pool");
      }
      assert.equal(seen.connections, 1);
    } finally {
      pool.close();
    }
  });
});

Deno.test("client pool - a stream stopped before its end is not kept: the server sees the close", async () => {
  await keepAliveServer(async (conn) => {
    await write(conn, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
    for (let i = 0; i < 50; i++) {
      await write(conn, chunk(`{"n":${i}}\n`));
      await sleep(5);
    }
    await write(conn, "0\r\n\r\n");
  }, async (url, seen) => {
    const pool = new ConnectionPool();
    try {
      for await (
        const _ of requestNdjsonBatches(url, "/api/chat", {}, { timeoutMs: 5_000, pool })
      ) {
        break; // no `done` line: Ollama must see the disconnect and stop generating
      }
      await until(() => seen.closed.length === 1, "the server saw the close");
      assert.equal(pool.size, 0);
    } finally {
      pool.close();
    }
  });
});

Deno.test("client pool - release() does not keep a connection whose body goes on past the drain's cap", async () => {
  await keepAliveServer(async (conn) => {
    await write(conn, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
    await write(conn, chunk("first\n"));
    for (let i = 0; i < 40; i++) await write(conn, chunk("x".repeat(1024)));
    await write(conn, "0\r\n\r\n");
  }, async (url, seen) => {
    const pool = new ConnectionPool();
    try {
      const res = await request(new URL("/s", url), { method: "POST", body: "{}", pool });
      assert.ok(await res.body.read());
      res.body.release();
      await until(() => seen.closed.length === 1, "the server saw the close");
      assert.equal(pool.size, 0);
    } finally {
      pool.close();
    }
  });
});

Deno.test("client pool - Connection: close and HTTP/1.0 answers are not kept", async () => {
  const answers = [
    "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok",
    "HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok",
  ];
  await keepAliveServer(
    (conn, { nth }) => write(conn, answers[nth - 1]).then(() => {}),
    async (url, seen) => {
      const pool = new ConnectionPool();
      try {
        for (let i = 0; i < answers.length; i++) {
          const res = await request(new URL("/", url), { method: "GET", pool });
          assert.equal(await res.text(), "ok");
          assert.equal(pool.size, 0);
        }
        assert.equal(seen.connections, 2);
      } finally {
        pool.close();
      }
    },
  );
});

Deno.test("client pool - a connection the server closes while it waits is dropped at once", async () => {
  await keepAliveServer(async (conn) => {
    await write(conn, ok("ok"));
    conn.close(); // a proxy's keep-alive timeout, an Ollama restart
    throw new Error("closed");
  }, async (url, seen) => {
    const pool = new ConnectionPool();
    try {
      const res = await request(new URL("/", url), { method: "GET", pool });
      assert.equal(await res.text(), "ok");
      await until(() => pool.size === 0, "the watch saw the close");
      const again = await request(new URL("/", url), { method: "GET", pool });
      assert.equal(await again.text(), "ok");
      assert.equal(seen.connections, 2);
    } finally {
      pool.close();
    }
  });
});

Deno.test("client pool - a request the server drops unanswered on a kept connection is sent again on a new one", async () => {
  await keepAliveServer(async (conn, { nth }) => {
    // The second request arrives as the server closes the kept connection: never answered.
    if (nth === 2) {
      conn.close();
      throw new Error("closed");
    }
    await write(conn, ok(`answer ${nth}`));
  }, async (url, seen) => {
    const pool = new ConnectionPool();
    try {
      const first = await request(new URL("/a", url), { method: "POST", body: "1", pool });
      assert.equal(await first.text(), "answer 1");
      const second = await request(new URL("/b", url), { method: "POST", body: "2", pool });
      assert.equal(await second.text(), "answer 3");
      assert.deepEqual(seen.requests.map((r) => r.on), [1, 1, 2]);
    } finally {
      pool.close();
    }
  });
});

Deno.test("client pool - an answer that broke off after its first byte is not sent again", async () => {
  await keepAliveServer(async (conn, { nth }) => {
    if (nth === 2) {
      await write(conn, "HTTP/1.1 200");
      conn.close();
      throw new Error("closed");
    }
    await write(conn, ok("ok"));
  }, async (url, seen) => {
    const pool = new ConnectionPool();
    try {
      await (await request(new URL("/", url), { method: "POST", body: "1", pool })).text();
      await assert.rejects(request(new URL("/", url), { method: "POST", body: "2", pool }));
      assert.equal(seen.requests.length, 2);
    } finally {
      pool.close();
    }
  });
});

Deno.test("client pool - bounded per origin, closed after its idle time, and by close()", async () => {
  await keepAliveServer(async (conn, { nth }) => {
    // Slow enough that three requests at once need three connections.
    await sleep(20);
    await write(conn, ok(`${nth}`));
  }, async (url, seen) => {
    const pool = new ConnectionPool({ perOrigin: 2, idleMs: 60_000 });
    const ask = async () =>
      await (await request(new URL("/", url), { method: "GET", pool })).text();
    await Promise.all([ask(), ask(), ask()]);
    assert.equal(seen.connections, 3);
    assert.equal(pool.size, 2);
    await until(() => seen.closed.length === 1, "the third closed");
    pool.close();
    assert.equal(pool.size, 0);
    await until(() => seen.closed.length === 3, "close() closed the rest");
    // Idle time.
    const brief = new ConnectionPool({ idleMs: 30 });
    await (await request(new URL("/", url), { method: "GET", pool: brief })).text();
    assert.equal(brief.size, 1);
    await until(() => brief.size === 0 && seen.closed.length === 4, "closed after 30 ms idle");
    brief.close();
  });
});

Deno.test("client pool - by default a burst of 100 requests to one Ollama reuses the last burst's connections", async () => {
  await keepAliveServer(async (conn, { nth }) => {
    await sleep(20);
    await write(conn, ok(`${nth}`));
  }, async (url, seen) => {
    // What the queue may run at once to one host: 64 of a model, and a second model beside it.
    const pool = new ConnectionPool();
    const burst = () =>
      Promise.all(
        Array.from({ length: 100 }, async () =>
          await (await request(new URL("/", url), { method: "GET", pool })).text()),
      );
    await burst();
    assert.equal(seen.connections, 100);
    assert.equal(pool.size, 100);
    await burst();
    assert.equal(seen.connections, 100, "the second burst connected again");
    pool.close();
    await until(() => seen.closed.length === 100, "close() closed them all");
  });
});
