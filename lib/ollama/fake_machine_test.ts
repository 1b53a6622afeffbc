import assert from "node:assert/strict";
import { OllamaError } from "./errors.ts";
import { type FakeMachineOptions, fakeOptionsFromEnv, startFakeMachine } from "./fake_machine.ts";
import { RealOllamaService } from "./real.ts";
import { collect } from "./testing.ts";

async function code(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "resolved";
  } catch (err) {
    assert.ok(err instanceof OllamaError, String(err));
    return err.code;
  }
}

/** The Real service on a fake machine, as demo mode runs it. */
async function onFake(opts: FakeMachineOptions = {}, os?: string) {
  const machine = await startFakeMachine(opts);
  const svc = new RealOllamaService({
    hosts: [machine.server.url],
    runner: machine.runner,
    os: os ?? machine.os,
    rateWindowMs: 0,
  });
  return { machine, svc, [Symbol.asyncDispose]: () => machine.close() };
}

Deno.test("fake ollama - status lists the catalogue and what is loaded", async () => {
  await using fake = await onFake();
  const { svc, machine } = fake;
  await fetch(`${machine.server.url}/api/generate`, {
    method: "POST",
    body: JSON.stringify({ model: "llama3.2", prompt: "hi", stream: false }),
  }).then((r) => r.json());
  const status = await svc.status();
  assert.deepEqual(status.binary, {
    found: true,
    path: "/usr/local/bin/ollama",
    version: "0.13.0",
  });
  const [host] = status.hosts;
  assert.equal(host.url, machine.server.url);
  assert.equal(host.reachable, true);
  assert.deepEqual(host.models.map((m) => m.name), [
    "llama3.2:latest",
    "qwen2.5:0.5b",
    "nomic-embed-text:latest",
    "qwen3:0.6b",
    "gemma3:4b",
  ]);
  assert.equal(host.models[0].parameterSize, "3.2B");
  assert.deepEqual(host.running.map((r) => r.name), ["llama3.2:latest"]);
  await svc.unload("llama3.2");
  assert.deepEqual((await svc.status()).hosts[0].running, []);
});

Deno.test("fake ollama - pull moves through every layer with bytes, percent and a rate, then installs", async () => {
  await using fake = await onFake({ delayMs: 2 });
  const { svc } = fake;
  const events = await collect(svc.pull("gemma3:1b"));
  assert.equal(events[0].status, "pulling manifest");
  assert.deepEqual(events.slice(-3).map((e) => e.status), [
    "verifying sha256 digest",
    "writing manifest",
    "success",
  ]);
  const bytes = events.filter((e) => e.completed !== undefined);
  assert.equal(new Set(bytes.map((e) => e.digest)).size, 3);
  assert.equal(
    bytes.reduce((sum, e) => (e.completed === e.total ? sum + e.total! : sum), 0),
    815_319_791,
  );
  assert.ok(bytes.some((e) => e.percent === 50));
  // A rate needs two samples of a layer: every line after a layer's first has one.
  const later = bytes.filter((e, i) => i > 0 && bytes[i - 1].digest === e.digest);
  assert.ok(later.length >= 3 && later.every((e) => e.bytesPerSecond! > 0));
  assert.equal((await svc.show("gemma3:1b")).family, "gemma3");
});

Deno.test("fake ollama - unknown models fail like the real service", async () => {
  await using fake = await onFake();
  const { svc } = fake;
  const seen: string[] = [];
  const pull = (async () => {
    for await (const e of svc.pull("no-such-model")) seen.push(e.status);
  })();
  assert.equal(await code(pull), "model_not_found");
  assert.deepEqual(seen, ["pulling manifest"]);
  assert.equal(await code(svc.show("nope")), "model_not_found");
  assert.equal(await code(svc.delete("nope")), "model_not_found");
  assert.equal(await code(svc.hostFor("nope")), "model_not_found");
  assert.equal(await code(collect(svc.create({ name: "x", base: "nope" }))), "model_not_found");
  // A base from the library is pulled first, as Ollama does.
  const built = await collect(svc.create({ name: "g", base: "gemma3:1b" }));
  assert.equal(built[0].status, "pulling manifest");
  assert.equal(built.at(-1)?.status, "success");
  assert.equal((await svc.show("g")).family, "gemma3");
  assert.equal(await code(svc.show("bad name")), "invalid_input");
});

Deno.test("fake ollama - create builds a model with the system prompt and parameters; delete removes it", async () => {
  await using fake = await onFake();
  const { svc, machine } = fake;
  const events = await collect(
    svc.create({ name: "helper", base: "llama3.2", system: "Be kind.", numCtx: 4096 }),
  );
  assert.equal(events.at(-1)?.status, "success");
  assert.ok(events.some((e) => e.status.startsWith("creating new layer sha256:")));
  const info = await svc.show("helper");
  assert.equal(info.system, "Be kind.");
  assert.equal(info.numCtx, 4096);
  assert.equal(info.contextLength, 131_072);
  assert.equal(await svc.hostFor("helper:latest"), machine.server.url);
  await svc.delete("helper");
  assert.equal(await code(svc.show("helper")), "model_not_found");
});

Deno.test("fake ollama - a slow pull is cancelled by its signal", async () => {
  await using fake = await onFake({ delayMs: 5 });
  const { svc } = fake;
  const ctrl = new AbortController();
  const seen: string[] = [];
  await assert.rejects(
    async () => {
      for await (const e of svc.pull("mistral", { signal: ctrl.signal })) {
        seen.push(e.status);
        if (seen.length === 3) ctrl.abort();
      }
    },
    (err: Error) => err.name === "AbortError",
  );
  assert.equal(seen.length, 3);
  assert.ok(!(await svc.status()).hosts[0].models.some((m) => m.name === "mistral:latest"));
});

Deno.test("fake ollama - without a binary it is unreachable until installed and started", async () => {
  await using fake = await onFake({ state: "missing" });
  const { svc } = fake;
  const status = await svc.status();
  assert.deepEqual(status.binary, { found: false });
  assert.equal(status.hosts[0].reachable, false);
  assert.equal(await code(collect(svc.pull("llama3.2"))), "ollama_unreachable");
  assert.equal(await code(svc.ensureRunning()), "ollama_not_installed");
  const events = await collect(svc.install());
  assert.equal(events[0].type, "log");
  assert.deepEqual(events.at(-1), {
    type: "done",
    ok: true,
    code: 0,
    message: "Ollama is installed.",
  });
  assert.equal(await code(svc.ensureRunning()), "resolved");
  assert.equal((await svc.status()).hosts[0].reachable, true);
  await using mac = await onFake({ state: "missing" }, "darwin");
  const manual = await collect(mac.svc.install());
  assert.equal(manual[0].type, "manual");
});

Deno.test("fake ollama - stopped: installed but not answering until ollama serve runs; the installer says where it listens", async () => {
  await using fake = await onFake({ state: "stopped" });
  const { svc, machine } = fake;
  let status = await svc.status();
  assert.deepEqual(status.binary, {
    found: true,
    path: "/usr/local/bin/ollama",
    version: "0.13.0",
  });
  assert.equal(status.hosts[0].reachable, false);
  assert.match(status.hosts[0].error ?? "", /is not reachable/);
  await svc.ensureRunning();
  status = await svc.status();
  assert.equal(status.hosts[0].reachable, true);
  assert.equal(machine.installed, true);
  await using missing = await onFake({ state: "missing" });
  const lines = (await collect(missing.svc.install())).flatMap((e) =>
    e.type === "log" ? [e.line] : []
  );
  assert.ok(
    lines.includes(
      `>>> The Ollama API is now available at 127.0.0.1:${
        new URL(missing.machine.server.url).port
      }.`,
    ),
  );
  assert.equal(missing.machine.installed, true);
});

Deno.test("fake ollama - the demo knobs come from the environment", () => {
  const env = (vars: Record<string, string>) => (name: string) => vars[name];
  assert.deepEqual(fakeOptionsFromEnv(env({})), {});
  assert.deepEqual(
    fakeOptionsFromEnv(
      env({ HEARTH_FAKE_OLLAMA_STATE: "missing", HEARTH_FAKE_OLLAMA_DELAY_MS: "40" }),
    ),
    { state: "missing", delayMs: 40 },
  );
  assert.deepEqual(fakeOptionsFromEnv(env({ HEARTH_FAKE_OLLAMA_STATE: "stopped" })), {
    state: "stopped",
  });
  assert.throws(() => fakeOptionsFromEnv(env({ HEARTH_FAKE_OLLAMA_STATE: "asleep" })), /running/);
  assert.throws(() => fakeOptionsFromEnv(env({ HEARTH_FAKE_OLLAMA_DELAY_MS: "-1" })), /0–99999/);
  assert.deepEqual(fakeOptionsFromEnv(env({ HEARTH_FAKE_OLLAMA_LOAD_MS: "1500" })), {
    loadMs: 1500,
  });
  assert.throws(() => fakeOptionsFromEnv(env({ HEARTH_FAKE_OLLAMA_LOAD_MS: "slow" })), /0–999999/);
});

Deno.test("fake ollama - deno task demo loads models in 1.5 s, tests by default at once", () => {
  const demo = JSON.parse(Deno.readTextFileSync(new URL("../../deno.json", import.meta.url)))
    .tasks.demo.command as string;
  assert.match(demo, /HEARTH_FAKE_OLLAMA_LOAD_MS=1500 /);
  assert.equal(fakeOptionsFromEnv(() => undefined).loadMs, undefined);
});
