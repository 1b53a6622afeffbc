import assert from "node:assert/strict";
import { startFakeOllama } from "./fake_server.ts";
import { OllamaError } from "./errors.ts";
import { RealOllamaService } from "./real.ts";
import type { PullProgress } from "./types.ts";
import { collect, scriptedRunner, within } from "./testing.ts";

const runner = scriptedRunner({
  run: {
    "ollama --version": { stdout: "ollama version is 0.9.0\n" },
    "sh -c command -v ollama": { stdout: "/usr/local/bin/ollama\n" },
  },
});

function service(
  url: string,
  extra: Partial<ConstructorParameters<typeof RealOllamaService>[0]> = {},
) {
  return new RealOllamaService({ hosts: [url], runner, timeoutMs: 300, ...extra });
}

Deno.test("ollama - status reports the binary, the host version, models and running models", async () => {
  const fake = await startFakeOllama();
  try {
    await fetch(`${fake.url}/api/chat`, {
      method: "POST",
      body: JSON.stringify({ model: "llama3.2", messages: [{ role: "user", content: "hi" }] }),
    }).then((r) => r.text());
    const status = await service(fake.url).status();
    assert.deepEqual(status.binary, {
      found: true,
      path: "/usr/local/bin/ollama",
      version: "0.9.0",
    });
    const [host] = status.hosts;
    assert.equal(host.url, fake.url);
    assert.equal(host.reachable, true);
    assert.equal(host.version, "0.13.0");
    const llama = host.models.find((m) => m.name === "llama3.2:latest");
    assert.deepEqual(llama, {
      name: "llama3.2:latest",
      size: 2_019_393_189,
      family: "llama",
      parameterSize: "3.2B",
      quantization: "Q4_K_M",
      modifiedAt: "2025-01-10T09:30:00.000Z",
    });
    assert.equal(host.running.length, 1);
    assert.equal(host.running[0].name, "llama3.2:latest");
    assert.equal(host.running[0].sizeVram, 2_019_393_189);
    assert.ok(Date.parse(host.running[0].expiresAt) > Date.now());
  } finally {
    await fake.close();
  }
});

Deno.test("ollama - pull streams progress with bytes, percent and rate, then installs the model", async () => {
  const fake = await startFakeOllama({ pullStepMs: 15, pullSteps: 3 });
  try {
    const events = await collect(service(fake.url, { rateWindowMs: 0 }).pull("gemma3:1b"));
    assert.equal(events[0].status, "pulling manifest");
    assert.equal(events.at(-1)?.status, "success");
    const layer = events.filter((e) => e.digest === events[1].digest);
    assert.match(layer[0].status, /^pulling [0-9a-f]{12}$/);
    assert.equal(layer[0].completed, undefined, "the first line has only the total");
    const withBytes = layer.filter((e) => e.completed !== undefined);
    assert.equal(withBytes.length, 3);
    assert.ok(withBytes.every((e, i) => i === 0 || e.completed! > withBytes[i - 1].completed!));
    assert.equal(withBytes.at(-1)?.completed, withBytes.at(-1)?.total);
    assert.equal(withBytes.at(-1)?.percent, 100);
    assert.ok(withBytes[0].percent! > 30 && withBytes[0].percent! < 37);
    const rates = withBytes.map((e) => e.bytesPerSecond).filter((r) => r !== undefined);
    assert.ok(rates.length >= 2, "a rate appears once two samples exist");
    // About a third of ~815 MB every ~15 ms: far above 100 MB/s even on a loaded machine.
    assert.ok(rates.every((r) => Number.isFinite(r) && r! > 1e8));
    assert.ok(fake.installed().includes("gemma3:1b"));
  } finally {
    await fake.close();
  }
});

Deno.test("ollama - pull ends with the documented final statuses", async () => {
  const fake = await startFakeOllama();
  try {
    const events = await collect(service(fake.url).pull("mistral"));
    assert.deepEqual(events.slice(-3).map((e) => e.status), [
      "verifying sha256 digest",
      "writing manifest",
      "success",
    ]);
    assert.equal(fake.requests.find((r) => r.path === "/api/pull")?.body?.stream, true);
  } finally {
    await fake.close();
  }
});

/** Pulls gemma3:1b from `url`, aborting once `stop` says so; the statuses seen before the abort. */
async function abortedPull(url: string, stop: (e: PullProgress) => boolean): Promise<string[]> {
  const ctrl = new AbortController();
  const seen: string[] = [];
  await assert.rejects(
    async () => {
      for await (const e of service(url).pull("gemma3:1b", { signal: ctrl.signal })) {
        seen.push(e.status);
        if (stop(e)) ctrl.abort();
      }
    },
    (err: Error) => err.name === "AbortError",
  );
  return seen;
}

Deno.test("ollama - aborting a pull aborts the HTTP request and the fake sees the disconnect", async () => {
  const fake = await startFakeOllama({ pullStepMs: 40 });
  try {
    const seen = await abortedPull(fake.url, (e) => e.completed !== undefined && e.completed > 0);
    await within(fake.waitForDisconnects(1), 2_000, "disconnect");
    assert.deepEqual(fake.disconnectLog[0], { path: "/api/pull", model: "gemma3:1b" });
    assert.ok(!fake.installed().includes("gemma3:1b"));
    assert.ok(seen.length < 6);
  } finally {
    await fake.close();
  }
});

Deno.test("ollama - after an abort no further line is handed over, even of a batch already read", async () => {
  // Without pauses the fake's lines arrive together: one read holds many.
  const fake = await startFakeOllama();
  try {
    assert.deepEqual(await abortedPull(fake.url, () => true), ["pulling manifest"]);
  } finally {
    await fake.close();
  }
});

Deno.test("ollama - breaking out of a pull loop also aborts the request upstream", async () => {
  const fake = await startFakeOllama({ pullStepMs: 40 });
  try {
    for await (const e of service(fake.url).pull("gemma3:1b")) {
      if (e.status !== "pulling manifest") break;
    }
    await within(fake.waitForDisconnects(1), 2_000, "disconnect");
    assert.equal(fake.disconnects, 1);
  } finally {
    await fake.close();
  }
});

Deno.test("ollama - show returns details, context length, parameters and template", async () => {
  const fake = await startFakeOllama();
  try {
    const info = await service(fake.url).show("llama3.2");
    assert.equal(info.name, "llama3.2");
    assert.equal(info.family, "llama");
    assert.deepEqual(info.families, ["llama"]);
    assert.equal(info.parameterSize, "3.2B");
    assert.equal(info.quantization, "Q4_K_M");
    assert.equal(info.format, "gguf");
    assert.equal(info.contextLength, 131_072);
    assert.equal(info.numCtx, undefined);
    assert.deepEqual(info.parameters.stop, [
      "<|start_header_id|>",
      "<|end_header_id|>",
      "<|eot_id|>",
    ]);
    assert.match(info.template, /<\|start_header_id\|>assistant/);
    assert.deepEqual(info.capabilities, ["completion", "tools"]);
    const embed = await service(fake.url).show("nomic-embed-text");
    assert.equal(embed.numCtx, 8192);
    assert.equal(embed.contextLength, 2048);
  } finally {
    await fake.close();
  }
});

Deno.test("ollama - create sends from/system/parameters and the new model shows them", async () => {
  const fake = await startFakeOllama();
  try {
    const svc = service(fake.url);
    const system = 'You are Hearth.\nQuote: """not a delimiter"""';
    const events = await collect(
      svc.create({
        name: "hearth-assistant",
        base: "llama3.2",
        system,
        numCtx: 8192,
        temperature: 0.4,
      }),
    );
    assert.equal(events.at(-1)?.status, "success");
    assert.ok(events.some((e) => e.status.startsWith("using existing layer sha256:")));
    assert.ok(events.some((e) => e.status === "writing manifest"));
    const body = fake.requests.find((r) => r.path === "/api/create")?.body;
    assert.deepEqual(body, {
      model: "hearth-assistant",
      from: "llama3.2",
      system,
      parameters: { num_ctx: 8192, temperature: 0.4 },
      stream: true,
    });
    const info = await svc.show("hearth-assistant");
    assert.equal(info.system, system);
    assert.equal(info.numCtx, 8192);
    assert.equal(info.parameters.temperature, 0.4);
    // Changing num_ctx rebuilds the same model name.
    await collect(svc.create({ name: "hearth-assistant", base: "llama3.2", system, numCtx: 4096 }));
    assert.equal((await svc.show("hearth-assistant")).numCtx, 4096);
  } finally {
    await fake.close();
  }
});

Deno.test("ollama - delete removes a model and a second delete is model_not_found", async () => {
  const fake = await startFakeOllama();
  try {
    const svc = service(fake.url);
    await svc.delete("qwen2.5:0.5b");
    assert.ok(!fake.installed().includes("qwen2.5:0.5b"));
    await assert.rejects(
      svc.delete("qwen2.5:0.5b", { host: fake.url }),
      (err: OllamaError) => err.code === "model_not_found" && err.status === 404,
    );
  } finally {
    await fake.close();
  }
});

Deno.test("ollama - unload sends keep_alive 0 and the model leaves /api/ps", async () => {
  const fake = await startFakeOllama();
  try {
    await fetch(`${fake.url}/api/generate`, {
      method: "POST",
      body: JSON.stringify({ model: "llama3.2", prompt: "hi", stream: false }),
    }).then((r) => r.json());
    assert.deepEqual(fake.loaded(), ["llama3.2:latest"]);
    const svc = service(fake.url);
    await svc.unload("llama3.2");
    assert.deepEqual(fake.loaded(), []);
    const req = fake.requests.filter((r) => r.path === "/api/generate").at(-1);
    // Sent under the name /api/ps lists it by.
    assert.deepEqual(req?.body, { model: "llama3.2:latest", keep_alive: 0 });
    // Nothing loaded any more: a second unload only asks /api/ps and sends no generate.
    const generates = () => fake.requests.filter((r) => r.path === "/api/generate").length;
    const before = generates();
    await svc.unload("llama3.2");
    assert.equal(generates(), before);
    assert.equal(fake.requests.at(-1)?.path, "/api/ps");
  } finally {
    await fake.close();
  }
});
