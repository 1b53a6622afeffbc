/**
 * The Real Ollama provider on the Fake Ollama with the demo's script, as demo mode runs it: an
 * honest canned reply at the configured rate, tool calls, and the real errors.
 */
import assert from "node:assert/strict";
import { demoReply } from "../ollama/fake_demo.ts";
import type { FakeOllamaOptions } from "../ollama/fake_server.ts";
import {
  chatRequest,
  collect,
  doneOf,
  failsWith,
  replyEvents,
  textOf,
  tokenCount,
  withOllama,
} from "./testing.ts";
import type { ChatEvent, ToolSpec } from "./types.ts";

const weather: ToolSpec = {
  name: "get_weather",
  description: "Current weather in a city",
  parameters: {
    type: "object",
    properties: {
      city: { type: "string" },
      days: { type: "integer" },
      units: { enum: ["c", "f"] },
    },
    required: ["city", "days", "units"],
  },
};

/** The demo's Fake Ollama with `opts` on top. */
const demo = (opts: FakeOllamaOptions = {}): FakeOllamaOptions => ({
  reply: demoReply,
  titles: true,
  ...opts,
});

Deno.test("demo - streams an honest, deterministic canned reply at the configured rate", async () => {
  const req = chatRequest({ messages: [{ role: "user", content: "Hello there, how are you?" }] });
  let events: ChatEvent[] = [];
  await withOllama(demo({ tokensPerSecond: 400 }), async (_fake, provider) => {
    const start = performance.now();
    events = await collect(provider.chat(req));
    const elapsed = performance.now() - start;
    const text = textOf(events);
    assert.match(text, /^This is Hearth's demo mode: no AI model is running/);
    assert.match(text, /5 words, starting with "Hello there, how are you\?"\.$/);
    const tokens = tokenCount(events);
    assert.ok(
      elapsed >= tokens * 2.5 * 0.9,
      `${tokens} tokens at 400/s take about ${tokens * 2.5} ms`,
    );
    const done = doneOf(events);
    assert.deepEqual([done.promptTokens, done.completionTokens, done.doneReason], [
      15,
      tokens,
      "stop",
    ]);
    assert.ok(done.tokensPerSecond! > 0 && done.tokensPerSecond! <= 400);
  });
  await withOllama(demo({ tokensPerSecond: 0 }), async (_fake, provider) => {
    const again = await collect(provider.chat(req));
    assert.deepEqual(
      [textOf(again), tokenCount(again)],
      [textOf(events), tokenCount(events)],
      "the same request, the same tokens",
    );
  });
});

Deno.test("demo - calls a tool the user names, then sums up the tool's answer", async () => {
  await withOllama(demo(), async (_fake, provider) => {
    const ask = { role: "user" as const, content: "Use get weather for Paris" };
    const events = replyEvents(
      await collect(provider.chat(chatRequest({ messages: [ask], tools: [weather] }))),
    );
    assert.deepEqual(events.slice(0, -1), [{
      type: "tool_call",
      id: "call_0get_wea",
      name: "get_weather",
      arguments: { city: "Use get weather for Paris", days: 1, units: "c" },
    }]);
    assert.equal(doneOf(events).doneReason, "tool_calls");
    const after = await collect(provider.chat(chatRequest({
      tools: [weather],
      messages: [
        ask,
        {
          role: "assistant",
          content: "",
          toolCalls: [{ id: "call_0", name: "get_weather", arguments: {} }],
        },
        { role: "tool", content: "Sunny, 24 °C", toolCallId: "call_0", name: "get_weather" },
      ],
    })));
    assert.match(textOf(after), /^The tool "get_weather" answered: Sunny, 24 °C \(Demo mode/);
    const unnamed = await collect(provider.chat(chatRequest({ tools: [weather] })));
    assert.ok(!unnamed.some((e) => e.type === "tool_call"), "no tool named, no call");
  });
});

// Ollama cuts a prompt over num_ctx silently (truncate defaults to true), and so does the fake:
// Hearth sends `truncate: false` to learn of it.
Deno.test({
  name: "demo - a prompt over the context is context_overflow, never silently cut",
  fn: async () => {
    await withOllama(demo({ tokensPerSecond: 50 }), async (_fake, provider) => {
      const long = chatRequest({
        messages: [{ role: "user", content: "word ".repeat(100) }],
        options: { numCtx: 64 },
      });
      const overflow = await failsWith(collect(provider.chat(long)), "context_overflow");
      assert.match(overflow.detail, /the input length exceeds the context length/);
    });
  },
});

Deno.test("demo - an unknown model and a cancel fail like the real ones", async () => {
  await withOllama(demo({ tokensPerSecond: 50 }), async (_fake, provider) => {
    await failsWith(collect(provider.chat(chatRequest({ model: "nope" }))), "model_not_found");
    const controller = new AbortController();
    const seen: ChatEvent[] = [];
    const start = performance.now();
    await assert.rejects(
      (async () => {
        for await (const event of provider.chat(chatRequest(), { signal: controller.signal })) {
          if (event.type === "wait") continue;
          seen.push(event);
          controller.abort(new Error("stop"));
        }
      })(),
      /stop/,
    );
    assert.equal(seen.length, 1);
    assert.ok(performance.now() - start < 200, "the pause before the next token ends at once");
  });
  await withOllama(demo({ tokensPerSecond: 0 }), async (_fake, provider) => {
    const capped = await collect(
      provider.chat(chatRequest({ options: { numCtx: 4096, maxTokens: 3 } })),
    );
    assert.deepEqual([tokenCount(capped), doneOf(capped).doneReason], [3, "length"]);
  });
});

Deno.test("demo - models come from the Fake Ollama, pulls included; embeddings are stable unit vectors", async () => {
  await withOllama(demo({ tokensPerSecond: 0 }), async (fake, provider) => {
    await failsWith(collect(provider.chat(chatRequest({ model: "gemma3:1b" }))), "model_not_found");
    const pull = await fetch(`${fake.url}/api/pull`, {
      method: "POST",
      body: JSON.stringify({ model: "gemma3:1b", stream: false }),
    });
    assert.deepEqual(await pull.json(), { status: "success" });
    const done = doneOf(await collect(provider.chat(chatRequest({ model: "gemma3:1b" }))));
    assert.equal(done.doneReason, "stop");
    assert.ok((await provider.models()).some((m) => m.name === "gemma3:1b"));
    assert.equal((await provider.health()).ok, true);
    const { embeddings } = await provider.embed("nomic-embed-text", ["a", "b", "a"]);
    assert.deepEqual(embeddings[0], embeddings[2]);
    assert.notDeepEqual(embeddings[0], embeddings[1]);
    assert.ok(Math.abs(Math.hypot(...embeddings[1]) - 1) < 1e-9);
  });
});
