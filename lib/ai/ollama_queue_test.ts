/**
 * The Ollama provider against how Ollama answers: headers only with the first token, one
 * request per model at a time, and Hearth's own queue in front of it.
 */
import assert from "node:assert/strict";
import { startFakeOllama } from "../ollama/fake_server.ts";
import { OllamaProvider } from "./ollama.ts";
import { ModelQueue } from "./queue.ts";
import { chatRequest, collect, failsWith, TEST_LIMITS, textOf } from "./testing.ts";
import type { ChatEvent, ChatRequest, Priority } from "./types.ts";

/**
 * A stand-in for an Ollama that holds its answer's headers for `headersAfterMs`, as Ollama does
 * while it loads a model or reads a long prompt, then streams one token.
 */
function slowOllama(headersAfterMs: number) {
  const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, async (req) => {
    const path = new URL(req.url).pathname;
    if (path === "/api/tags" || path === "/api/ps") {
      return Response.json({ models: [{ name: "llama3.2:latest", model: "llama3.2:latest" }] });
    }
    await req.text();
    await new Promise((r) => setTimeout(r, headersAfterMs));
    const lines = [
      { message: { role: "assistant", content: "late" }, done: false },
      { message: { role: "assistant", content: "" }, done: true, done_reason: "stop" },
    ];
    return new Response(lines.map((l) => JSON.stringify(l)).join("\n") + "\n");
  });
  return { url: `http://127.0.0.1:${server.addr.port}`, close: () => server.shutdown() };
}

Deno.test("ollama provider - 10 s is for connecting: a first token after it is fine, within the first-token deadline", async () => {
  const ollama = slowOllama(700);
  try {
    const patient = new OllamaProvider({
      hosts: [ollama.url],
      limits: { ...TEST_LIMITS, connectTimeoutMs: 300, firstTokenTimeoutMs: 3_000 },
    });
    assert.equal(textOf(await collect(patient.chat(chatRequest()))), "late");
    // The first-token deadline still ends a wait that is too long, naming the wait.
    const hasty = new OllamaProvider({
      hosts: [ollama.url],
      limits: { ...TEST_LIMITS, connectTimeoutMs: 300, firstTokenTimeoutMs: 400 },
    });
    await failsWith(collect(hasty.chat(chatRequest())), "upstream_timeout");
  } finally {
    await ollama.close();
  }
});

/** Starts a chat and collects its events as they come. */
function start(provider: OllamaProvider, priority: Priority, req: ChatRequest = chatRequest()) {
  const events: ChatEvent[] = [];
  const done = (async () => {
    for await (const e of provider.chat(req, { priority, owner: priority })) events.push(e);
  })();
  return { events, done };
}

Deno.test("ollama provider - a second reply waits in Hearth's queue, hears its place, and its wait is not held against it", async () => {
  const fake = await startFakeOllama({ reply: "one two three four five six", tokensPerSecond: 10 });
  try {
    // The first reply takes ~600 ms; the second's first-token deadline is 400 ms and is met,
    // because waiting its turn in Hearth does not count.
    const provider = new OllamaProvider({
      hosts: [fake.url],
      limits: { ...TEST_LIMITS, firstTokenTimeoutMs: 400 },
    });
    const first = start(provider, "interactive");
    const second = start(provider, "interactive");
    await Promise.all([first.done, second.done]);
    assert.equal(textOf(second.events), "one two three four five six");
    assert.deepEqual(second.events.find((e) => e.type === "wait"), {
      type: "wait",
      state: "queued",
      position: 1,
    });
    assert.ok(!first.events.some((e) => e.type === "wait" && e.state === "queued"));
  } finally {
    await fake.close();
  }
});

Deno.test("ollama provider - with 5 background jobs queued, a reply waits only for the one running", async () => {
  const fake = await startFakeOllama({ reply: "a b c", tokensPerSecond: 50 });
  try {
    const queue = new ModelQueue(() => 1);
    const provider = new OllamaProvider({ hosts: [fake.url], limits: TEST_LIMITS, queue });
    const order: string[] = [];
    const tagged = (name: string, priority: Priority) => {
      const req = chatRequest({ messages: [{ role: "user", content: name }] });
      const run = start(provider, priority, req);
      return run.done.then(() => order.push(name));
    };
    const running = tagged("bg0", "background");
    // Let bg0 take the slot before the others line up.
    while (!queue.snapshot()[0]?.running.length) await new Promise((r) => setTimeout(r, 5));
    const rest = [1, 2, 3, 4, 5].map((i) => tagged(`bg${i}`, "background"));
    const title = tagged("title", "title");
    const reply = tagged("reply", "interactive");
    await Promise.all([running, ...rest, title, reply]);
    assert.deepEqual(order.slice(0, 3), ["bg0", "reply", "title"]);
    // What the fake received, in order: the reply's generation came right after bg0's.
    const asked = fake.requests
      .filter((r) => r.path === "/api/chat" && (r.body?.messages as unknown[])?.length)
      .map((r) => (r.body!.messages as { content: string }[])[0].content);
    assert.deepEqual(asked.slice(0, 3), ["bg0", "reply", "title"]);
  } finally {
    await fake.close();
  }
});

Deno.test("ollama provider - a reply queued in Ollama behind another client's, past the connect timeout, still answers", async () => {
  // Ollama runs one request per model at a time and sends headers with the first token, so a
  // reply to a loaded model waits silently for as long as the request ahead of it takes.
  await using fake = await startFakeOllama({ reply: "Blue." });
  const provider = new OllamaProvider({
    hosts: [fake.url],
    limits: { ...TEST_LIMITS, firstTokenTimeoutMs: 5_000 },
  });
  await collect(provider.chat(chatRequest())); // loaded
  fake.hold();
  const ahead = await fetch(`${fake.url}/api/chat`, {
    method: "POST",
    body: JSON.stringify({ model: "llama3.2", messages: [{ role: "user", content: "hi" }] }),
  });
  const queued = collect(provider.chat(chatRequest()));
  // Twice the connect timeout behind the request ahead, then it goes on.
  await new Promise((r) => setTimeout(r, 2 * TEST_LIMITS.connectTimeoutMs!));
  assert.equal(fake.waiting("llama3.2"), 1);
  fake.release();
  await ahead.text();
  assert.equal(textOf(await queued), "Blue.");
});

Deno.test("ollama provider - a model asked for in another spelling is sent under the name Ollama lists", async () => {
  await using fake = await startFakeOllama({ reply: "Hi." });
  const provider = new OllamaProvider({ hosts: [fake.url], limits: TEST_LIMITS });
  assert.equal(textOf(await collect(provider.chat(chatRequest({ model: "Llama3.2" })))), "Hi.");
  const sent = fake.requests.filter((r) => r.path === "/api/chat").map((r) => r.body!.model);
  assert.deepEqual([...new Set(sent)], ["llama3.2:latest"]);
});
