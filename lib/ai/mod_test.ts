import assert from "node:assert/strict";
import { startFakeOpenAI } from "./fake_openai.ts";
import { FakeOllamaService } from "../ollama/fake.ts";
import {
  createProvider,
  FakeChatProvider,
  OllamaProvider,
  OpenAIProvider,
  ProviderError,
} from "./mod.ts";
import { chatRequest, collect, doneOf, textOf } from "./testing.ts";

// `fake` is always passed explicitly: another test file sets HEARTH_FAKE_OLLAMA while it runs.

Deno.test("createProvider - the OpenAI-compatible server when one is configured, else Ollama", () => {
  const ollama = createProvider({ fake: false, ollamaHosts: ["http://10.0.0.2:11434/"] });
  assert.ok(ollama instanceof OllamaProvider);
  assert.deepEqual(ollama.hosts, ["http://10.0.0.2:11434"]);
  const fallback = createProvider({ fake: false, openai: { baseUrl: "" } });
  assert.ok(fallback instanceof OllamaProvider);
  assert.deepEqual(fallback.hosts, ["http://127.0.0.1:11434"]);
  const openai = createProvider({ fake: false, openai: { baseUrl: "http://10.0.0.3:8080" } });
  assert.ok(openai instanceof OpenAIProvider && openai.kind === "openai");
  const chosen = createProvider({
    fake: false,
    kind: "ollama",
    openai: { baseUrl: "http://10.0.0.3:8080" },
    limits: { connectTimeoutMs: 42 },
  });
  assert.ok(chosen instanceof OllamaProvider);
  assert.equal(chosen.limits.connectTimeoutMs, 42);
  assert.equal(chosen.limits.maxLineBytes, 1024 * 1024, "the other limits keep their defaults");
  assert.throws(
    () => createProvider({ fake: false, kind: "openai" }),
    (err) => err instanceof ProviderError && err.code === "invalid_input",
  );
  assert.throws(
    () => createProvider({ fake: false, openai: { baseUrl: "not a url" } }),
    (err) => err instanceof ProviderError && /baseUrl/.test(err.message),
  );
});

Deno.test("createProvider - demo mode is the Fake, whatever is configured, with the demo's models", async () => {
  const ollamaService = new FakeOllamaService();
  const provider = createProvider({
    fake: true,
    openai: { baseUrl: "http://10.0.0.3:8080" },
    ollamaService,
    fakeOptions: { tokensPerSecond: 0 },
  });
  assert.ok(provider instanceof FakeChatProvider && provider.kind === "fake");
  const events = await collect(provider.chat(chatRequest()));
  assert.match(textOf(events), /demo mode/);
  assert.equal(doneOf(events).doneReason, "stop");
  assert.deepEqual(
    (await provider.models()).map((m) => m.name),
    (await ollamaService.status()).hosts[0].models.map((m) => m.name),
  );
});

Deno.test("createProvider - a configured API key is sent as a Bearer token", async () => {
  const fake = await startFakeOpenAI({ apiKey: "sk-config", reply: "ok" });
  try {
    const provider = createProvider({
      fake: false,
      openai: { baseUrl: fake.url, apiKey: "sk-config" },
    });
    assert.equal(textOf(await collect(provider.chat(chatRequest()))), "ok");
    assert.equal(fake.requests.at(-1)?.authorization, "Bearer sk-config");
  } finally {
    await fake.close();
  }
});
