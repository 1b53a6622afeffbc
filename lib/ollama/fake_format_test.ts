/**
 * The Fake Ollama as Ollama answers a `format` (JSON schema) request and tools offered to a model
 * that cannot call them (issue 14, actions from chat).
 */
import assert from "node:assert/strict";
import { startFakeOllama } from "./fake_server.ts";

async function chat(url: string, body: Record<string, unknown>) {
  const res = await fetch(`${url}/api/chat`, { method: "POST", body: JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, lines: text.trim().split("\n").map((l) => JSON.parse(l)) };
}

const messages = [{ role: "user", content: "remind me to buy milk" }];
const schema = { type: "object", properties: { intent: { type: "string" } } };

Deno.test("fake ollama - a request with format answers the scripted JSON, streamed as text", async () => {
  await using fake = await startFakeOllama({
    reply: {
      content: "Sure, I will!",
      json: { intent: "create_todo", arguments: { title: "milk" } },
    },
  });
  const { status, lines } = await chat(fake.url, { model: "llama3.2", messages, format: schema });
  assert.equal(status, 200);
  const text = lines.map((l) => l.message?.content ?? "").join("");
  assert.deepEqual(JSON.parse(text), { intent: "create_todo", arguments: { title: "milk" } });
  assert.equal(lines.at(-1).done, true);
  // Without format the same script answers its text.
  const plain = await chat(fake.url, { model: "llama3.2", messages });
  assert.equal(plain.lines.map((l) => l.message?.content ?? "").join(""), "Sure, I will!");
});

Deno.test("fake ollama - an unscripted format request still answers JSON ({})", async () => {
  await using fake = await startFakeOllama({ reply: "Some words" });
  const { lines } = await chat(fake.url, { model: "llama3.2", messages, format: "json" });
  assert.deepEqual(JSON.parse(lines.map((l) => l.message?.content ?? "").join("")), {});
});

Deno.test("fake ollama - tools to a model without the tools capability are Ollama's 400", async () => {
  await using fake = await startFakeOllama({});
  const tools = [{ type: "function", function: { name: "x", description: "", parameters: {} } }];
  const res = await fetch(`${fake.url}/api/chat`, {
    method: "POST",
    body: JSON.stringify({ model: "gemma3:4b", messages, tools }),
  });
  assert.equal(res.status, 400);
  assert.deepEqual(await res.json(), { error: '"gemma3:4b" does not support tools' });
});
