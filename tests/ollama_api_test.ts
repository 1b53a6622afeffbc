/**
 * The Ollama admin API in demo mode (the Real service on the Fake Ollama and its machine):
 * status, install, start, pull over SSE (wire format, errors, resume, cancel), show, delete,
 * create, unload, the task list, the system check, and that every route refuses a non-admin.
 * Configured Ollama hosts (`HEARTH_OLLAMA_URL`) are in ollama_real_api_test.ts.
 */
import assert from "node:assert/strict";
import { type AdminApp, adminApp, json, parseSse, readSse } from "./helpers/admin.ts";
import { expectError } from "./helpers/app.ts";
import { member } from "./helpers/profile.ts";

/** Loads `model` on the app's Fake Ollama, as a chat would. */
async function load(app: AdminApp, model: string) {
  const res = await fetch(`${app.ollama!.server.url}/api/generate`, {
    method: "POST",
    body: JSON.stringify({ model, prompt: "hi", stream: false }),
  });
  await res.body?.cancel();
}

async function installedNames(app: AdminApp) {
  const status = await (await app.admin("/api/admin/ollama/status")).json();
  return status.hosts.flatMap((h: { models: { name: string }[] }) => h.models.map((m) => m.name));
}

Deno.test("ollama api - every route and page refuses a non-admin", async () => {
  await using app = await adminApp();
  const calls: [string, string, unknown?][] = [
    ["GET", "/api/admin/ollama/status"],
    ["POST", "/api/admin/ollama/install"],
    ["POST", "/api/admin/ollama/start"],
    ["POST", "/api/admin/ollama/pull", { model: "gemma3:1b" }],
    ["GET", "/api/admin/ollama/models/llama3.2"],
    ["DELETE", "/api/admin/ollama/models/llama3.2"],
    ["POST", "/api/admin/ollama/models", { name: "a", base: "llama3.2" }],
    ["POST", "/api/admin/ollama/unload", { model: "llama3.2" }],
    ["GET", "/api/admin/system/check"],
    ["GET", "/api/admin/config"],
    ["PUT", "/api/admin/config", { locale: "de" }],
  ];
  for (const [method, path, body] of calls) {
    const res = await app.api(path, body === undefined ? { method } : json(method, body));
    await expectError(res, 401, "admin_required");
  }
  for (const page of ["/admin/models", "/admin/settings"]) {
    const res = await app.fetch(page, { headers: { accept: "text/html" } });
    assert.equal(res.status, 303, page);
    assert.match(res.headers.get("location") ?? "", /^\/(admin\/login|profiles)\?next=/);
  }
  // The admin's tasks are the admin's: a member without the login finds no such task, and a
  // device without a profile is told to pick one first.
  const pull = await app.admin("/api/admin/ollama/pull", json("POST", { model: "gemma3:1b" }));
  const id = pull.headers.get("x-hearth-task")!;
  const ann = await member(app, "Ann");
  for (const path of [`/api/tasks/${id}`, `/api/tasks/${id}/stream`]) {
    await expectError(await ann.fetch(path), 404, "task_not_found");
    await expectError(await app.api(path), 401, "profile_required");
  }
  await expectError(
    await ann.fetch(`/api/tasks/${id}/cancel`, { method: "POST" }),
    404,
    "task_not_found",
  );
  assert.deepEqual((await (await ann.fetch("/api/tasks")).json()).tasks, []);
  await pull.body?.cancel();
  await (await app.admin(`/api/tasks/${id}/cancel`, { method: "POST" })).body?.cancel();
  // Nothing happened: the model is still there.
  assert.ok((await installedNames(app)).includes("llama3.2:latest"));
});

Deno.test("ollama api - status lists hosts, models with size, family, quantization and context, and running models", async () => {
  await using app = await adminApp(undefined, {});
  await load(app, "qwen2.5:0.5b");
  const res = await app.admin("/api/admin/ollama/status");
  assert.equal(res.status, 200);
  assert.match(res.headers.get("content-type") ?? "", /application\/json/);
  const status = await res.json();
  assert.equal(status.binary.found, true);
  const [host] = status.hosts;
  assert.equal(host.reachable, true);
  assert.equal(host.version, "0.13.0");
  const llama = host.models.find((m: { name: string }) => m.name === "llama3.2:latest");
  assert.deepEqual(
    [llama.size, llama.family, llama.quantization, llama.contextLength],
    [2_019_393_189, "llama", "Q4_K_M", 131_072],
  );
  const embed = host.models.find((m: { name: string }) => m.name.startsWith("nomic"));
  assert.equal(embed.numCtx, 8192);
  assert.deepEqual(host.running.map((m: { name: string }) => m.name), ["qwen2.5:0.5b"]);
});

Deno.test("ollama api - a pull streams numbered progress events, then done and [DONE]", async () => {
  // Long enough for the rate, measured over half a second of the weights' download: 24 steps 40 ms
  // apart span ~920 ms (16 spanned 600, and a first line read late left less than 500 between
  // samples: no rate, once in a CI run).
  await using app = await adminApp(undefined, { delayMs: 40, pullSteps: 24 });
  const res = await app.admin("/api/admin/ollama/pull", json("POST", { model: "gemma3:1b" }));
  const taskId = res.headers.get("x-hearth-task");
  assert.ok(taskId);
  assert.equal(res.headers.get("location"), `/api/tasks/${taskId}/stream`);
  const events = await readSse(res);
  assert.deepEqual(events.map((e) => e.id), events.map((_, i) => i), "ids count up from 0");
  const progress = events.filter((e) => e.event === "progress").map((e) => e.data as never);
  assert.deepEqual(progress[0], { status: "pulling manifest" });
  // Bytes: the lines with `completed` (a layer's first line has only its total).
  const layer = progress.filter((p: { completed?: number }) => p.completed !== undefined) as {
    status: string;
    completed: number;
    total: number;
    percent: number;
    bytesPerSecond?: number;
  }[];
  assert.ok(layer.length >= 5);
  assert.ok(layer.some((p) => p.percent > 0 && p.percent < 100), "progress moves");
  assert.ok(layer.some((p) => p.bytesPerSecond! > 0), "a rate is reported");
  assert.ok(layer.every((p) => p.completed <= p.total && /^pulling /.test(p.status)));
  assert.deepEqual(events.at(-2), {
    id: events.length - 2,
    event: "done",
    data: { model: "gemma3:1b" },
  });
  assert.equal(events.at(-1)?.data, "[DONE]");
  assert.ok((await installedNames(app)).includes("gemma3:1b"));
  const { tasks } = await (await app.admin("/api/tasks")).json();
  assert.deepEqual(
    tasks.map((t: { id: string; kind: string; status: string }) => [t.id, t.kind, t.status]),
    [[taskId, "pull", "done"]],
  );
});

Deno.test("ollama api - pulling an unknown model ends with an error event; a bad name is 422", async () => {
  await using app = await adminApp();
  const events = await readSse(
    await app.admin("/api/admin/ollama/pull", json("POST", { model: "no-such-model:9b" })),
  );
  const error = events.find((e) => e.event === "error");
  assert.equal((error?.data as { code: string }).code, "model_not_found");
  assert.equal(events.at(-1)?.data, "[DONE]");
  assert.ok(!events.some((e) => e.event === "done"));
  const bad = await expectError(
    await app.admin("/api/admin/ollama/pull", json("POST", { model: "two words" })),
    422,
    "invalid_input",
  );
  assert.equal(bad.error.field, "model");
  const missing = await expectError(
    await app.admin("/api/admin/ollama/pull", json("POST", {})),
    422,
    "invalid_input",
  );
  assert.equal(missing.error.field, "model");
  await expectError(
    await app.admin("/api/admin/ollama/pull", { method: "POST", body: "model=x" }),
    415,
    "unsupported_media_type",
  );
});

Deno.test("ollama api - a pull stream resumes from ?offset= and after Last-Event-ID", async () => {
  await using app = await adminApp();
  const first = await app.admin("/api/admin/ollama/pull", json("POST", { model: "gemma3:1b" }));
  const id = first.headers.get("x-hearth-task");
  const all = await readSse(first);
  const fromOffset = await readSse(
    await app.admin(`/api/tasks/${id}/stream?offset=3`),
  );
  assert.deepEqual(fromOffset, all.slice(3));
  const afterId = await readSse(
    await app.admin(`/api/tasks/${id}/stream`, { headers: { "Last-Event-ID": "5" } }),
  );
  assert.deepEqual(afterId, all.slice(6));
  await expectError(
    await app.admin(`/api/tasks/${id}/stream?offset=-1`),
    400,
    "invalid_offset",
  );
  await expectError(
    await app.admin("/api/tasks/no-such-task/stream"),
    404,
    "task_not_found",
  );
});

Deno.test("ollama api - cancelling a pull ends the task cancelled and installs nothing", async () => {
  await using app = await adminApp(undefined, { delayMs: 30 });
  const res = await app.admin("/api/admin/ollama/pull", json("POST", { model: "gemma3:1b" }));
  const id = res.headers.get("x-hearth-task");
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  while (!text.includes("event: progress")) text += (await reader.read()).value ?? "";
  // Asking for the same model again attaches to the running download instead of a second one.
  const attached = await app.admin("/api/admin/ollama/pull", json("POST", { model: "gemma3:1b" }));
  assert.equal(attached.headers.get("x-hearth-task"), id);
  await attached.body?.cancel();
  const cancel = await app.admin(`/api/tasks/${id}/cancel`, { method: "POST" });
  assert.equal(cancel.status, 200);
  const body = await cancel.json();
  assert.equal(body.cancelled, true);
  assert.equal(body.task.status, "cancelled");
  for (let r = await reader.read(); !r.done; r = await reader.read()) text += r.value;
  const events = parseSse(text);
  assert.deepEqual(events.at(-2)?.data, {
    code: "task_cancelled",
    message: "The task was cancelled.",
  });
  assert.equal(events.at(-1)?.data, "[DONE]");
  assert.ok(!(await installedNames(app)).includes("gemma3:1b"));
  const again = await (await app.admin(`/api/tasks/${id}/cancel`, { method: "POST" }))
    .json();
  assert.deepEqual([again.cancelled, again.task.status], [false, "cancelled"]);
  await expectError(
    await app.admin("/api/tasks/nope/cancel", { method: "POST" }),
    404,
    "task_not_found",
  );
});

Deno.test("ollama api - show tells details, context, parameters and template; delete removes", async () => {
  await using app = await adminApp();
  const res = await app.admin("/api/admin/ollama/models/llama3.2");
  assert.equal(res.status, 200);
  const details = await res.json();
  assert.equal(details.contextLength, 131_072);
  assert.equal(details.family, "llama");
  assert.match(details.template, /start_header_id/);
  assert.ok(Array.isArray(details.parameters.stop));
  const encoded = await app.admin(`/api/admin/ollama/models/${encodeURIComponent("qwen2.5:0.5b")}`);
  assert.equal((await encoded.json()).contextLength, 32_768);
  await expectError(await app.admin("/api/admin/ollama/models/nope:1b"), 404, "model_not_found");
  const bad = await expectError(
    await app.admin("/api/admin/ollama/models/a%20b"),
    422,
    "invalid_input",
  );
  assert.equal(bad.error.field, "name");

  const del = await app.admin("/api/admin/ollama/models/llama3.2", { method: "DELETE" });
  assert.deepEqual(await del.json(), { deleted: "llama3.2" });
  assert.ok(!(await installedNames(app)).includes("llama3.2:latest"));
  await expectError(
    await app.admin("/api/admin/ollama/models/llama3.2", { method: "DELETE" }),
    404,
    "model_not_found",
  );
});

Deno.test("ollama api - create streams the build; the same name again rebuilds with a new context", async () => {
  await using app = await adminApp();
  const body = { name: "household", base: "llama3.2", system: "Be kind.", numCtx: 4096 };
  const events = await readSse(await app.admin("/api/admin/ollama/models", json("POST", body)));
  const statuses = events.filter((e) => e.event === "progress").map((e) =>
    (e.data as { status: string }).status
  );
  assert.ok(statuses.some((s) => s.startsWith("using existing layer")));
  assert.deepEqual(statuses.slice(-2), ["writing manifest", "success"]);
  assert.deepEqual(events.at(-2)?.data, { model: "household" });
  let details = await (await app.admin("/api/admin/ollama/models/household")).json();
  assert.deepEqual([details.numCtx, details.system], [4096, "Be kind."]);

  await readSse(
    await app.admin(
      "/api/admin/ollama/models",
      json("POST", { ...body, numCtx: 8192, temperature: 0.3 }),
    ),
  );
  details = await (await app.admin("/api/admin/ollama/models/household")).json();
  assert.deepEqual([details.numCtx, details.parameters.temperature], [8192, 0.3]);

  for (
    const [patch, field] of [
      [{ numCtx: "big" }, "numCtx"],
      [{ temperature: 5 }, "temperature"],
      [{ base: "" }, "base"],
      [{ name: "bad name" }, "name"],
      [{ extra: 1 }, ""],
    ] as const
  ) {
    const res = await app.admin("/api/admin/ollama/models", json("POST", { ...body, ...patch }));
    const err = await expectError(res, 422, "invalid_input");
    if (field) assert.equal(err.error.field, field);
  }
  const unknownBase = await readSse(
    await app.admin("/api/admin/ollama/models", json("POST", { name: "x", base: "nope:1b" })),
  );
  assert.equal((unknownBase.at(-2)?.data as { code: string }).code, "model_not_found");
});

Deno.test("ollama api - unload frees a loaded model; install and start work on the Fake", async () => {
  await using app = await adminApp(undefined, { state: "missing" });
  let status = await (await app.admin("/api/admin/ollama/status")).json();
  assert.deepEqual([status.binary.found, status.hosts[0].reachable], [false, false]);
  await expectError(
    await app.admin("/api/admin/ollama/start", { method: "POST" }),
    503,
    "ollama_not_installed",
  );
  const install = await readSse(await app.admin("/api/admin/ollama/install", { method: "POST" }));
  assert.ok(install.some((e) => e.event === "log"));
  assert.equal(install.at(-2)?.event, "done");
  await app.ollama!.server.stop();
  const started = await app.admin("/api/admin/ollama/start", { method: "POST" });
  assert.equal(started.status, 200);
  assert.equal((await started.json()).hosts[0].reachable, true);

  await load(app, "llama3.2");
  status = await (await app.admin("/api/admin/ollama/status")).json();
  assert.equal(status.hosts[0].running.length, 1);
  const res = await app.admin("/api/admin/ollama/unload", json("POST", { model: "llama3.2" }));
  assert.deepEqual(await res.json(), {
    model: "llama3.2",
    unloaded: true,
    hosts: [app.ollama!.server.url],
  });
  status = await (await app.admin("/api/admin/ollama/status")).json();
  assert.deepEqual(status.hosts[0].running, []);
  const bad = await expectError(
    await app.admin("/api/admin/ollama/unload", json("POST", { model: 3 })),
    422,
    "invalid_input",
  );
  assert.equal(bad.error.field, "model");
});

Deno.test("ollama api - the system check reports the box and recommends a model", async () => {
  await using app = await adminApp();
  const res = await app.admin("/api/admin/system/check");
  assert.equal(res.status, 200);
  const { report, recommendation } = await res.json();
  assert.equal(report.fake, true);
  assert.ok(report.memory.totalBytes > 0);
  assert.ok(Array.isArray(report.gpus));
  assert.ok(recommendation.models.length > 0);
  assert.equal(typeof recommendation.chat.name, "string");
});
