import assert from "node:assert/strict";
import { OllamaProvider } from "../ai/ollama.ts";
import { modelContext } from "../chat/model_context.ts";
import { type FakeOllamaOptions, startFakeOllama } from "../ollama/fake_server.ts";
import { REWRITE_REQUEST, rewriteQuestion } from "./rewrite.ts";

const HISTORY = [
  { role: "user" as const, content: "What is the deposit for the flat?" },
  { role: "assistant" as const, content: "The deposit is three months of rent." },
];

async function fake(options: FakeOllamaOptions = {}) {
  const server = await startFakeOllama({ titles: true, ...options });
  const provider = new OllamaProvider({ hosts: [server.url] });
  // The generations (a load is a chat without messages).
  const chats = () =>
    server.requests.filter((r) => r.path === "/api/chat" && (r.body?.messages as []).length)
      .map((r) => r.body!);
  return { server, provider, chats, [Symbol.asyncDispose]: () => server.close() };
}

Deno.test("rewrite - a follow-up becomes a standalone query with what it refers to", async () => {
  await using f = await fake();
  const query = await rewriteQuestion(
    f.provider,
    "llama3.2:latest",
    HISTORY,
    "And how is it paid back?",
  );
  assert.equal(query, "And how is it paid back? deposit flat");
  const [body] = f.chats();
  const prompt = (body.messages as { content: string }[])[0].content;
  assert.ok(prompt.startsWith(REWRITE_REQUEST));
  assert.match(prompt, /User: What is the deposit for the flat\?\nAssistant: The deposit/);
  assert.match(prompt, /Follow-up question: And how is it paid back\?$/);
  // A short answer, and no `think` to a model that cannot think (Ollama would refuse it).
  assert.equal((body.options as Record<string, unknown>).num_predict, 80);
  assert.equal("think" in body, false);
});

Deno.test("rewrite - without history nothing is asked and the question stays", async () => {
  await using f = await fake();
  assert.equal(await rewriteQuestion(f.provider, "llama3.2:latest", [], "Rent?"), "Rent?");
  assert.equal(f.chats().length, 0);
});

Deno.test("rewrite - the chat's context size goes along, so the model is not reloaded, and a thinking model is told not to think", async () => {
  await using f = await fake();
  const context = await modelContext(f.provider, "qwen3:0.6b", { "qwen3:0.6b": 8192 });
  await rewriteQuestion(f.provider, "qwen3:0.6b", HISTORY, "And when?", { context, owner: "ann" });
  const [body] = f.chats();
  assert.equal((body.options as Record<string, unknown>).num_ctx, 8192);
  assert.equal(body.think, false);
});

Deno.test("rewrite - a failure, an empty or an overlong answer leaves the question as asked", async () => {
  await using failing = await fake();
  failing.server.setFault("*", { type: "status", status: 500, error: "boom" });
  assert.equal(await rewriteQuestion(failing.provider, "llama3.2:latest", HISTORY, "And?"), "And?");

  await using empty = await fake({ titles: false, reply: "   " });
  assert.equal(await rewriteQuestion(empty.provider, "llama3.2:latest", HISTORY, "And?"), "And?");

  await using long = await fake({ titles: false, reply: "x".repeat(1000) });
  assert.equal(await rewriteQuestion(long.provider, "llama3.2:latest", HISTORY, "And?"), "And?");

  // A quoted, labelled answer is taken without its label and quotes.
  await using labelled = await fake({ titles: false, reply: 'Query: "flat deposit refund"\nok' });
  assert.equal(
    await rewriteQuestion(labelled.provider, "llama3.2:latest", HISTORY, "And?"),
    "flat deposit refund",
  );
});

Deno.test("rewrite - a stopped reply stops the rewrite too", async () => {
  await using f = await fake();
  const stop = new AbortController();
  stop.abort();
  await assert.rejects(
    rewriteQuestion(f.provider, "llama3.2:latest", HISTORY, "And?", { signal: stop.signal }),
  );
});
