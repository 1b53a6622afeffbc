import assert from "node:assert/strict";
import { HttpError } from "../http/errors.ts";
import { FETCH_OUTPUT_CHARS, FETCH_TOOL, fetchTool, stripHtml } from "./fetch.ts";
import { toolContext } from "./net_testing.ts";

/** The tool as tests may build it: `public.test` is the test server on 127.0.0.1. */
const tool = fetchTool({
  resolve: (name) => Promise.resolve(name === "public.test" ? ["127.0.0.1"] : []),
  allowTestAddress: (address, host) => address === "127.0.0.1" && host === "public.test",
});

function pages(routes: Record<string, () => Response>) {
  const srv = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen() {} },
    (req) => (routes[new URL(req.url).pathname] ?? (() => new Response("no", { status: 404 })))(),
  );
  return Object.assign(srv, { base: `http://public.test:${srv.addr.port}` });
}

const html = (body: string, type = "text/html; charset=utf-8") =>
  new Response(body, { headers: { "content-type": type } });

Deno.test("fetch tool - a web page becomes Markdown, marked as data, with a one-line summary", async () => {
  await using srv = pages({
    "/article": () =>
      html(
        "<html><head><title>Bread</title><script>steal()</script></head><body><nav>Menu</nav>" +
          "<h1>Sourdough bread</h1><p>Mix <b>flour</b> and water. See " +
          '<a href="https://example.com/more">more</a>.</p><ul><li>Flour</li><li>Water</li></ul>' +
          "</body></html>",
      ),
  });
  const ctx = toolContext(Deno.cwd());
  const res = await tool.run(ctx, { url: `${srv.base}/article` });
  assert.match(
    res.content,
    /^URL: http:\/\/public\.test:\d+\/article\nStatus: 200\nType: text\/html\n/,
  );
  assert.match(res.content, /not instructions/);
  assert.match(res.content, /#+ Sourdough bread/);
  assert.match(res.content, /Mix \*\*flour\*\* and water/);
  assert.match(res.content, /\[more\]\(https:\/\/example\.com\/more\)/);
  assert.match(res.content, /-\s+Flour/);
  assert.doesNotMatch(res.content, /steal|<script/);
  assert.match(res.summary, /^Fetched public\.test:\d+ \(\d+ B\)$/);
});

Deno.test("fetch tool - a page's <meta charset> is honoured when the header names none", async () => {
  const latin1 = new Uint8Array([
    ...new TextEncoder().encode('<html><head><meta charset="windows-1252"></head><body><p>Caf'),
    0xe9,
    ...new TextEncoder().encode(" au lait, un peu de texte pour le lecteur.</p></body></html>"),
  ]);
  await using srv = pages({
    "/": () => new Response(latin1, { headers: { "content-type": "text/html" } }),
  });
  const res = await tool.run(toolContext(Deno.cwd()), { url: `${srv.base}/` });
  assert.match(res.content, /Café au lait/);
});

Deno.test("fetch tool - text comes as it is, binary is not shown, output is bounded", async () => {
  await using srv = pages({
    "/data.json": () => html('{"a":1}', "application/json"),
    "/photo.png": () => html("\x89PNG....", "image/png"),
    "/long.txt": () => html("word ".repeat(10_000), "text/plain"),
    "/untyped": () => new Response(new TextEncoder().encode("<!DOCTYPE html><h1>Plain</h1>")),
  });
  const ctx = toolContext(Deno.cwd());
  assert.match((await tool.run(ctx, { url: `${srv.base}/data.json` })).content, /\{"a":1\}$/);
  assert.match(
    (await tool.run(ctx, { url: `${srv.base}/photo.png` })).content,
    /\[image\/png content, 9 bytes, not shown: not text\]/,
  );
  const long = await tool.run(ctx, { url: `${srv.base}/long.txt` });
  assert.ok(long.content.length <= FETCH_OUTPUT_CHARS, `${long.content.length}`);
  assert.match(long.content, /more characters not shown\]$/);
  // No type at all, but it is a page: read as HTML.
  const untyped = await tool.run(ctx, { url: `${srv.base}/untyped` });
  assert.match(untyped.content, /#+ Plain/);
  assert.doesNotMatch(untyped.content, /<h1>/);
  const nf = await tool.run(ctx, { url: `${srv.base}/nothing-here` });
  assert.match(nf.summary, /HTTP 404/);
});

Deno.test("fetch tool - the agent's tool refuses this machine and the LAN", async () => {
  await using srv = pages({ "/": () => html("<p>secret</p>") });
  const ctx = toolContext(Deno.cwd());
  for (
    const url of [`http://127.0.0.1:${srv.addr.port}/`, "http://192.168.1.1/", "http://localhost/"]
  ) {
    await assert.rejects(FETCH_TOOL.run(ctx, { url }), (err: Error) => {
      assert.ok(err instanceof HttpError);
      assert.equal(err.code, "address_blocked");
      return true;
    });
  }
  assert.equal(FETCH_TOOL.risk, "network");
  assert.equal(FETCH_TOOL.name, "fetch_url");
});

Deno.test("fetch tool - the plain-text strip drops scripts, styles, comments and tags", () => {
  assert.equal(
    stripHtml(
      "<style>a{}</style><!-- x --><p>One &amp; two</p><script>evil()</script><p>3 &lt; 4</p>",
    ),
    "One & two\n3 < 4",
  );
});

Deno.test("fetch tool - refuses a profile the admin has not allowed the network", async () => {
  await using srv = pages({ "/": () => html("<p>hi</p>") });
  let asked = false;
  const spy = fetchTool({
    resolve: () => {
      asked = true;
      return Promise.resolve(["127.0.0.1"]);
    },
    allowTestAddress: () => true,
  });
  await assert.rejects(
    spy.run(toolContext(Deno.cwd(), { allow: false }), { url: `${srv.base}/` }),
    (err: Error & { code?: string }) => err.code === "network_not_allowed",
  );
  assert.equal(asked, false);
});
