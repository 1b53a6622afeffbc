import assert from "node:assert/strict";
import { Hono } from "hono";
import { BodyTooLargeError, limitBodies, readBody } from "./body.ts";
import { HttpError } from "./errors.ts";

/** An endless body that counts what was pulled from it and whether it was cancelled. */
function endless(chunkSize = 1000) {
  const seen = { pulled: 0, cancelled: false };
  const chunk = new Uint8Array(chunkSize).fill(0x61);
  const body = new ReadableStream<Uint8Array>({
    pull(c) {
      seen.pulled += chunk.length;
      c.enqueue(chunk);
    },
    cancel() {
      seen.cancelled = true;
    },
  }, { highWaterMark: 0 });
  return { body, seen };
}

function post(body: BodyInit, headers: Record<string, string> = {}): Request {
  return new Request("http://localhost/x", { method: "POST", body, headers });
}

Deno.test("body - a body within the limit is read whole", async () => {
  const bytes = await readBody(post("x".repeat(5000)), 5000);
  assert.equal(bytes.byteLength, 5000);
  assert.equal((await readBody(new Request("http://localhost/"), 10)).byteLength, 0);
});

Deno.test("body - a declared length over the limit is refused before a byte is read", async () => {
  const { body, seen } = endless();
  const err = await readBody(post(body, { "content-length": "5001" }), 5000).catch((e) => e);
  assert.ok(err instanceof BodyTooLargeError);
  assert.equal(err.status, 413);
  assert.equal(err.code, "body_too_large");
  assert.equal(err.message, "The request body is larger than 5.0 kB.");
  assert.equal(seen.pulled, 0);
});

Deno.test("body - an endless body is cancelled as soon as it passes the limit", async () => {
  const { body, seen } = endless();
  const err = await readBody(post(body), 16_000).catch((e) => e);
  assert.ok(err instanceof BodyTooLargeError);
  assert.deepEqual(err.params, { limit: "16 kB" });
  assert.ok(seen.cancelled, "the upload was stopped");
  assert.ok(seen.pulled <= 17_000, `read ${seen.pulled} bytes`);
});

function appWith(route: (req: Request) => Promise<Response>) {
  const app = new Hono();
  app.use(limitBodies({ limit: (path) => path === "/small" ? 100 : 10_000 }));
  app.post("*", (c) => route(c.req.raw));
  app.onError((err) =>
    Response.json({ code: err instanceof HttpError ? err.code : "internal" }, {
      status: err instanceof HttpError ? err.status : 500,
    })
  );
  return app;
}

Deno.test("body - the server-wide limit bounds a route that reads the body its own way", async () => {
  const app = appWith(async (req) => new Response(String((await req.text()).length)));
  const fits = await app.request("/small", { method: "POST", body: "x".repeat(100) });
  assert.equal(await fits.text(), "100");

  const { body, seen } = endless();
  const res = await app.request("/large", { method: "POST", body, duplex: "half" } as RequestInit);
  assert.equal(res.status, 413);
  assert.deepEqual(await res.json(), { code: "body_too_large" });
  assert.ok(seen.cancelled && seen.pulled <= 11_000, `read ${seen.pulled} bytes`);

  const declared = await app.request("/small", {
    method: "POST",
    body: "x".repeat(101),
    headers: { "content-length": "101" },
  });
  assert.equal(declared.status, 413);
});

Deno.test("body - a route that swallows the error still answers 413", async () => {
  const app = appWith(async (req) => {
    const text = await req.text().catch(() => "");
    return new Response(`ok ${text.length}`);
  });
  const { body } = endless();
  const res = await app.request("/small", { method: "POST", body, duplex: "half" } as RequestInit);
  assert.equal(res.status, 413);
  assert.deepEqual(await res.json(), { code: "body_too_large" });
});
