import assert from "node:assert/strict";
import { startFakeOpenAI } from "./fake_openai.ts";
import { createProvider, OllamaProvider, OpenAIProvider, ProviderError } from "./mod.ts";
import { chatRequest, collect, textOf } from "./testing.ts";

// Demo mode's provider (the Fake Ollama, whatever is configured) is chosen in lib/services.ts.

Deno.test("createProvider - the OpenAI-compatible server when one is configured, else Ollama", () => {
  const ollama = createProvider({ ollamaHosts: ["http://10.0.0.2:11434/"] });
  assert.ok(ollama instanceof OllamaProvider);
  assert.deepEqual(ollama.hosts, ["http://10.0.0.2:11434"]);
  const fallback = createProvider({ openai: { baseUrl: "" } });
  assert.ok(fallback instanceof OllamaProvider);
  assert.deepEqual(fallback.hosts, ["http://127.0.0.1:11434"]);
  const openai = createProvider({ openai: { baseUrl: "http://10.0.0.3:8080" } });
  assert.ok(openai instanceof OpenAIProvider && openai.kind === "openai");
  const chosen = createProvider({
    kind: "ollama",
    openai: { baseUrl: "http://10.0.0.3:8080" },
    limits: { connectTimeoutMs: 42 },
  });
  assert.ok(chosen instanceof OllamaProvider);
  assert.equal(chosen.limits.connectTimeoutMs, 42);
  assert.equal(chosen.limits.maxLineBytes, 1024 * 1024, "the other limits keep their defaults");
  assert.throws(
    () => createProvider({ kind: "openai" }),
    (err) => err instanceof ProviderError && err.code === "invalid_input",
  );
  assert.throws(
    () => createProvider({ openai: { baseUrl: "not a url" } }),
    (err) => err instanceof ProviderError && /baseUrl/.test(err.message),
  );
});

Deno.test("createProvider - a configured API key is sent as a Bearer token", async () => {
  const fake = await startFakeOpenAI({ apiKey: "sk-config", reply: "ok" });
  try {
    const provider = createProvider({
      openai: { baseUrl: fake.url, apiKey: "sk-config" },
    });
    assert.equal(textOf(await collect(provider.chat(chatRequest()))), "ok");
    assert.equal(fake.requests.at(-1)?.authorization, "Bearer sk-config");
  } finally {
    await fake.close();
  }
});
