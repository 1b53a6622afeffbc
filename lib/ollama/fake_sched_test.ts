import assert from "node:assert/strict";
import { type FakeOllama, startFakeOllama } from "./fake_server.ts";

// Responses are checked field by field; a loose type keeps the assertions readable.
// deno-lint-ignore no-explicit-any
type Json = Record<string, any>;

function post(fake: FakeOllama, path: string, body: unknown, signal?: AbortSignal) {
  return fetch(`${fake.url}${path}`, { method: "POST", body: JSON.stringify(body), signal });
}

async function lines(res: Response): Promise<Json[]> {
  return (await res.text()).split("\n").filter(Boolean).map((l) => JSON.parse(l));
}

/** Polls the fake's counters (they change on the server side, with no event to await). */
async function until(what: string, check: () => boolean, ms = 3_000): Promise<void> {
  const end = performance.now() + ms;
  while (!check()) {
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Whether `promise` has settled by the time a macrotask ran. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  promise.then(() => done = true, () => done = true);
  await new Promise((r) => setTimeout(r, 20));
  return done;
}

const ask = (content = "Why is the sky blue?", extra: Json = {}) => ({
  model: "llama3.2",
  messages: [{ role: "user", content }],
  ...extra,
});

const ps = async (fake: FakeOllama): Promise<Json[]> =>
  (await (await fetch(`${fake.url}/api/ps`)).json()).models;

Deno.test("fake ollama scheduler - a second request waits silently, without headers, until the first ends; one that leaves frees its place", async () => {
  await using fake = await startFakeOllama({ reply: "one two three" });
  fake.hold(); // the first reply stalls after its headers
  const first = await post(fake, "/api/chat", ask());
  assert.equal(first.status, 200);
  assert.equal(fake.running("llama3.2"), 1);
  const second = post(fake, "/api/chat", ask("And the sea?"));
  await until("the second to queue", () => fake.waiting("llama3.2") === 1);
  assert.equal(await settled(second), false, "no headers while it waits");
  const leaver = new AbortController();
  const third = post(fake, "/api/chat", ask("Bye"), leaver.signal).catch(() => "gone");
  await until("the third to queue", () => fake.waiting() === 2);
  leaver.abort();
  assert.equal(await third, "gone");
  await fake.waitForDisconnects(1);
  assert.deepEqual(fake.disconnectLog, [{ path: "/api/chat", model: "llama3.2" }]);
  assert.equal(fake.waiting(), 1, "the one that left gave up its place");
  fake.release();
  const firstText = (await lines(first)).map((l) => l.message.content).join("");
  assert.equal(firstText, "one two three");
  const next = await second;
  assert.equal(next.status, 200);
  assert.equal((await lines(next)).at(-1)!.done, true);
  assert.deepEqual([fake.waiting(), fake.running()], [0, 0]);
});

Deno.test("fake ollama scheduler - numParallel requests of one model run at once; other models have their own queue", async () => {
  await using fake = await startFakeOllama({ numParallel: 2 });
  fake.hold();
  const a = await post(fake, "/api/chat", ask());
  const b = await post(fake, "/api/chat", ask());
  const c = post(fake, "/api/chat", ask());
  await until("the third to queue", () => fake.waiting("llama3.2") === 1);
  assert.equal(fake.running("llama3.2"), 2);
  const other = await post(fake, "/api/chat", { ...ask(), model: "qwen2.5:0.5b" });
  assert.equal(other.status, 200, "another model is not behind llama3.2's queue");
  fake.release();
  for (const res of [a, b, await c, other]) assert.equal((await lines(res)).at(-1)!.done, true);
});

Deno.test("fake ollama scheduler - the first request loads the model before its headers; a loaded model answers without a load", async () => {
  await using fake = await startFakeOllama({ loadMs: 120 });
  let start = performance.now();
  const cold = await post(fake, "/api/chat", ask());
  const coldMs = performance.now() - start;
  const coldLast = (await lines(cold)).at(-1)!;
  assert.ok(coldMs >= 110, `headers after the load, took ${coldMs.toFixed(0)} ms`);
  assert.ok(coldLast.load_duration >= 120e6);
  start = performance.now();
  const warm = await post(fake, "/api/chat", ask());
  assert.ok(performance.now() - start < 100, "no second load");
  assert.ok((await lines(warm)).at(-1)!.load_duration < 1e6);
  assert.deepEqual([fake.loads(), fake.loads("llama3.2"), fake.loads("qwen2.5:0.5b")], [1, 1, 0]);
  assert.deepEqual(fake.loadLog, [{ model: "llama3.2:latest", numCtx: 4096 }]);
  assert.equal((await ps(fake))[0].context_length, 4096);
});

Deno.test("fake ollama scheduler - the prompt is read before the first byte, at promptTokensPerSecond", async () => {
  await using fake = await startFakeOllama({ promptTokensPerSecond: 500 });
  const start = performance.now();
  // 90 words and the template's 10: 100 tokens at 500/s are 200 ms.
  const res = await post(fake, "/api/chat", ask("word ".repeat(90)));
  const ms = performance.now() - start;
  const last = (await lines(res)).at(-1)!;
  assert.ok(ms >= 190, `headers after the prompt was read, took ${ms.toFixed(0)} ms`);
  assert.equal(last.prompt_eval_count, 100);
  assert.equal(last.prompt_eval_duration, 200e6);
});

Deno.test("fake ollama scheduler - stream false answers once the whole reply is made", async () => {
  await using fake = await startFakeOllama({ tokensPerSecond: 50, reply: "a b c d e" });
  const start = performance.now();
  const whole = await (await post(fake, "/api/chat", ask("hi", { stream: false }))).json();
  assert.ok(performance.now() - start >= 90, "five tokens at 50/s");
  assert.equal(whole.message.content, "a b c d e");
});

Deno.test("fake ollama scheduler - changed runner options reload the model, sampling options do not", async () => {
  await using fake = await startFakeOllama();
  const chat = async (options: Json) =>
    await lines(await post(fake, "/api/chat", ask("hi", { options })));
  await chat({});
  await chat({ temperature: 0.1, num_predict: 5, seed: 3, top_k: 4 });
  await chat({ num_gpu: -1 });
  assert.equal(fake.loads(), 1, "sampling options and num_gpu -1 keep the load");
  await chat({ num_ctx: 8192 });
  await chat({ num_ctx: 8192, temperature: 0 });
  await chat({ num_ctx: 8192, num_batch: 256 });
  await chat({ num_ctx: 8192, num_batch: 256, num_thread: 4 });
  await chat({ num_ctx: 8192, num_batch: 256, num_thread: 4, use_mmap: false });
  await chat({ num_ctx: 8192, num_batch: 256, num_thread: 4, use_mmap: false, main_gpu: 1 });
  // Trained on 131,072 tokens: a bigger num_ctx is clamped, like Ollama's.
  await chat({ num_ctx: 1_000_000 });
  assert.deepEqual(fake.loadLog.map((l) => l.numCtx), [
    4096,
    8192,
    8192,
    8192,
    8192,
    8192,
    131_072,
  ]);
  assert.equal((await ps(fake))[0].context_length, 131_072);
  // A num_ctx baked into the model is its default: nomic's 8192, clamped to its trained 2048.
  await post(fake, "/api/embed", { model: "nomic-embed-text", input: "hi" }).then((r) => r.json());
  assert.deepEqual(fake.loadLog.at(-1), { model: "nomic-embed-text:latest", numCtx: 2048 });
});

Deno.test("fake ollama scheduler - a request with other runner options waits for the running ones, then reloads; an explicit load uses its options", async () => {
  await using fake = await startFakeOllama({ numParallel: 4, loadMs: 30 });
  const loaded = await (await post(fake, "/api/chat", {
    model: "llama3.2",
    messages: [],
    options: { num_ctx: 2048 },
  })).json();
  assert.equal(loaded.done_reason, "load");
  assert.deepEqual(fake.loadLog, [{ model: "llama3.2:latest", numCtx: 2048 }]);
  fake.hold();
  const running = await post(fake, "/api/chat", ask("hi", { options: { num_ctx: 2048 } }));
  const bigger = post(fake, "/api/chat", ask("hi", { options: { num_ctx: 8192 } }));
  await until("the reload to wait", () => fake.waiting() === 1);
  // Behind it, even a request that fits the loaded model waits: the queue is first come.
  const same = post(fake, "/api/chat", ask("hi", { options: { num_ctx: 2048 } }));
  await until("the second to queue", () => fake.waiting() === 2);
  assert.equal(fake.loads(), 1);
  fake.release();
  await lines(running);
  await lines(await bigger);
  await lines(await same);
  assert.deepEqual(fake.loadLog.map((l) => l.numCtx), [2048, 8192, 2048]);
});

Deno.test("fake ollama scheduler - keep_alive 0 answers at once; /api/ps lists the model until its requests end", async () => {
  await using fake = await startFakeOllama();
  fake.hold();
  const running = await post(fake, "/api/chat", ask());
  const unload = await (await post(fake, "/api/chat", {
    model: "llama3.2",
    messages: [],
    keep_alive: 0,
  })).json();
  assert.equal(unload.done_reason, "unload");
  assert.deepEqual((await ps(fake)).map((m) => m.name), ["llama3.2:latest"], "still running");
  fake.release();
  await lines(running);
  assert.deepEqual(await ps(fake), []);
  // keep_alive 0 on a request: unloaded when it ends.
  await lines(await post(fake, "/api/chat", ask("hi", { keep_alive: 0 })));
  assert.deepEqual(await ps(fake), []);
  assert.equal(fake.loads(), 2);
});

Deno.test("fake ollama scheduler - a thinking model thinks first unless think is false; think true to a model without it is a 400", async () => {
  await using fake = await startFakeOllama({
    reply: { content: "Blue.", thinking: "Light scatters." },
  });
  const q = { ...ask(), model: "qwen3:0.6b" };
  const out = await lines(await post(fake, "/api/chat", q));
  assert.deepEqual(out.slice(0, -1).map((l) => [l.message.thinking ?? null, l.message.content]), [
    ["Light ", ""],
    ["scatters.", ""],
    [null, "Blue."],
  ]);
  assert.equal(out.at(-1)!.eval_count, 3);
  // num_predict counts the thinking too: two thoughts and one word of three.
  const capped = await lines(await post(fake, "/api/chat", { ...q, options: { num_predict: 2 } }));
  assert.deepEqual(capped.slice(0, -1).map((l) => l.message.thinking), ["Light ", "scatters."]);
  assert.deepEqual([capped.at(-1)!.done_reason, capped.at(-1)!.eval_count], ["length", 2]);
  const off = await lines(await post(fake, "/api/chat", { ...q, think: false }));
  assert.ok(off.every((l) => l.message.thinking === undefined));
  const whole = await (await post(fake, "/api/chat", { ...q, think: true, stream: false })).json();
  assert.deepEqual(whole.message, {
    role: "assistant",
    content: "Blue.",
    thinking: "Light scatters.",
  });
  const gen = await lines(await post(fake, "/api/generate", { model: "qwen3:0.6b", prompt: "hi" }));
  assert.deepEqual(gen.slice(0, 2).map((l) => [l.thinking, l.response]), [["Light ", ""], [
    "scatters.",
    "",
  ]]);
  fake.setReply("Blue.");
  const dflt = await lines(await post(fake, "/api/chat", q));
  assert.match(dflt.map((l) => l.message.thinking ?? "").join(""), /^Let me think/);
  const refused = await post(fake, "/api/chat", { ...ask(), think: true });
  assert.deepEqual([refused.status, await refused.json()], [400, {
    error: '"llama3.2" does not support thinking',
  }]);
  const plain = await lines(await post(fake, "/api/chat", { ...ask(), think: false }));
  assert.equal(plain.at(-1)!.done, true, "think false to any model is fine");
  assert.equal(fake.loads("llama3.2"), 1, "the refusal came before any load");
  const show = await (await post(fake, "/api/show", { model: "qwen3:0.6b" })).json();
  assert.deepEqual(show.capabilities, ["completion", "tools", "thinking"]);
});

Deno.test("fake ollama scheduler - images reach a vision model and cost it context; a model without vision fails like Ollama's runner", async () => {
  await using fake = await startFakeOllama();
  const photo = { role: "user", content: "What is this?", images: ["aGVsbG8="] };
  const seen = await lines(
    await post(fake, "/api/chat", { model: "gemma3:4b", messages: [photo] }),
  );
  assert.equal(seen.at(-1)!.prompt_eval_count, 3 + 10 + 768);
  const blind = await post(fake, "/api/chat", { model: "llama3.2", messages: [photo] });
  assert.deepEqual([blind.status, await blind.json()], [500, {
    error: "Failed to create new sequence: failed to process inputs: " +
      "this model is missing data required for image input",
  }]);
  assert.equal(fake.running(), 0, "the refusal gave its place back");
});

Deno.test("fake ollama scheduler - an over-long history silently loses its oldest messages, system kept; truncate false is a 400", async () => {
  await using fake = await startFakeOllama();
  const messages = [
    { role: "system", content: "Be brief." }, // 2 words
    { role: "user", content: "one two three four five six seven eight nine ten" }, // 10
    { role: "assistant", content: "eleven twelve thirteen fourteen fifteen" }, // 5
    { role: "user", content: "Why is the sky blue?" }, // 5
  ];
  const body = { model: "llama3.2", messages, options: { num_ctx: 24 } };
  // All of it is 32 tokens with the template's 10; without the first user message, 22.
  const cut = await lines(await post(fake, "/api/chat", body));
  assert.equal(cut.at(-1)!.prompt_eval_count, 22);
  const fits = await lines(await post(fake, "/api/chat", { ...body, options: { num_ctx: 32 } }));
  assert.equal(fits.at(-1)!.prompt_eval_count, 32);
  const refused = await post(fake, "/api/chat", { ...body, truncate: false });
  assert.deepEqual([refused.status, await refused.json()], [400, {
    error: "the input length exceeds the context length",
  }]);
  assert.equal(fake.running(), 0);
});

Deno.test("fake ollama scheduler - a base model pulled inside /api/create reports its own pull, success and all, then the build", async () => {
  await using fake = await startFakeOllama();
  const out = await lines(await post(fake, "/api/create", { model: "helper", from: "gemma3:1b" }));
  const statuses = out.map((l) => l.status);
  assert.equal(statuses[0], "pulling manifest");
  assert.ok(out.some((l) => l.digest && l.completed === l.total), "the weights arrive");
  assert.deepEqual(statuses.filter((s) => s === "success").length, 2);
  assert.ok(statuses.indexOf("verifying sha256 digest") < statuses.indexOf("success"));
  assert.match(statuses.at(-3)!, /^using existing layer sha256:/);
  assert.deepEqual(statuses.slice(-2), ["writing manifest", "success"]);
  assert.ok(fake.installed().includes("gemma3:1b") && fake.installed().includes("helper:latest"));
});
