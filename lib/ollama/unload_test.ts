/**
 * Unload as Ollama does it: `keep_alive: 0` is answered at once, and `/api/ps` keeps listing the
 * model until the request using it ends. A small server here plays that part, so the test owns
 * exactly how long the model stays listed.
 */
import assert from "node:assert/strict";
import { RealOllamaService } from "./real.ts";
import { scriptedRunner } from "./testing.ts";

/** An Ollama whose `/api/ps` lists `name` for `listedFor` more reads after the unload. */
function busyOllama(name: string, listedFor: number) {
  const seen: { path: string; body?: unknown }[] = [];
  let unloadAsked = false;
  let readsAfter = 0;
  const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, async (req) => {
    const path = new URL(req.url).pathname;
    const body = req.method === "POST" ? await req.json() : undefined;
    seen.push({ path, body });
    if (path === "/api/generate") {
      unloadAsked = true;
      return Response.json({ model: name, done: true, done_reason: "unload", response: "" });
    }
    if (path === "/api/ps") {
      if (unloadAsked) readsAfter++;
      const listed = !unloadAsked || readsAfter <= listedFor;
      const models = listed ? [{ name, model: name, size_vram: 0, expires_at: "x" }] : [];
      return Response.json({ models });
    }
    return Response.json({ error: "not found" }, { status: 404 });
  });
  const url = `http://127.0.0.1:${server.addr.port}`;
  return {
    url,
    seen,
    readsAfter: () => readsAfter,
    [Symbol.asyncDispose]: () => server.shutdown(),
  };
}

function service(url: string, unloadTimeoutMs = 5_000) {
  return new RealOllamaService({
    hosts: [url],
    runner: scriptedRunner({}),
    timeoutMs: 1_000,
    unloadTimeoutMs,
    psIntervalMs: 10,
  });
}

Deno.test("ollama unload - waits until /api/ps no longer lists the model", async () => {
  await using ollama = busyOllama("llama3.2:latest", 3);
  const result = await service(ollama.url).unload("llama3.2");
  assert.deepEqual(result, { model: "llama3.2", unloaded: true, hosts: [ollama.url] });
  assert.equal(ollama.readsAfter(), 4, "three reads still listed it, the fourth did not");
});

Deno.test("ollama unload - a model still in use after the bound is a clear result, not a hang", async () => {
  await using ollama = busyOllama("llama3.2:latest", Infinity);
  const start = Date.now();
  const result = await service(ollama.url, 200).unload("llama3.2");
  const took = Date.now() - start;
  assert.deepEqual(result, {
    model: "llama3.2",
    unloaded: false,
    hosts: [ollama.url],
    busy: [ollama.url],
  });
  assert.ok(took >= 200 && took < 2_000, `took ${took} ms`);
});

Deno.test("ollama unload - names match as Ollama matches them, and the listed name is sent", async () => {
  await using ollama = busyOllama("llama3.2:latest", 0);
  const result = await service(ollama.url).unload("Llama3.2");
  assert.equal(result.unloaded, true);
  assert.deepEqual(result.hosts, [ollama.url]);
  const generate = ollama.seen.find((r) => r.path === "/api/generate");
  assert.deepEqual(generate?.body, { model: "llama3.2:latest", keep_alive: 0 });
});
