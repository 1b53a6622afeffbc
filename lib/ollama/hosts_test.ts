import assert from "node:assert/strict";
import { type FakeOllama, startFakeOllama } from "./fake_server.ts";
import { FAKE_INSTALLED } from "./fake_catalogue.ts";
import { OllamaError } from "./errors.ts";
import { INSTALL_COMMAND, PREFLIGHT_COMMAND, SERVE_COMMAND } from "./local.ts";
import { RealOllamaService } from "./real.ts";
import { collect, scriptedRunner, within } from "./testing.ts";

const installed = scriptedRunner({
  run: {
    "ollama --version": { stdout: "ollama version is 0.9.0\n" },
    "sh -c command -v ollama": { stdout: "/usr/local/bin/ollama\n" },
  },
});
const only = (name: string) => FAKE_INSTALLED.filter((m) => m.name === name);

async function deadUrl(): Promise<string> {
  const fake = await startFakeOllama();
  await fake.close();
  return fake.url;
}

async function chat(fake: FakeOllama, model: string) {
  await fetch(`${fake.url}/api/chat`, {
    method: "POST",
    body: JSON.stringify({ model, messages: [{ role: "user", content: "hi" }], stream: false }),
  }).then((r) => r.json());
}

Deno.test("ollama - hostFor picks the host that has the model", async () => {
  const a = await startFakeOllama({ models: only("qwen2.5:0.5b") });
  const b = await startFakeOllama({ models: only("llama3.2:latest") });
  try {
    const svc = new RealOllamaService({ hosts: [a.url, b.url], timeoutMs: 300 });
    assert.equal(await svc.hostFor("llama3.2"), b.url);
    assert.equal(await svc.hostFor("qwen2.5:0.5b"), a.url);
    const err = await svc.hostFor("gemma3:1b").catch((e) => e);
    assert.ok(err instanceof OllamaError && err.code === "model_not_found");
    // show and delete go to the host that has the model without being told.
    assert.equal((await svc.show("llama3.2")).family, "llama");
    await svc.delete("llama3.2");
    assert.deepEqual(b.installed(), []);
    assert.deepEqual(a.installed(), ["qwen2.5:0.5b"]);
  } finally {
    await a.close();
    await b.close();
  }
});

Deno.test("ollama - a dead host is skipped for routing, pulls and status", async () => {
  const dead = await deadUrl();
  const live = await startFakeOllama();
  try {
    const svc = new RealOllamaService({ hosts: [dead, live.url], timeoutMs: 300 });
    assert.equal(await svc.hostFor("llama3.2:latest"), live.url);
    const events = await collect(svc.pull("gemma3:1b"));
    assert.equal(events.at(-1)?.status, "success");
    assert.ok(live.installed().includes("gemma3:1b"));
    const status = await svc.status();
    assert.deepEqual(status.hosts.map((h) => [h.url, h.reachable]), [[dead, false], [
      live.url,
      true,
    ]]);
    const allDead = new RealOllamaService({ hosts: [dead], timeoutMs: 300 });
    const err = await allDead.hostFor("llama3.2").catch((e) => e);
    assert.ok(err instanceof OllamaError && err.code === "ollama_unreachable");
  } finally {
    await live.close();
  }
});

Deno.test("ollama - hostFor prefers a host where the model is already loaded", async () => {
  const a = await startFakeOllama();
  const b = await startFakeOllama();
  try {
    await chat(b, "llama3.2");
    const svc = new RealOllamaService({ hosts: [a.url, b.url], timeoutMs: 300 });
    assert.equal(await svc.hostFor("llama3.2"), b.url);
    assert.equal(await svc.hostFor("qwen2.5:0.5b"), a.url, "otherwise the first host wins");
  } finally {
    await a.close();
    await b.close();
  }
});

Deno.test("ollama - unload reaches every host where the model runs; create builds where the base is", async () => {
  const a = await startFakeOllama();
  const b = await startFakeOllama({ models: only("qwen2.5:0.5b") });
  try {
    await chat(a, "qwen2.5:0.5b");
    await chat(b, "qwen2.5:0.5b");
    const svc = new RealOllamaService({ hosts: [a.url, b.url], timeoutMs: 300 });
    await svc.unload("qwen2.5:0.5b");
    assert.deepEqual([a.loaded(), b.loaded()], [[], []]);
    const events = await collect(svc.create({ name: "tiny", base: "llama3.2" }));
    assert.equal(events.at(-1)?.status, "success");
    assert.ok(a.installed().includes("tiny:latest"));
    assert.ok(!b.installed().includes("tiny:latest"));
  } finally {
    await a.close();
    await b.close();
  }
});

Deno.test("ollama - ensureRunning does nothing when a host answers", async () => {
  const fake = await startFakeOllama();
  const runner = scriptedRunner({});
  try {
    await new RealOllamaService({ hosts: [fake.url], runner, timeoutMs: 300 }).ensureRunning();
    assert.deepEqual(runner.calls, []);
  } finally {
    await fake.close();
  }
});

Deno.test("ollama - ensureRunning starts ollama serve detached and waits until it answers", async () => {
  const url = await deadUrl();
  const port = Number(new URL(url).port);
  let started: FakeOllama | undefined;
  const runner = scriptedRunner({
    run: {
      "ollama --version": { stdout: "ollama version is 0.9.0" },
      [`sh -c ${SERVE_COMMAND}`]: () => {
        // What the real command does: a server appears on the configured port.
        startFakeOllama({ port }).then((f) => (started = f));
        return { code: 0 };
      },
    },
  });
  try {
    const svc = new RealOllamaService({ hosts: [url], runner, timeoutMs: 300 });
    await within(svc.ensureRunning(), 5_000, "ensureRunning");
    const serve = runner.calls.find((c) => c.args[1] === SERVE_COMMAND);
    assert.equal(serve?.opts?.env?.OLLAMA_HOST, `127.0.0.1:${port}`);
    assert.ok(started && started.requests.some((r) => r.path === "/api/version"));
  } finally {
    await started?.close();
  }
});

Deno.test("ollama - ensureRunning explains a missing binary, a remote-only setup and a server that never answers", async () => {
  const url = await deadUrl();
  const missing = new RealOllamaService({
    hosts: [url],
    runner: scriptedRunner({}),
    timeoutMs: 300,
  });
  const err1 = await missing.ensureRunning().catch((e) => e);
  assert.ok(err1 instanceof OllamaError && err1.code === "ollama_not_installed", String(err1));
  assert.match(err1.message, /not installed/);

  const remote = new RealOllamaService({
    hosts: ["http://192.0.2.1:11434"],
    runner: installed,
    timeoutMs: 300,
  });
  const err2 = await remote.ensureRunning().catch((e) => e);
  assert.ok(err2 instanceof OllamaError && err2.code === "ollama_unreachable");
  assert.match(err2.message, /none is on this machine/);

  const silent = scriptedRunner({
    run: { "ollama --version": { stdout: "0.9.0" }, [`sh -c ${SERVE_COMMAND}`]: { code: 0 } },
  });
  const svc = new RealOllamaService({
    hosts: [url],
    runner: silent,
    timeoutMs: 300,
    startTimeoutMs: 400,
  });
  const start = Date.now();
  const err3 = await svc.ensureRunning().catch((e) => e);
  assert.ok(err3 instanceof OllamaError && err3.code === "ollama_unreachable");
  assert.match(err3.message, /did not answer .* within 400 ms/);
  assert.ok(Date.now() - start < 2_000);
});

/** A root shell with curl and zstd, where `ollama` is found once the script ran. */
const ROOT_MACHINE = {
  [`sh -c ${PREFLIGHT_COMMAND}`]: { stdout: "uid=0\nhas=curl\nhas=zstd\n" },
  "ollama --version": { stdout: "ollama version is 0.12.6\n" },
};

Deno.test("ollama - install on Linux streams the official script's output through the runner", async () => {
  const runner = scriptedRunner({
    run: ROOT_MACHINE,
    stream: {
      lines: [
        { type: "stdout", line: ">>> Installing ollama to /usr/local" },
        { type: "stderr", line: "######## 100.0%" },
      ],
      code: 0,
    },
  });
  const svc = new RealOllamaService({ runner, os: "linux" });
  const events = await collect(svc.install());
  assert.deepEqual(runner.calls.filter((c) => c.kind === "stream").map((c) => [c.cmd, c.args]), [
    ["sh", ["-c", INSTALL_COMMAND]],
  ]);
  assert.equal(INSTALL_COMMAND, "curl -fsSL https://ollama.com/install.sh | sh");
  assert.deepEqual(events.slice(1, 3), [
    { type: "log", stream: "stdout", line: ">>> Installing ollama to /usr/local" },
    { type: "log", stream: "stderr", line: "######## 100.0%" },
  ]);
  assert.deepEqual(events.at(-1), {
    type: "done",
    ok: true,
    code: 0,
    message: "Ollama is installed.",
  });
});

Deno.test("ollama - a failing or cancelled install ends with ok false and a reason", async () => {
  const failing = scriptedRunner({
    run: ROOT_MACHINE,
    stream: { lines: [{ type: "stderr", line: "sudo: a terminal is required" }], code: 1 },
  });
  const events = await collect(new RealOllamaService({ runner: failing, os: "linux" }).install());
  const done = events.at(-1);
  assert.ok(done?.type === "done" && !done.ok && done.code === 1);
  assert.match(done.message, /exit code 1/);

  const slow = scriptedRunner({
    run: ROOT_MACHINE,
    stream: { lines: Array(20).fill({ type: "stdout", line: "..." }), code: 0, delayMs: 5 },
  });
  const ctrl = new AbortController();
  const seen = [];
  for await (const e of new RealOllamaService({ runner: slow, os: "linux" }).install(ctrl.signal)) {
    seen.push(e);
    if (seen.length === 3) ctrl.abort();
  }
  const last = seen.at(-1);
  assert.ok(last?.type === "done" && !last.ok);
  assert.match(last.message, /cancelled/);
  assert.ok(seen.length < 20);
});

Deno.test("ollama - install elsewhere gives manual instructions with a link and runs nothing", async () => {
  for (
    const [os, url] of [["darwin", "https://ollama.com/download/mac"], [
      "windows",
      "https://ollama.com/download/windows",
    ], ["freebsd", "https://ollama.com/download"]]
  ) {
    const runner = scriptedRunner({});
    const events = await collect(new RealOllamaService({ runner, os }).install());
    assert.equal(events.length, 1);
    const [event] = events;
    assert.ok(event.type === "manual");
    assert.equal(event.url, url);
    assert.ok(event.message.length > 40);
    assert.deepEqual(runner.calls, []);
  }
});

Deno.test("ollama - status reports a missing binary as found false", async () => {
  const fake = await startFakeOllama();
  try {
    const svc = new RealOllamaService({
      hosts: [fake.url],
      runner: scriptedRunner({}),
      timeoutMs: 300,
    });
    const status = await svc.status();
    assert.deepEqual(status.binary, { found: false });
    assert.equal(status.hosts[0].reachable, true);
  } finally {
    await fake.close();
  }
});

Deno.test("ollama - hostFor finds a model whatever the case of its name", async () => {
  const fake = await startFakeOllama({ models: only("llama3.2:latest") });
  try {
    const svc = new RealOllamaService({ hosts: [fake.url], timeoutMs: 300 });
    assert.equal(await svc.hostFor("Llama3.2"), fake.url);
    assert.equal(await svc.hostFor("LLAMA3.2:latest"), fake.url);
  } finally {
    await fake.close();
  }
});
