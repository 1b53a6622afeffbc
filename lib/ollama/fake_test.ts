import assert from "node:assert/strict";
import { OllamaError } from "./errors.ts";
import { FakeOllamaService } from "./fake.ts";
import { createOllamaService, parseHostList } from "./mod.ts";
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

Deno.test("fake ollama - status lists the catalogue and what is loaded", async () => {
  const svc = new FakeOllamaService();
  svc.load("llama3.2");
  const status = await svc.status();
  assert.deepEqual(status.binary, { found: true, path: "/usr/local/bin/ollama", version: "0.9.0" });
  const [host] = status.hosts;
  assert.equal(host.url, "http://127.0.0.1:11434");
  assert.equal(host.reachable, true);
  assert.deepEqual(host.models.map((m) => m.name), [
    "llama3.2:latest",
    "qwen2.5:0.5b",
    "nomic-embed-text:latest",
  ]);
  assert.equal(host.models[0].parameterSize, "3.2B");
  assert.deepEqual(host.running.map((r) => r.name), ["llama3.2:latest"]);
  await svc.unload("llama3.2");
  assert.deepEqual((await svc.status()).hosts[0].running, []);
});

Deno.test("fake ollama - pull moves through every layer with bytes, percent and a rate, then installs", async () => {
  const svc = new FakeOllamaService();
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
  assert.ok(bytes.filter((e) => e.completed! > 0).every((e) => e.bytesPerSecond! > 0));
  assert.equal((await svc.show("gemma3:1b")).family, "gemma3");
});

Deno.test("fake ollama - unknown models fail like the real service", async () => {
  const svc = new FakeOllamaService();
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
  const svc = new FakeOllamaService();
  const events = await collect(
    svc.create({ name: "helper", base: "llama3.2", system: "Be kind.", numCtx: 4096 }),
  );
  assert.equal(events.at(-1)?.status, "success");
  assert.ok(events.some((e) => e.status.startsWith("creating new layer sha256:")));
  const info = await svc.show("helper");
  assert.equal(info.system, "Be kind.");
  assert.equal(info.numCtx, 4096);
  assert.equal(info.contextLength, 131_072);
  assert.equal(await svc.hostFor("helper:latest"), "http://127.0.0.1:11434");
  await svc.delete("helper");
  assert.equal(await code(svc.show("helper")), "model_not_found");
});

Deno.test("fake ollama - a slow pull is cancelled by its signal", async () => {
  const svc = new FakeOllamaService({ delayMs: 5 });
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
  const svc = new FakeOllamaService({ binaryFound: false });
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
  const mac = await collect(new FakeOllamaService({ os: "darwin" }).install());
  assert.equal(mac[0].type, "manual");
});

Deno.test("ollama - createOllamaService picks the fake by option or HEARTH_FAKE_OLLAMA, else the real one", () => {
  assert.ok(createOllamaService({ fake: true }) instanceof FakeOllamaService);
  const real = createOllamaService({ hosts: ["http://10.0.0.5:11434/"] });
  assert.ok(real instanceof RealOllamaService);
  assert.deepEqual(real.hosts, ["http://10.0.0.5:11434"]);
  const before = {
    fake: Deno.env.get("HEARTH_FAKE_OLLAMA"),
    url: Deno.env.get("HEARTH_OLLAMA_URL"),
  };
  try {
    Deno.env.set("HEARTH_OLLAMA_URL", "gpu-box:11434, http://127.0.0.1:11434/");
    const fromEnv = createOllamaService();
    assert.ok(fromEnv instanceof RealOllamaService);
    assert.deepEqual(fromEnv.hosts, ["http://gpu-box:11434", "http://127.0.0.1:11434"]);
  } finally {
    for (
      const [key, value] of [["HEARTH_FAKE_OLLAMA", before.fake], ["HEARTH_OLLAMA_URL", before.url]]
    ) {
      if (value === undefined) Deno.env.delete(key!);
      else Deno.env.set(key!, value);
    }
  }
  assert.deepEqual(parseHostList(" , a:1,https://b/ "), ["http://a:1", "https://b"]);
  assert.deepEqual(parseHostList(undefined), []);
});
