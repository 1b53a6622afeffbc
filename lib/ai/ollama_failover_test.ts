import assert from "node:assert/strict";
import { type FakeFault, type FakeOllama, startFakeOllama } from "../ollama/fake_server.ts";
import type { ProviderError } from "./errors.ts";
import { OllamaProvider } from "./ollama.ts";
import { chatRequest, collect, doneOf, failsWith, TEST_LIMITS, textOf } from "./testing.ts";
import type { ChatEvent } from "./types.ts";

const REPLY = "Blue light scatters more.";

/** Two fake hosts that both have llama3.2; `a` comes first in the configuration. */
async function withTwoHosts(
  fn: (
    a: FakeOllama,
    b: FakeOllama,
    provider: OllamaProvider,
    failovers: string[],
  ) => Promise<void>,
) {
  const a = await startFakeOllama({ reply: REPLY });
  const b = await startFakeOllama({ reply: REPLY });
  const failovers: string[] = [];
  const onFailover = (host: string, err: ProviderError) => failovers.push(`${host} ${err.code}`);
  try {
    await fn(
      a,
      b,
      new OllamaProvider({ hosts: [a.url, b.url], limits: TEST_LIMITS, onFailover }),
      failovers,
    );
  } finally {
    await a.close();
    await b.close();
  }
}

/** Generations a host was asked for (not Ollama's load requests, which carry no messages). */
const chats = (fake: FakeOllama) =>
  fake.requests.filter((r) =>
    r.path === "/api/chat" && Array.isArray(r.body?.messages) && r.body.messages.length > 0
  ).length;
/** Every chat request a host saw, loads included. */
const asked = (fake: FakeOllama) => fake.requests.filter((r) => r.path === "/api/chat").length;

async function failsOverOn(fault: FakeFault, code: string) {
  await withTwoHosts(async (a, b, provider, failovers) => {
    a.setFault("llama3.2", fault);
    const events = await collect(provider.chat(chatRequest()));
    assert.equal(textOf(events), REPLY, "the whole reply, once");
    assert.equal(doneOf(events).host, b.url);
    assert.deepEqual(failovers, [`${a.url} ${code}`]);
    // The first host failed on its load or its chat; the second generated once.
    assert.ok(asked(a) >= 1 && chats(a) <= 1);
    assert.equal(chats(b), 1);
  });
}

Deno.test("ollama failover - a host that answers 500 before the first token is failed over to the next", async () => {
  await failsOverOn(
    { type: "status", status: 500, error: "llama runner process has terminated" },
    "upstream_error",
  );
});

Deno.test("ollama failover - a host that hangs before the first byte is failed over after the deadline", async () => {
  const start = Date.now();
  await failsOverOn({ type: "hang" }, "upstream_timeout");
  assert.ok(Date.now() - start < 2_000);
});

Deno.test("ollama failover - a host whose connection drops before the first line is failed over", async () => {
  await failsOverOn({ type: "drop", afterLines: 0 }, "upstream_error");
});

Deno.test("ollama failover - a failure after the first token is an error, never a restart elsewhere", async () => {
  await withTwoHosts(async (a, b, provider, failovers) => {
    a.setFault("llama3.2", { type: "drop", afterLines: 2 });
    const seen: ChatEvent[] = [];
    const run = (async () => {
      for await (const event of provider.chat(chatRequest())) seen.push(event);
    })();
    await failsWith(run, "upstream_error");
    assert.equal(textOf(seen), "Blue light ", "what was streamed stays, and is not repeated");
    assert.deepEqual([chats(a), chats(b), failovers.length], [1, 0, 0]);
  });
});

Deno.test("ollama failover - the host that has the model loaded is preferred over configuration order", async () => {
  await withTwoHosts(async (a, b, provider) => {
    await fetch(`${b.url}/api/chat`, {
      method: "POST",
      body: JSON.stringify({
        model: "llama3.2",
        messages: [{ role: "user", content: "hi" }],
        stream: false,
      }),
    }).then((r) => r.json());
    const done = doneOf(await collect(provider.chat(chatRequest())));
    assert.equal(done.host, b.url);
    assert.ok(done.loadMs! < 1, "no load on the host that had it in memory");
    assert.equal(chats(a), 0);
  });
});

Deno.test("ollama failover - a context overflow is not failed over, since every host would refuse it", async () => {
  await withTwoHosts(async (a, b, provider, failovers) => {
    a.setFault("llama3.2", {
      type: "status",
      status: 400,
      error: "input length exceeds the context length",
    });
    await failsWith(collect(provider.chat(chatRequest())), "context_overflow");
    assert.deepEqual([asked(a), asked(b), failovers.length], [1, 0, 0]);
  });
});

Deno.test("ollama failover - when every candidate fails before the first token, the last failure is thrown", async () => {
  await withTwoHosts(async (a, b, provider, failovers) => {
    a.setFault("llama3.2", { type: "status", status: 500, error: "first broke" });
    b.setFault("llama3.2", { type: "status", status: 503, error: "second is busy" });
    const err = await failsWith(collect(provider.chat(chatRequest())), "upstream_error");
    assert.match(err.detail, /second is busy/);
    assert.deepEqual(failovers, [`${a.url} upstream_error`], "told only when there is a next host");
    // Embeddings fail over the same way: they have no partial output to duplicate.
    a.setFault("nomic-embed-text", { type: "status", status: 500, error: "oom" });
    const { host } = await provider.embed("nomic-embed-text", ["x"]);
    assert.equal(host, b.url);
  });
});
