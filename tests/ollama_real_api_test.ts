/**
 * The Ollama admin API with the Real service against the protocol-faithful fake Ollama HTTP
 * server (`HEARTH_OLLAMA_URL` points the app at it): status, pull (SSE, unknown model, cancel
 * that aborts the upstream request), show, delete, create and unload.
 */
import assert from "node:assert/strict";
import { RealOllamaService } from "../lib/ollama/mod.ts";
import { type FakeOllama, startFakeOllama } from "../lib/ollama/fake_server.ts";
import { adminApp, json, parseSse, readSse } from "./helpers/admin.ts";
import { expectError } from "./helpers/app.ts";

async function realApp(opts: Parameters<typeof startFakeOllama>[0] = {}) {
  const ollama = await startFakeOllama(opts);
  const app = await adminApp({ HEARTH_OLLAMA_URL: ollama.url });
  assert.ok(app.services.ollama instanceof RealOllamaService);
  return {
    app,
    ollama,
    async [Symbol.asyncDispose]() {
      await app.close();
      await ollama.close();
    },
  };
}

function asked(ollama: FakeOllama, path: string) {
  return ollama.requests.filter((r) => r.path === path).map((r) => r.body);
}

Deno.test("ollama real api - status reads version, models with context, and running models", async () => {
  await using env = await realApp();
  const { app, ollama } = env;
  await fetch(`${ollama.url}/api/generate`, {
    method: "POST",
    body: JSON.stringify({ model: "qwen2.5:0.5b", prompt: "hi", stream: false }),
  }).then((r) => r.body?.cancel());
  const status = await (await app.admin("/api/admin/ollama/status")).json();
  assert.equal(status.hosts.length, 1);
  const [host] = status.hosts;
  assert.deepEqual([host.url, host.reachable, host.version], [ollama.url, true, "0.13.0"]);
  assert.equal(host.local, true, "127.0.0.1 is this box");
  const llama = host.models.find((m: { name: string }) => m.name === "llama3.2:latest");
  assert.deepEqual(
    [llama.family, llama.quantization, llama.contextLength, llama.size],
    ["llama", "Q4_K_M", 131_072, 2_019_393_189],
  );
  assert.deepEqual(host.running.map((m: { name: string }) => m.name), ["qwen2.5:0.5b"]);
  assert.ok(asked(ollama, "/api/show").length >= 3, "context comes from /api/show");
});

Deno.test("ollama real api - a pull streams the server's progress and installs the model", async () => {
  await using env = await realApp();
  const { app, ollama } = env;
  const events = await readSse(
    await app.admin("/api/admin/ollama/pull", json("POST", { model: "gemma3:1b" })),
  );
  assert.deepEqual(asked(ollama, "/api/pull"), [{ model: "gemma3:1b", stream: true }]);
  const progress = events.filter((e) => e.event === "progress").map((e) =>
    e.data as { status: string; total?: number; percent?: number }
  );
  assert.equal(progress[0].status, "pulling manifest");
  assert.ok(progress.some((p) => p.total && p.percent! > 0 && p.percent! < 100));
  assert.equal(progress.at(-1)?.status, "success");
  assert.deepEqual(events.at(-2)?.data, { model: "gemma3:1b" });
  assert.equal(events.at(-1)?.data, "[DONE]");
  assert.ok(ollama.installed().includes("gemma3:1b"));

  const unknown = await readSse(
    await app.admin("/api/admin/ollama/pull", json("POST", { model: "no-such-model:9b" })),
  );
  const error = unknown.find((e) => e.event === "error")?.data as { code: string };
  assert.equal(error.code, "model_not_found");
  assert.equal(unknown.at(-1)?.data, "[DONE]");
});

Deno.test("ollama real api - cancelling a pull aborts the request to Ollama", async () => {
  await using env = await realApp({ pullStepMs: 40 });
  const { app, ollama } = env;
  const res = await app.admin("/api/admin/ollama/pull", json("POST", { model: "gemma3:1b" }));
  const id = res.headers.get("x-hearth-task");
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  while (!text.includes('"total"')) text += (await reader.read()).value ?? "";
  const cancel = await (await app.admin(`/api/tasks/${id}/cancel`, { method: "POST" }))
    .json();
  assert.equal(cancel.task.status, "cancelled");
  for (let r = await reader.read(); !r.done; r = await reader.read()) text += r.value;
  assert.equal((parseSse(text).at(-2)?.data as { code: string }).code, "task_cancelled");
  await ollama.waitForDisconnects(1);
  assert.deepEqual(ollama.disconnectLog.map((d) => d.path), ["/api/pull"]);
  assert.ok(!ollama.installed().includes("gemma3:1b"));
});

Deno.test("ollama real api - show, create (and rebuild), unload and delete", async () => {
  await using env = await realApp();
  const { app, ollama } = env;
  const shown = await (await app.admin("/api/admin/ollama/models/llama3.2")).json();
  assert.equal(shown.contextLength, 131_072);
  assert.match(shown.template, /start_header_id/);
  await expectError(await app.admin("/api/admin/ollama/models/nope:1b"), 404, "model_not_found");

  const body = { name: "household", base: "llama3.2", system: "Be kind.", numCtx: 4096 };
  const built = await readSse(await app.admin("/api/admin/ollama/models", json("POST", body)));
  assert.equal(built.at(-2)?.event, "done");
  assert.ok(built.filter((e) => e.event === "progress").length >= 2);
  assert.deepEqual(asked(ollama, "/api/create")[0], {
    model: "household",
    from: "llama3.2",
    stream: true,
    system: "Be kind.",
    parameters: { num_ctx: 4096 },
  });
  await readSse(
    await app.admin("/api/admin/ollama/models", json("POST", { ...body, numCtx: 8192 })),
  );
  const rebuilt = await (await app.admin("/api/admin/ollama/models/household")).json();
  assert.deepEqual([rebuilt.numCtx, rebuilt.system], [8192, "Be kind."]);

  await fetch(`${ollama.url}/api/generate`, {
    method: "POST",
    body: JSON.stringify({ model: "household", prompt: "hi", stream: false }),
  }).then((r) => r.body?.cancel());
  assert.ok(ollama.loaded().includes("household:latest"));
  await (await app.admin("/api/admin/ollama/unload", json("POST", { model: "household" }))).body
    ?.cancel();
  assert.deepEqual(ollama.loaded(), []);

  const del = await app.admin("/api/admin/ollama/models/household", { method: "DELETE" });
  assert.equal(del.status, 200);
  await del.body?.cancel();
  assert.ok(!ollama.installed().includes("household:latest"));
  await expectError(
    await app.admin("/api/admin/ollama/models/household", { method: "DELETE" }),
    404,
    "model_not_found",
  );
});

Deno.test("ollama real api - an Ollama on another machine is not this box's: the status says so", async () => {
  const remote = "http://ollama.invalid:11434";
  await using app = await adminApp({ HEARTH_OLLAMA_URL: remote });
  const status = await (await app.admin("/api/admin/ollama/status")).json();
  assert.deepEqual(
    status.hosts.map((h: { url: string; local: boolean; reachable: boolean }) => [
      h.url,
      h.local,
      h.reachable,
    ]),
    [[remote, false, false]],
  );
});
