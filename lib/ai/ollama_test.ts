import assert from "node:assert/strict";
import { startFakeOllama } from "../ollama/fake_server.ts";
import { OllamaProvider } from "./ollama.ts";
import { FAKE_INSTALLED } from "../ollama/fake_catalogue.ts";
import {
  chatRequest,
  collect,
  doneOf,
  replyEvents,
  TEST_LIMITS,
  textOf,
  tokenCount,
  WEATHER_TOOL,
  within,
  withOllama,
} from "./testing.ts";
import type { ChatEvent } from "./types.ts";

Deno.test("ollama provider - streams the reply in order and ends with Ollama's statistics in milliseconds", async () => {
  await withOllama({ reply: "The sky is blue." }, async (fake, provider) => {
    const req = chatRequest({
      options: { numCtx: 2048, temperature: 0.3, maxTokens: 100, seed: 7 },
    });
    const all = await collect(provider.chat(req));
    assert.deepEqual(all.filter((e) => e.type === "wait"), [
      { type: "wait", state: "loading" },
      { type: "wait", state: "reading" },
    ]);
    const events = replyEvents(all);
    // The fake sends as fast as it can, so tokens may share an event (see the next test).
    assert.equal(textOf(events), "The sky is blue.");
    assert.equal(tokenCount(events), 4);
    assert.ok(events.slice(0, -1).every((e) => e.type === "token"));
    // The fake: 10 ms per token, 1 ms per prompt token; the model was loaded by Hearth's load
    // request just before, so the chat itself spent 0.12 ms on it.
    assert.deepEqual(doneOf(events), {
      type: "done",
      promptTokens: 15,
      completionTokens: 4,
      totalMs: 55.1,
      loadMs: 0.1,
      promptMs: 15,
      generationMs: 40,
      tokensPerSecond: 100,
      doneReason: "stop",
      host: fake.url,
    });
    const [load, sent] = fake.requests.filter((r) => r.path === "/api/chat").map((r) => r.body!);
    assert.deepEqual(load.messages, [], "a cold model is loaded first, with the chat's options");
    assert.deepEqual(load.options, sent.options);
    assert.deepEqual(sent.options, { num_ctx: 2048, temperature: 0.3, num_predict: 100, seed: 7 });
    assert.equal(sent.truncate, false, "Hearth trims the history itself, never Ollama silently");
    assert.equal(sent.stream, true);
    assert.equal(sent.tools, undefined, "no tools key when none are offered");
  });
});

Deno.test("ollama provider - tokens that arrive together share an event; paced ones never wait", async () => {
  // All at once: the lines of one read become one event carrying their count.
  await withOllama({ reply: "one two three four five six seven eight" }, async (_, provider) => {
    const tokens = (await collect(provider.chat(chatRequest()))).filter((e) => e.type === "token");
    assert.equal(tokenCount(tokens), 8);
    assert.ok(tokens.length < 8, `${tokens.length} events for 8 tokens sent at once`);
    assert.ok(tokens.every((e) => e.type === "token" && (e.count ?? 1) >= 1));
  });
  // Paced: every token goes on the moment it arrives, as an event of its own.
  await withOllama({ reply: "one two three four", tokensPerSecond: 50 }, async (_, provider) => {
    const tokens = (await collect(provider.chat(chatRequest()))).filter((e) => e.type === "token");
    assert.deepEqual(tokens, [
      { type: "token", text: "one " },
      { type: "token", text: "two " },
      { type: "token", text: "three " },
      { type: "token", text: "four" },
    ]);
  });
});

Deno.test("ollama provider - tool calls arrive whole with Ollama's ids, and done says tool_calls", async () => {
  const reply = (body: Record<string, unknown>) =>
    Array.isArray(body.tools)
      ? { content: "", toolCalls: [{ name: "get_weather", arguments: { city: "Paris" } }] }
      : "no tools";
  await withOllama({ reply }, async (fake, provider) => {
    const req = chatRequest({
      tools: [WEATHER_TOOL],
      messages: [
        { role: "system", content: "Be brief." },
        { role: "user", content: "Weather in Rome?" },
        {
          role: "assistant",
          content: "",
          toolCalls: [{ id: "c1", name: "get_weather", arguments: { city: "Rome" } }],
        },
        { role: "tool", content: "sunny", toolCallId: "c1", name: "get_weather" },
        { role: "user", content: "And Paris?" },
      ],
    });
    const events = await collect(provider.chat(req));
    assert.deepEqual(events.filter((e) => e.type === "tool_call"), [
      { type: "tool_call", id: "call_0get_wea", name: "get_weather", arguments: { city: "Paris" } },
    ]);
    assert.equal(textOf(events), "");
    assert.equal(doneOf(events).doneReason, "tool_calls");
    const sent = fake.requests.findLast((r) => r.path === "/api/chat")!.body!;
    assert.deepEqual((sent.messages as unknown[]).slice(2, 4), [
      {
        role: "assistant",
        content: "",
        tool_calls: [{ id: "c1", function: { name: "get_weather", arguments: { city: "Rome" } } }],
      },
      { role: "tool", content: "sunny", tool_name: "get_weather" },
    ]);
    assert.deepEqual(sent.tools, [{
      type: "function",
      function: {
        name: "get_weather",
        description: WEATHER_TOOL.description,
        parameters: WEATHER_TOOL.parameters,
      },
    }]);
  });
});

Deno.test("ollama provider - cancelling aborts the HTTP request and Ollama sees the disconnect", async () => {
  await withOllama({ reply: "word ".repeat(200), tokensPerSecond: 100 }, async (fake, provider) => {
    const controller = new AbortController();
    const seen: ChatEvent[] = [];
    const run = (async () => {
      for await (const event of provider.chat(chatRequest(), { signal: controller.signal })) {
        if (event.type === "wait") continue;
        seen.push(event);
        if (seen.length === 3) controller.abort();
      }
    })();
    await assert.rejects(run, (err: Error) => err.name === "AbortError");
    await within(fake.waitForDisconnects(1), 2_000, "disconnect after abort");
    assert.deepEqual(fake.disconnectLog[0], { path: "/api/chat", model: "llama3.2:latest" });
    for await (const event of provider.chat(chatRequest())) if (event.type === "token") break;
    await within(fake.waitForDisconnects(2), 2_000, "disconnect after leaving the loop");
    assert.equal(seen.length, 3);
    // An already cancelled signal never reaches the network.
    const before = fake.requests.length;
    await assert.rejects(collect(provider.chat(chatRequest(), { signal: AbortSignal.abort() })));
    assert.equal(fake.requests.length, before);
  });
});

Deno.test("ollama provider - embeddings, the model list merged across hosts, and health per host", async () => {
  const a = await startFakeOllama({
    models: FAKE_INSTALLED.filter((m) => m.name !== "nomic-embed-text:latest"),
  });
  const b = await startFakeOllama();
  const dead = await startFakeOllama();
  await dead.close();
  try {
    const provider = new OllamaProvider({
      hosts: [dead.url, a.url, `${b.url}/`],
      limits: TEST_LIMITS,
    });
    const { embeddings, host, promptTokens } = await provider.embed("nomic-embed-text", [
      "a b",
      "c",
    ]);
    assert.deepEqual([embeddings.length, embeddings[0].length, host, promptTokens], [
      2,
      768,
      b.url,
      3,
    ]);
    assert.ok(Math.abs(Math.hypot(...embeddings[0]) - 1) < 1e-9);
    await collect(provider.chat(chatRequest({ model: "qwen2.5:0.5b" })));
    const models = await provider.models();
    assert.deepEqual(models.map((m) => [m.name, m.hosts.length, m.loaded]), [
      ["gemma3:4b", 2, false],
      ["llama3.2:latest", 2, false],
      ["nomic-embed-text:latest", 1, true],
      ["qwen2.5:0.5b", 2, true],
      ["qwen3:0.6b", 2, false],
    ]);
    assert.equal(models[1].family, "llama");
    const health = await provider.health();
    assert.equal(health.ok, true);
    assert.deepEqual(health.hosts.map((h) => [h.url, h.ok, h.version]), [
      [dead.url, false, undefined],
      [a.url, true, "0.13.0"],
      [b.url, true, "0.13.0"],
    ]);
  } finally {
    await a.close();
    await b.close();
  }
});

Deno.test("ollama provider - describe tells capabilities and context sizes, and asks once a minute", async () => {
  await withOllama({}, async (fake, provider) => {
    const embed = await provider.describe("nomic-embed-text");
    assert.deepEqual(embed.capabilities, ["embedding"]);
    assert.equal(embed.numCtx, 8192);
    assert.equal(embed.contextLength, 2048);
    const chat = await provider.describe("llama3.2");
    assert.ok(chat.capabilities.includes("tools"));
    assert.equal(chat.numCtx, undefined);
    assert.equal(chat.contextLength, 131_072);
    await provider.describe("llama3.2:latest");
    assert.equal(fake.requests.filter((r) => r.path === "/api/show").length, 2);
    await assert.rejects(provider.describe("no-such-model"), { code: "model_not_found" });
  });
});

/** A thinking model (Ollama ≥ 0.12.6 lists `thinking` among its capabilities). */
const THINKER = {
  ...FAKE_INSTALLED[0],
  name: "qwen3:latest",
  capabilities: ["completion", "tools", "thinking"],
};

Deno.test("ollama provider - message.thinking streams as thinking events before the reply; think is sent only when set", async () => {
  const reply = { thinking: "The user asks about light.", content: "Rayleigh scattering." };
  await withOllama({ models: [THINKER], reply }, async (fake, provider) => {
    const events = await collect(provider.chat(chatRequest({ model: "qwen3" })));
    const kinds = events.map((e) => e.type);
    assert.equal(kinds.indexOf("token"), kinds.lastIndexOf("thinking") + 1, "reasoning first");
    const thought = events.filter((e) => e.type === "thinking");
    assert.equal(thought.map((e) => e.text).join(""), "The user asks about light.");
    assert.equal(thought.reduce((n, e) => n + (e.count ?? 1), 0), 5, "one per chunk, counted");
    assert.equal(textOf(events), "Rayleigh scattering.");
    doneOf(events);
    assert.equal("think" in fake.requests.at(-1)!.body!, false, "unset: the model's default");

    const off = await collect(provider.chat(chatRequest({ model: "qwen3", think: false })));
    assert.equal(fake.requests.at(-1)!.body!.think, false);
    assert.equal(off.some((e) => e.type === "thinking"), false);
    assert.equal(textOf(off), "Rayleigh scattering.");
    await collect(provider.chat(chatRequest({ model: "qwen3", think: true })));
    assert.equal(fake.requests.at(-1)!.body!.think, true);
  });
  // Paced: each piece of reasoning goes on as it arrives, and never merges with reply text.
  await withOllama(
    {
      models: [THINKER],
      reply: { thinking: "Hmm, light.", content: "Blue." },
      tokensPerSecond: 50,
    },
    async (_, provider) => {
      const events = replyEvents(await collect(provider.chat(chatRequest({ model: "qwen3" }))));
      assert.deepEqual(events.slice(0, 3), [
        { type: "thinking", text: "Hmm, " },
        { type: "thinking", text: "light." },
        { type: "token", text: "Blue." },
      ]);
    },
  );
});
