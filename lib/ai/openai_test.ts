import assert from "node:assert/strict";
import { OpenAIProvider } from "./openai.ts";
import {
  chatRequest,
  collect,
  doneOf,
  textOf,
  WEATHER_TOOL,
  within,
  withOpenAI,
} from "./testing.ts";
import type { ChatEvent } from "./types.ts";

Deno.test("openai provider - streams the reply in order, then done with usage and llama.cpp's timings", async () => {
  await withOpenAI(
    { apiKey: "sk-test", reply: "The sky is blue because of Rayleigh scattering." },
    async (fake, provider) => {
      const events = await collect(
        provider.chat(chatRequest({ options: { numCtx: 2048, temperature: 0.2, maxTokens: 64 } })),
      );
      assert.equal(textOf(events), "The sky is blue because of Rayleigh scattering.");
      assert.deepEqual(events.slice(0, 2), [{ type: "token", text: "The " }, {
        type: "token",
        text: "sky ",
      }]);
      const done = doneOf(events);
      assert.deepEqual(
        [done.promptTokens, done.completionTokens, done.doneReason, done.host, done.usageEstimated],
        [15, 8, "stop", fake.url, undefined],
      );
      assert.equal(done.generationMs, 80, "llama.cpp's predicted_ms (10 ms per token in the fake)");
      assert.equal(done.tokensPerSecond, 100);
      assert.ok(done.totalMs >= 0 && done.promptMs === 22.5);
      const sent = fake.requests.at(-1)!;
      assert.equal(sent.path, "/v1/chat/completions");
      assert.equal(sent.authorization, "Bearer sk-test");
      assert.deepEqual(sent.body?.stream_options, { include_usage: true });
      assert.deepEqual([sent.body?.temperature, sent.body?.max_tokens, sent.body?.num_ctx], [
        0.2,
        64,
        undefined,
      ]);
    },
  );
});

Deno.test("openai provider - without a usage chunk the counts are marked as Hearth's estimate", async () => {
  await withOpenAI(
    { reply: "one two three", ignoreStreamOptions: true },
    async (_fake, provider) => {
      const done = doneOf(await collect(provider.chat(chatRequest())));
      assert.deepEqual([done.completionTokens, done.promptTokens, done.usageEstimated], [
        3,
        0,
        true,
      ]);
    },
  );
});

Deno.test("openai provider - tool-call deltas that arrive interleaved are assembled by index", async () => {
  const toolCalls = [
    { name: "get_weather", arguments: { city: "Paris", units: "metric" } },
    { name: "get_time", arguments: { zone: "Europe/Paris" } },
  ];
  await withOpenAI(
    { reply: { content: "Checking.", toolCalls }, interleaveToolCalls: true },
    async (fake, provider) => {
      const req = chatRequest({
        tools: [WEATHER_TOOL, { ...WEATHER_TOOL, name: "get_time" }],
        messages: [
          { role: "user", content: "Weather?" },
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
      const calls = events.filter((e) => e.type === "tool_call");
      assert.deepEqual(calls.map((c) => [c.name, c.arguments]), [
        ["get_weather", { city: "Paris", units: "metric" }],
        ["get_time", { zone: "Europe/Paris" }],
      ]);
      assert.ok(calls.every((c) => c.type === "tool_call" && /^call_[0-9a-f]{24}$/.test(c.id)));
      assert.equal(textOf(events), "Checking.");
      assert.equal(doneOf(events).doneReason, "tool_calls");
      const wire = fake.requests.at(-1)!.body!.messages as Record<string, unknown>[];
      assert.deepEqual(wire[1], {
        role: "assistant",
        content: null,
        tool_calls: [{
          id: "c1",
          type: "function",
          function: { name: "get_weather", arguments: '{"city":"Rome"}' },
        }],
      });
      assert.deepEqual(wire[2], { role: "tool", tool_call_id: "c1", content: "sunny" });
      const tools = fake.requests.at(-1)!.body!.tools as { function: { name: string } }[];
      assert.deepEqual(tools.map((t) => t.function.name), ["get_weather", "get_time"]);
    },
  );
});

Deno.test("openai provider - cancelling aborts the HTTP request and the server sees the disconnect", async () => {
  await withOpenAI({ reply: "word ".repeat(200), tokensPerSecond: 100 }, async (fake, provider) => {
    const controller = new AbortController();
    const seen: ChatEvent[] = [];
    const reason = new Error("user pressed stop");
    const run = (async () => {
      for await (const event of provider.chat(chatRequest(), { signal: controller.signal })) {
        seen.push(event);
        if (seen.length === 2) controller.abort(reason);
      }
    })();
    await assert.rejects(run, (err) => err === reason);
    await within(fake.waitForDisconnects(1), 2_000, "disconnect after abort");
    // Leaving the loop early is a cancel too, not just a stop of reading.
    for await (const _ of provider.chat(chatRequest())) break;
    await within(fake.waitForDisconnects(2), 2_000, "disconnect after break");
    assert.equal(seen.length, 2);
  });
});

Deno.test("openai provider - embeddings in input order, the model list, and health", async () => {
  await withOpenAI(
    { apiKey: "k", models: ["qwen2.5-0.5b-instruct-q4_k_m.gguf"] },
    async (fake, provider) => {
      const { embeddings, promptTokens } = await provider.embed("e", ["first text", "second"]);
      assert.equal(embeddings.length, 2);
      const again = await provider.embed("e", ["second"]);
      assert.deepEqual(embeddings[1], again.embeddings[0], "sorted back by index");
      assert.equal(promptTokens, 3);
      assert.deepEqual(await provider.models(), [{
        name: "qwen2.5-0.5b-instruct-q4_k_m.gguf",
        hosts: [fake.url],
      }]);
      const health = await provider.health();
      assert.deepEqual([health.kind, health.ok, health.hosts[0].url], ["openai", true, fake.url]);
      const versioned = new OpenAIProvider({ baseUrl: `${fake.url}/v1`, apiKey: "k" });
      assert.equal(
        (await versioned.models()).length,
        1,
        "a base URL ending in /v1 is used as given",
      );
    },
  );
});

Deno.test("openai provider - reasoning_content and reasoning deltas stream as thinking events, never as text", async () => {
  for (const reasoningField of ["reasoning_content", "reasoning"] as const) {
    const reply = { thinking: "Light scatters.", content: "Blue." };
    await withOpenAI({ reply, reasoningField }, async (_fake, provider) => {
      const events = await collect(provider.chat(chatRequest()));
      assert.deepEqual(events.slice(0, 3), [
        { type: "thinking", text: "Light " },
        { type: "thinking", text: "scatters." },
        { type: "token", text: "Blue." },
      ], reasoningField);
      assert.equal(textOf(events), "Blue.");
      assert.equal(doneOf(events).completionTokens, 3);
    });
  }
});

Deno.test("openai provider - reasoning models get max_completion_tokens and no temperature; others keep both", async () => {
  await withOpenAI(
    { reply: "Blue.", models: ["o3-mini", "gpt-5", "qwq"] },
    async (fake, provider) => {
      const options = { temperature: 0.2, maxTokens: 64 };
      for (const model of ["o3-mini", "gpt-5-mini", "openai/o4-mini"]) {
        const events = await collect(provider.chat(chatRequest({ model, options })));
        assert.equal(textOf(events), "Blue.", model);
        const sent = fake.requests.at(-1)!.body!;
        assert.deepEqual([sent.max_completion_tokens, sent.max_tokens, sent.temperature], [
          64,
          undefined,
          undefined,
        ], model);
      }
      for (const model of ["qwq", "deepseek-r1", "gpt-4o", "o1ne-local"]) {
        await collect(provider.chat(chatRequest({ model, options })));
        const sent = fake.requests.at(-1)!.body!;
        assert.deepEqual([sent.max_tokens, sent.temperature, sent.max_completion_tokens], [
          64,
          0.2,
          undefined,
        ], model);
      }
    },
  );
});
