import assert from "node:assert/strict";
import { HttpError } from "../http/errors.ts";
import { type Resolver, safeFetch, type SafeFetchOptions } from "./safe_fetch.ts";

/** A resolver from a table; counts its calls. A name not in it is not found. */
function resolver(table: Record<string, string[]>): Resolver & { calls: string[] } {
  const calls: string[] = [];
  const fn = (name: string) => {
    calls.push(name);
    return table[name]
      ? Promise.resolve(table[name])
      : Promise.reject(new Error(`getaddrinfo ENOTFOUND ${name}`));
  };
  return Object.assign(fn, { calls });
}

/** Lets the test server's loopback address through, as only tests may. */
const LOCAL_ONLY: SafeFetchOptions = { allowTestAddress: (a) => a === "127.0.0.1" };

/** Lets 127.0.0.1 through only when reached as `public.test`: stands for a public server. */
const PUBLIC_TEST: SafeFetchOptions = {
  allowTestAddress: (a, host) => a === "127.0.0.1" && host === "public.test",
};

/** A test server on 127.0.0.1 that records every request's path and Host. */
function server(handler: (req: Request) => Response | Promise<Response>) {
  const seen: { path: string; host: string | null; encoding?: string | null }[] = [];
  const srv = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, (req) => {
    const url = new URL(req.url);
    const encoding = req.headers.get("accept-encoding");
    seen.push({ path: url.pathname, host: req.headers.get("host"), ...(encoding && { encoding }) });
    return handler(req);
  });
  return Object.assign(srv, { seen, port: srv.addr.port });
}

async function rejectsWith(promise: Promise<unknown>, status: number, code: string) {
  await assert.rejects(promise, (err: Error) => {
    assert.ok(err instanceof HttpError, `${err?.name}: ${err?.message}`);
    assert.equal(err.code, code, err.message);
    assert.equal(err.status, status);
    return true;
  });
}

Deno.test("safe fetch - loopback in any form is refused before a connection is made", async () => {
  await using srv = server(() => new Response("secret"));
  const p = srv.port;
  for (
    const url of [
      `http://127.0.0.1:${p}/`,
      `http://2130706433:${p}/`,
      `http://0177.0.0.1:${p}/`,
      `http://0x7f.1:${p}/`,
      `http://127.1:${p}/`,
      `http://[::1]:${p}/`,
      `http://[::ffff:127.0.0.1]:${p}/`,
      `http://[64:ff9b::7f00:1]:${p}/`,
      `http://localhost:${p}/`,
      `http://app.localhost:${p}/`,
      "http://169.254.169.254/latest/meta-data/",
      "http://100.64.0.1/",
      "http://[fe80::1]/",
    ]
  ) {
    const resolve = resolver({});
    await rejectsWith(safeFetch(url, { resolve }), 403, "address_blocked");
    assert.deepEqual(resolve.calls, [], `${url} needs no lookup`);
  }
  assert.deepEqual(srv.seen, []);
});

Deno.test("safe fetch - a name that resolves to loopback or the LAN is refused; so is one private address among public ones", async () => {
  const resolve = resolver({
    "evil.test": ["127.0.0.1"],
    "nas.test": ["192.168.1.20"],
    "mixed.test": ["93.184.216.34", "10.0.0.5"],
    "v6.test": ["2606:4700::1", "fd00::1"],
  });
  for (const host of ["evil.test", "nas.test", "mixed.test", "v6.test"]) {
    await rejectsWith(safeFetch(`http://${host}/`, { resolve }), 403, "address_blocked");
  }
  assert.deepEqual(resolve.calls, ["evil.test", "nas.test", "mixed.test", "v6.test"]);
});

Deno.test("safe fetch - connects to the address it checked (one lookup; Host is the name)", async () => {
  await using srv = server(() =>
    new Response("<p>café</p>", { headers: { "content-type": "text/html; charset=utf-8" } })
  );
  // `.test` never resolves for real: only the checked address can be dialled.
  const resolve = resolver({ "public.test": ["127.0.0.1"] });
  const res = await safeFetch(`http://public.test:${srv.port}/page#frag`, {
    ...LOCAL_ONLY,
    resolve,
  });
  const { body, ...rest } = res;
  assert.deepEqual(rest, {
    url: `http://public.test:${srv.port}/page`,
    status: 200,
    type: "text/html",
    charset: "utf-8",
    text: "<p>café</p>",
    bytes: 12,
  });
  assert.equal(body.length, 12);
  assert.deepEqual(resolve.calls, ["public.test"]);
  assert.deepEqual(srv.seen, [
    { path: "/page", host: `public.test:${srv.port}`, encoding: "identity" },
  ]);
});

Deno.test("safe fetch - a redirect from a public server to a private address is refused", async () => {
  let target = "";
  await using srv = server((req) =>
    new URL(req.url).pathname === "/go"
      ? new Response(null, { status: 302, headers: { location: target } })
      : new Response("secret")
  );
  const resolve = resolver({ "public.test": ["127.0.0.1"], "intranet.test": ["10.1.1.1"] });
  for (
    const to of [
      `http://localhost:${srv.port}/secret`,
      `http://0x7f000001:${srv.port}/secret`,
      `http://[::ffff:7f00:1]:${srv.port}/secret`,
      "http://intranet.test/secret",
      "http://169.254.169.254/latest/meta-data/",
    ]
  ) {
    target = to;
    await rejectsWith(
      safeFetch(`http://public.test:${srv.port}/go`, { ...PUBLIC_TEST, resolve }),
      403,
      "address_blocked",
    );
  }
  // Each attempt reached /go only: /secret was never asked for.
  assert.deepEqual(new Set(srv.seen.map((s) => s.path)), new Set(["/go"]));
  // A redirect to a scheme other than http(s) is no URL to fetch.
  target = "file:///etc/passwd";
  await rejectsWith(
    safeFetch(`http://public.test:${srv.port}/go`, { ...PUBLIC_TEST, resolve }),
    422,
    "bad_url",
  );
});

Deno.test("safe fetch - redirects are followed by hand, each re-checked, up to the limit", async () => {
  await using srv = server((req) => {
    const n = Number(new URL(req.url).pathname.slice(1));
    return n < 3
      ? new Response(null, { status: 301, headers: { location: `/${n + 1}` } })
      : new Response(`landed at ${n}`);
  });
  const resolve = resolver({ "public.test": ["127.0.0.1"] });
  const res = await safeFetch(`http://public.test:${srv.port}/0`, { ...LOCAL_ONLY, resolve });
  assert.equal(res.text, "landed at 3");
  assert.equal(res.url, `http://public.test:${srv.port}/3`);
  assert.equal(resolve.calls.length, 4, "each hop resolved and checked");
  await rejectsWith(
    safeFetch(`http://public.test:${srv.port}/0`, { ...LOCAL_ONLY, resolve, maxRedirects: 2 }),
    502,
    "fetch_failed",
  );
});

Deno.test("safe fetch - a body over the cap is refused, declared or not", async () => {
  const big = "x".repeat(3000);
  await using srv = server((req) =>
    new URL(req.url).pathname === "/declared"
      ? new Response(big)
      : new Response(ReadableStream.from([new TextEncoder().encode(big)]))
  );
  for (const path of ["/declared", "/chunked"]) {
    await rejectsWith(
      safeFetch(`http://127.0.0.1:${srv.port}${path}`, { ...LOCAL_ONLY, maxBytes: 1000 }),
      413,
      "response_too_large",
    );
  }
  const ok = await safeFetch(`http://127.0.0.1:${srv.port}/chunked`, {
    ...LOCAL_ONLY,
    maxBytes: 3000,
  });
  assert.equal(ok.text, big);
});

Deno.test("safe fetch - a server that never answers times out; an abort rejects with its reason", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const held: Deno.Conn[] = [];
  const accepting = (async () => {
    for await (const conn of listener) held.push(conn);
  })();
  const url = `http://127.0.0.1:${(listener.addr as Deno.NetAddr).port}/`;
  try {
    await rejectsWith(safeFetch(url, { ...LOCAL_ONLY, timeoutMs: 150 }), 504, "fetch_timeout");
    const stop = new AbortController();
    const fetching = safeFetch(url, { ...LOCAL_ONLY, signal: stop.signal });
    const reason = new Error("turn cancelled");
    stop.abort(reason);
    await assert.rejects(fetching, (err) => err === reason);
  } finally {
    listener.close();
    await accepting.catch(() => {});
    for (const conn of held) conn.close();
  }
});

Deno.test("safe fetch - bad URLs, unknown hosts and refused connections are clear errors", async () => {
  for (
    const url of [
      "file:///etc/passwd",
      "ftp://example.com/",
      "http://user:secret@example.com/",
      "not a url",
      "http://1.2.3.4.5/",
    ]
  ) {
    await rejectsWith(safeFetch(url, { resolve: resolver({}) }), 422, "bad_url");
  }
  await rejectsWith(
    safeFetch("http://nowhere.test/", { resolve: resolver({}) }),
    502,
    "fetch_failed",
  );
  // A port nobody listens on: take one, then free it.
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  await rejectsWith(
    safeFetch(`http://127.0.0.1:${port}/`, LOCAL_ONLY),
    502,
    "fetch_failed",
  );
});

Deno.test("safe fetch - the body is decoded by its charset; any status is an answer", async () => {
  await using srv = server(() =>
    new Response(new Uint8Array([0x63, 0x61, 0x66, 0xe9]), {
      status: 404,
      headers: { "content-type": "Text/Plain; Charset=ISO-8859-1" },
    })
  );
  const res = await safeFetch(`http://127.0.0.1:${srv.port}/`, LOCAL_ONLY);
  assert.equal(res.status, 404);
  assert.equal(res.type, "text/plain");
  assert.equal(res.text, "café");
});
