/**
 * The OpenAI-compatible API (SPEC §12) with OpenAI's own client (the `openai` npm package) against
 * a real Hearth server on a free port and the Fake Ollama: the model list (gems as models, a
 * limited profile's allowed models only), whole and streamed answers with usage, tool calls, the
 * limits, errors in OpenAI's shape, and a client that leaves cancelling the upstream request.
 */
import assert from "node:assert/strict";
import OpenAI from "openai";
import { createKey } from "../lib/auth/api_keys.ts";
import { createGem } from "../lib/gems/store.ts";
import { gemInput } from "../lib/gems/schemas.ts";
import { startChatServer } from "./helpers/chat_server.ts";

async function setup(options: Parameters<typeof startChatServer>[0] = {}) {
  const server = await startChatServer({ members: ["Ann", "Kid"], ...options });
  const now = new Date();
  const { db } = server.services;
  const annKey = (await createKey(db, server.members.Ann, { name: "t", scope: "chat" }, now)).key;
  const kidKey = (await createKey(db, server.members.Kid, { name: "t", scope: "chat" }, now)).key;
  const client = (key: string) =>
    new OpenAI({ apiKey: key, baseURL: `${server.url}/v1`, maxRetries: 0 });
  return { server, ann: client(annKey), kid: client(kidKey), annKey };
}

Deno.test("v1 - models.list: the chat models and gems; a limited profile sees only its own", async () => {
  const { server, ann, kid } = await setup();
  await using _ = server;
  await createGem(
    server.services.db.kysely,
    gemInput.parse({
      name: "Pirate Talk",
      instructions: "Answer like a pirate.",
      model: "llama3.2",
    }),
    "en",
  );
  await createGem(
    server.services.db.kysely,
    gemInput.parse({
      name: "Needs Text",
      instructions: "Summarize {{text}}",
      fields: [{ name: "text", type: "longtext", label: "Text", required: true }],
    }),
    "en",
  );
  const ids = [];
  for await (const m of ann.models.list()) ids.push(m.id);
  assert.ok(ids.includes("llama3.2:latest"), ids.join());
  assert.ok(ids.includes("gem:pirate-talk"), ids.join());
  assert.ok(!ids.includes("gem:needs-text"), "a gem that needs a value is not a model");
  assert.ok(!ids.some((id) => /embed/.test(id)), "embedding models are not chat models");
  server.services.db.raw.prepare(
    `INSERT INTO profile_limits (profile_id, models, updated_at) VALUES (?, ?, ?)`,
  ).run(server.members.Kid, JSON.stringify(["qwen2.5:0.5b"]), new Date().toISOString());
  const kids = [];
  for await (const m of kid.models.list()) kids.push(m.id);
  assert.deepEqual(kids, ["qwen2.5:0.5b"]);
});

Deno.test("v1 - chat.completions.create: a whole answer with usage, and a gem's instructions", async () => {
  const seen: unknown[] = [];
  const { server, ann } = await setup({
    fake: {
      reply: (body: Record<string, unknown>) => {
        seen.push(body);
        return { content: "Ahoy, matey!" };
      },
    },
  });
  await using _ = server;
  const answer = await ann.chat.completions.create({
    model: "llama3.2",
    messages: [{ role: "system", content: "Be brief." }, { role: "user", content: "Hi" }],
    temperature: 0.2,
    max_tokens: 50,
  });
  assert.equal(answer.object, "chat.completion");
  assert.match(answer.id, /^chatcmpl-/);
  assert.equal(answer.model, "llama3.2");
  assert.equal(answer.choices[0].message.role, "assistant");
  assert.equal(answer.choices[0].message.content, "Ahoy, matey!");
  assert.equal(answer.choices[0].finish_reason, "stop");
  assert.ok(answer.usage && answer.usage.completion_tokens > 0 && answer.usage.prompt_tokens > 0);
  assert.equal(
    answer.usage.total_tokens,
    answer.usage.prompt_tokens + answer.usage.completion_tokens,
  );
  const sent = seen.at(-1) as { messages: { role: string; content: string }[]; options: object };
  assert.deepEqual(sent.messages.map((m) => m.role), ["system", "user"]);
  assert.equal((sent.options as { temperature: number }).temperature, 0.2);
  assert.equal((sent.options as { num_predict: number }).num_predict, 50);

  await createGem(
    server.services.db.kysely,
    gemInput.parse({
      name: "Pirate Talk",
      instructions: "Answer like a pirate.",
      model: "llama3.2",
    }),
    "en",
  );
  const gem = await ann.chat.completions.create({
    model: "gem:pirate-talk",
    messages: [{ role: "user", content: "Hi" }],
  });
  assert.equal(gem.model, "gem:pirate-talk");
  const asked = seen.at(-1) as { model: string; messages: { role: string; content: string }[] };
  assert.match(asked.model, /llama3\.2/);
  assert.deepEqual(asked.messages[0], { role: "system", content: "Answer like a pirate." });
  // Nothing is stored: /v1 is stateless.
  const rows = server.services.db.raw.prepare("SELECT count(*) AS n FROM messages").get() as {
    n: number;
  };
  assert.equal(rows.n, 0);
});

Deno.test("v1 - streaming: role first, content deltas, finish reason, usage with include_usage", async () => {
  const { server, ann } = await setup({
    fake: { reply: () => ({ content: "One two three four five." }) },
  });
  await using _ = server;
  const stream = await ann.chat.completions.create({
    model: "llama3.2",
    messages: [{ role: "user", content: "Count" }],
    stream: true,
    stream_options: { include_usage: true },
  });
  const chunks: OpenAI.ChatCompletionChunk[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  assert.equal(chunks[0].object, "chat.completion.chunk");
  assert.equal(chunks[0].choices[0].delta.role, "assistant");
  const text = chunks.map((c) => c.choices[0]?.delta.content ?? "").join("");
  assert.equal(text, "One two three four five.");
  assert.ok(chunks.filter((c) => c.choices[0]?.delta.content).length > 1, "more than one delta");
  const last = chunks.at(-1)!;
  assert.deepEqual(last.choices, []);
  assert.ok(last.usage && last.usage.completion_tokens > 0);
  assert.equal(chunks.at(-2)!.choices[0].finish_reason, "stop");
  assert.ok(chunks.every((c) => c.id === chunks[0].id));
});

Deno.test("v1 - tools: the model's call comes back in OpenAI's shape, whole and streamed", async () => {
  const { server, ann } = await setup();
  await using _ = server;
  const tools = [{
    type: "function" as const,
    function: {
      name: "get_weather",
      description: "The weather in a city",
      parameters: {
        type: "object",
        properties: { city: { type: "string" } },
        required: ["city"],
      },
    },
  }];
  const messages = [{ role: "user" as const, content: "Please get_weather for Paris" }];
  const whole = await ann.chat.completions.create({ model: "llama3.2", messages, tools });
  const call = whole.choices[0].message.tool_calls?.[0];
  assert.equal(whole.choices[0].finish_reason, "tool_calls");
  assert.ok(call && call.type === "function");
  assert.equal(call.function.name, "get_weather");
  assert.equal(typeof JSON.parse(call.function.arguments), "object");
  assert.ok(call.id);
  // The tool's answer goes back; the model answers from it.
  const after = await ann.chat.completions.create({
    model: "llama3.2",
    tools,
    messages: [
      ...messages,
      whole.choices[0].message,
      { role: "tool", tool_call_id: call.id, content: "Sunny, 21 °C" },
    ],
  });
  assert.match(after.choices[0].message.content ?? "", /get_weather.*Sunny/);
  const stream = await ann.chat.completions.create({
    model: "llama3.2",
    messages,
    tools,
    stream: true,
  });
  const deltas = [];
  let finish = "";
  for await (const chunk of stream) {
    deltas.push(...(chunk.choices[0]?.delta.tool_calls ?? []));
    finish = chunk.choices[0]?.finish_reason ?? finish;
  }
  assert.equal(deltas[0].index, 0);
  assert.equal(deltas[0].function?.name, "get_weather");
  assert.ok(deltas[0].id);
  assert.equal(finish, "tool_calls");
  // tool_choice "none" offers no tools: a plain answer.
  const none = await ann.chat.completions.create({
    model: "llama3.2",
    messages,
    tools,
    tool_choice: "none",
  });
  assert.equal(none.choices[0].message.tool_calls, undefined);
});

Deno.test("v1 - limits and errors: a limited profile is refused another model (403), OpenAI's error shape", async () => {
  const { server, kid, ann, annKey } = await setup();
  await using _ = server;
  server.services.db.raw.prepare(
    `INSERT INTO profile_limits (profile_id, models, daily_replies, updated_at) VALUES (?, ?, ?, ?)`,
  ).run(server.members.Kid, JSON.stringify(["qwen2.5:0.5b"]), 1, new Date().toISOString());
  const refused = await kid.chat.completions.create({
    model: "llama3.2",
    messages: [{ role: "user", content: "Hi" }],
  }).catch((e) => e);
  assert.ok(refused instanceof OpenAI.APIError, String(refused));
  assert.equal(refused.status, 403);
  assert.equal(refused.code, "limit_model");
  assert.equal(refused.type, "permission_error");
  const allowed = await kid.chat.completions.create({
    model: "qwen2.5:0.5b",
    messages: [{ role: "user", content: "Hi" }],
  });
  assert.ok(allowed.choices[0].message.content);
  const daily = await kid.chat.completions.create({
    model: "qwen2.5:0.5b",
    messages: [{ role: "user", content: "Again" }],
  }).catch((e) => e);
  assert.equal(daily.status, 403);
  assert.equal(daily.code, "limit_daily");
  // Unknown model and bad input, in both shapes at once.
  const unknown = await ann.chat.completions.create({
    model: "no-such-model",
    messages: [{ role: "user", content: "Hi" }],
    stream: true,
  }).catch((e) => e);
  assert.equal(unknown.status, 404);
  const bad = await fetch(`${server.url}/v1/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${annKey}`, "content-type": "application/json" },
    body: JSON.stringify({ model: "llama3.2", messages: [] }),
  });
  assert.equal(bad.status, 422);
  const body = await bad.json();
  assert.equal(body.error.code, "invalid_input");
  assert.equal(body.error.type, "invalid_request_error");
  assert.equal(body.error.param, "messages");
  assert.ok(body.error.message);
  const wrong = await new OpenAI({
    apiKey: "hth_" + "x".repeat(43),
    baseURL: `${server.url}/v1`,
    maxRetries: 0,
  }).models.list().catch((e) => e);
  assert.equal(wrong.status, 401);
});

Deno.test("v1 - a client that leaves cancels the upstream request", async () => {
  const { server, ann } = await setup({
    fake: { tokensPerSecond: 20, reply: () => ({ content: "word ".repeat(400) }) },
  });
  await using _ = server;
  const controller = new AbortController();
  const stream = await ann.chat.completions.create({
    model: "llama3.2",
    messages: [{ role: "user", content: "Talk" }],
    stream: true,
  }, { signal: controller.signal });
  let got = 0;
  try {
    for await (const chunk of stream) {
      if (chunk.choices[0]?.delta.content && ++got === 3) controller.abort();
    }
  } catch {
    // Aborted by us.
  }
  // The fake Ollama sees its client (Hearth) go away, long before the 20 s reply would end.
  await server.ollama.waitForDisconnects(1);
  assert.ok(server.ollama.disconnectLog.some((d) => d.path === "/api/chat"));
  assert.ok(got >= 3);
});
