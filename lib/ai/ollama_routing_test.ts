import assert from "node:assert/strict";
import { startFakeOllama } from "../ollama/fake_server.ts";
import { FAKE_INSTALLED, FAKE_LIBRARY } from "../ollama/fake_catalogue.ts";
import { requestJson } from "../ollama/http.ts";
import { HostRouter, listsModel } from "./ollama_routing.ts";
import { failsWith } from "./testing.ts";

const LIMITS = { timeoutMs: 1_000 };

Deno.test("routing - requests at once share one listing; later ones reuse it for the TTL", async () => {
  const fake = await startFakeOllama({});
  try {
    let now = 0;
    const router = new HostRouter([fake.url], LIMITS, { ttlMs: 2_000, now: () => now });
    const lists = () => fake.requests.filter((r) => r.path === "/api/tags").length;
    const all = await Promise.all(Array.from({ length: 20 }, () => router.rank("llama3.2")));
    assert.equal(lists(), 1, "twenty requests, one listing");
    assert.deepEqual(all[19], [{ url: fake.url, loaded: false, name: "llama3.2:latest" }]);
    now = 1_500;
    await router.rank("llama3.2");
    assert.equal(lists(), 1, "within the TTL");
    now = 2_500;
    await router.rank("llama3.2");
    assert.equal(lists(), 2, "after the TTL");
    router.forget();
    await router.rank("llama3.2");
    assert.equal(lists(), 3, "after forget()");
  } finally {
    await fake.close();
  }
});

Deno.test("routing - a remembered listing says what it saw loaded, and never vouches for a missing model", async () => {
  const fake = await startFakeOllama({});
  try {
    const router = new HostRouter([fake.url], LIMITS, { ttlMs: 60_000 });
    // Load the model, then list: the fresh listing says loaded.
    await requestJson(
      fake.url,
      "POST",
      "/api/generate",
      { model: "llama3.2", stream: false },
      LIMITS,
    );
    assert.deepEqual(await router.rank("llama3.2"), [{
      url: fake.url,
      loaded: true,
      name: "llama3.2:latest",
    }]);
    // From memory: it may have been unloaded since, which only makes the chat say "reading"
    // where the model loads; the first-token deadline is the same either way.
    assert.deepEqual(await router.rank("llama3.2"), [{
      url: fake.url,
      loaded: true,
      name: "llama3.2:latest",
    }]);
    // A model missing from the remembered listing may have been pulled since: list again.
    const lists = () => fake.requests.filter((r) => r.path === "/api/tags").length;
    const extra = FAKE_LIBRARY.find((m) => !FAKE_INSTALLED.some((i) => i.name === m.name))!;
    await failsWith(router.rank(extra.name), "model_not_found");
    assert.equal(lists(), 2, "the miss listed again once");
    await requestJson(fake.url, "POST", "/api/pull", { model: extra.name, stream: false }, LIMITS);
    assert.deepEqual(await router.rank(extra.name), [{
      url: fake.url,
      loaded: false,
      name: extra.name,
    }]);
    assert.equal(lists(), 3);
  } finally {
    await fake.close();
  }
});

Deno.test("routing - a caller that cancels stops waiting; the shared listing serves the rest", async () => {
  const fake = await startFakeOllama({});
  try {
    fake.setFault("*", { type: "hang" });
    const router = new HostRouter([fake.url], { timeoutMs: 300 });
    const abort = new AbortController();
    const cancelled = router.rank("llama3.2", abort.signal);
    const other = router.rank("llama3.2");
    abort.abort(new DOMException("stop", "AbortError"));
    await assert.rejects(cancelled, /stop/);
    // The other caller waits for the listing's own deadline: no host answered.
    await failsWith(other, "upstream_unreachable");
    fake.setFault("*", null);
    assert.deepEqual(await router.rank("llama3.2"), [{
      url: fake.url,
      loaded: false,
      name: "llama3.2:latest",
    }]);
  } finally {
    await fake.close();
  }
});

Deno.test("routing - a model name matches whatever its case, as in Ollama", async () => {
  const list = { models: [{ name: "llama3.2:latest" }, { name: "qwen2.5:0.5b" }] };
  assert.ok(listsModel(list, "Llama3.2"));
  assert.ok(listsModel(list, "QWEN2.5:0.5B"));
  assert.ok(!listsModel(list, "qwen2.5"));
  const fake = await startFakeOllama({});
  try {
    const router = new HostRouter([fake.url], LIMITS);
    assert.deepEqual(await router.rank("Llama3.2"), [
      { url: fake.url, loaded: false, name: "llama3.2:latest" },
    ], "and the name Ollama lists is the one Hearth sends");
  } finally {
    await fake.close();
  }
});
