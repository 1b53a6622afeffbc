import assert from "node:assert/strict";
import { HttpError } from "../http/errors.ts";
import { TaskRegistry } from "./registry.ts";
import {
  formatChunk,
  parseResumeOffset,
  SSE_BATCH_BYTES,
  SSE_HEARTBEAT,
  sseResponse,
} from "./sse.ts";
import type { Task } from "./task.ts";
import { collect, gate, within } from "./testing.ts";
import { profileOwner } from "./owner.ts";

const decoder = new TextDecoder();

async function finishedChat(registry: TaskRegistry, tokens = ["Hel", "lo"]): Promise<Task> {
  const task = registry.start({
    owner: profileOwner("a"),
    kind: "chat",
    run: (out) => {
      out.emit("meta", { conversationId: "c1", taskId: "t1" });
      for (const t of tokens) out.emit("token", { text: t });
      out.emit("done", { tokens: tokens.length });
      return Promise.resolve();
    },
  });
  await task.ended;
  return task;
}

/** Reads the next piece of a body as text, failing instead of hanging. */
async function readText(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<string | null> {
  const { value, done } = await within(reader.read(), 2_000, "the next SSE bytes");
  return done ? null : decoder.decode(value);
}

Deno.test("tasks - SSE sends each chunk with its id and event, then [DONE], and closes", async () => {
  using registry = new TaskRegistry();
  const task = await finishedChat(registry);
  const response = sseResponse(task);
  assert.equal(response.status, 200);
  assert.equal(response.headers.get("content-type"), "text/event-stream");
  assert.equal(response.headers.get("cache-control"), "no-cache");
  assert.equal(response.headers.get("x-accel-buffering"), "no");
  assert.equal(
    await response.text(),
    'id: 0\nevent: meta\ndata: {"conversationId":"c1","taskId":"t1"}\n\n' +
      'id: 1\nevent: token\ndata: {"text":"Hel"}\n\n' +
      'id: 2\nevent: token\ndata: {"text":"lo"}\n\n' +
      'id: 3\nevent: done\ndata: {"tokens":2}\n\n' +
      "id: 4\ndata: [DONE]\n\n",
  );
});

Deno.test("tasks - SSE frames are exact past 10, 100 and 1,000 chunks, whole and cut into batches", async () => {
  using registry = new TaskRegistry();
  // Long tokens, so batches of SSE_BATCH_BYTES end inside frames (heads and data) too.
  const tokens = Array.from({ length: 1_200 }, (_, i) => `${i} ${"é".repeat(i % 37)}`);
  const task = await finishedChat(registry, tokens);
  const all = (await collect(task.read())).map(formatChunk);
  for (const offset of [0, 9, 99, 999, 1_000, all.length - 1]) {
    const text = await sseResponse(task, { offset }).text();
    assert.equal(text, all.slice(offset).join(""), `from ${offset}`);
  }
});

Deno.test("tasks - resume from Last-Event-ID replays the exact remainder", async () => {
  using registry = new TaskRegistry();
  const task = await finishedChat(registry, ["a", "b", "c", "d"]);
  const all = (await collect(task.read())).map(formatChunk);
  for (let id = 0; id < all.length; id++) {
    const request = new Request("http://x/api/tasks/t/stream?offset=0", {
      headers: { "Last-Event-ID": String(id) },
    });
    const text = await sseResponse(task, { offset: parseResumeOffset(request) }).text();
    assert.equal(text, all.slice(id + 1).join(""), `Last-Event-ID ${id}`);
  }
});

Deno.test("tasks - SSE of a running task streams new chunks and ends with the error ending", async () => {
  using registry = new TaskRegistry();
  const next = gate();
  const task = registry.start({
    owner: profileOwner("a"),
    kind: "chat",
    run: async (out, signal) => {
      out.emit("token", "one");
      await next.promise;
      out.emit("token", "two");
      await new Promise((r) => signal.addEventListener("abort", r));
    },
  });
  const reader = sseResponse(task, { heartbeatMs: 60_000 }).body!.getReader();
  assert.equal(await readText(reader), 'id: 0\nevent: token\ndata: "one"\n\n');
  const pending = readText(reader);
  next.open();
  assert.equal(await pending, 'id: 1\nevent: token\ndata: "two"\n\n');
  task.cancel();
  assert.equal(
    await readText(reader),
    'id: 2\nevent: error\ndata: {"code":"task_cancelled","message":"The task was cancelled."}\n\n' +
      "id: 3\ndata: [DONE]\n\n",
  );
  assert.equal(await readText(reader), null);
  await task.ended;
});

Deno.test("tasks - SSE sends a heartbeat comment while the task is idle", async () => {
  using registry = new TaskRegistry();
  const task = registry.start({
    owner: profileOwner("a"),
    kind: "chat",
    run: async (out, signal) => {
      out.emit("token", "x");
      await new Promise((r) => signal.addEventListener("abort", r));
    },
  });
  const reader = sseResponse(task, { heartbeatMs: 20 }).body!.getReader();
  assert.match((await readText(reader))!, /^id: 0\n/);
  const started = performance.now();
  assert.equal(await readText(reader), SSE_HEARTBEAT);
  assert.equal(await readText(reader), SSE_HEARTBEAT);
  assert.ok(performance.now() - started >= 30, "heartbeats are spaced by heartbeatMs");
  task.cancel();
  assert.match((await readText(reader))!, /event: error[\s\S]*data: \[DONE\]/);
  assert.equal(await readText(reader), null);
  await task.ended;
});

Deno.test("tasks - a client disconnect stops the SSE reader and leaves the task running", async () => {
  using registry = new TaskRegistry();
  const finish = gate();
  const task = registry.start({
    owner: profileOwner("a"),
    kind: "chat",
    run: () => finish.promise,
  });
  const body = sseResponse(task, { heartbeatMs: 10 }).body!;
  const reader = body.getReader();
  const pending = reader.read(); // a pull waiting for output
  await reader.cancel();
  assert.equal((await pending).done, true);
  assert.equal(task.status, "running");
  finish.open();
  await task.ended;
  assert.equal(task.status, "done");
  // The sanitizers prove the heartbeat and stall timers were cleared.
});

Deno.test("tasks - aborting the SSE signal closes the stream", async () => {
  using registry = new TaskRegistry();
  const finish = gate();
  const task = registry.start({
    owner: profileOwner("a"),
    kind: "chat",
    run: () => finish.promise,
  });
  const request = new AbortController();
  const reader = sseResponse(task, { signal: request.signal }).body!.getReader();
  const pending = readText(reader);
  request.abort();
  assert.equal(await pending, null);
  finish.open();
  await task.ended;
  assert.equal(task.status, "done");
});

Deno.test("tasks - a stalled SSE reader is dropped while the task finishes", async () => {
  using registry = new TaskRegistry();
  const task = registry.start({
    owner: profileOwner("a"),
    kind: "chat",
    run: async (out) => {
      out.emit("token", 0);
      await new Promise((r) => setTimeout(r, 5));
      for (let i = 1; i < 1_000; i++) out.emit("token", i);
    },
  });
  const reader = sseResponse(task, { stallMs: 30 }).body!.getReader();
  assert.match((await readText(reader))!, /^id: 0\n/);
  // The client stops pulling; the producer does not notice.
  await task.ended;
  assert.equal(task.status, "done");
  await new Promise((r) => setTimeout(r, 80));
  await assert.rejects(reader.read(), /stalled; dropped/);
});

Deno.test("tasks - a reader that stops pulling holds one batch at most; nothing queues up for it", async () => {
  using registry = new TaskRegistry();
  const task = registry.start({
    owner: profileOwner("a"),
    kind: "chat",
    run: (out) => {
      out.emit("token", { text: "big ".repeat(20_000) }); // one 80 KB event, cut across pulls
      for (let i = 0; i < 5_000; i++) out.emit("token", { text: `t${i} ` });
      return Promise.resolve();
    },
  });
  await task.ended;
  // Count what the stream copies out of the task's shared buffer.
  const events = task.buffer as { copyData: (...args: never[]) => void };
  const copy = events.copyData.bind(events);
  let copied = 0;
  events.copyData = (...args: never[]) => {
    copied += (args[2] as number) - (args[1] as number);
    copy(...args);
  };
  const reader = sseResponse(task).body!.getReader();
  const first = await within(reader.read(), 2_000, "the first bytes");
  assert.equal(first.value!.length, SSE_BATCH_BYTES);
  // The client reads no more: however long it waits, the stream takes nothing else for it.
  for (let i = 0; i < 20; i++) await new Promise((r) => setTimeout(r, 0));
  assert.ok(copied <= SSE_BATCH_BYTES, `${copied} bytes copied for a reader that read once`);
  let text = decoder.decode(first.value!, { stream: true });
  let reads = 1;
  for (let r = await reader.read(); !r.done; r = await reader.read()) {
    assert.ok(r.value.length <= SSE_BATCH_BYTES);
    text += decoder.decode(r.value, { stream: true });
    reads++;
  }
  assert.equal(text, (await collect(task.read())).map(formatChunk).join(""));
  assert.ok(reads > 10, `${reads} pulls`);
});

Deno.test("tasks - parseResumeOffset resumes after Last-Event-ID, at ?offset, else at 0", () => {
  const req = (url: string, id?: string) =>
    new Request(`http://x${url}`, { headers: id === undefined ? {} : { "Last-Event-ID": id } });
  assert.equal(parseResumeOffset(req("/s")), 0);
  assert.equal(parseResumeOffset(req("/s?offset=0")), 0);
  assert.equal(parseResumeOffset(req("/s?offset=7")), 7);
  assert.equal(parseResumeOffset(req("/s", "0")), 1);
  assert.equal(parseResumeOffset(req("/s", " 41 ")), 42);
  // EventSource reconnects to the original URL: the newer Last-Event-ID wins.
  assert.equal(parseResumeOffset(req("/s?offset=3", "9")), 10);
  assert.equal(parseResumeOffset(req("/s?offset=3", "")), 3);
});

Deno.test("tasks - parseResumeOffset answers 400 invalid_offset naming the field", () => {
  const bad = (request: Request, field: string) =>
    assert.throws(
      () => parseResumeOffset(request),
      (e) =>
        e instanceof HttpError && e.status === 400 && e.code === "invalid_offset" &&
        e.message.startsWith(field),
    );
  for (const value of ["-1", "1.5", "1e3", "abc", "0x10", "", "99999999999999999999"]) {
    bad(new Request(`http://x/s?offset=${encodeURIComponent(value)}`), "offset");
  }
  for (const value of ["-1", "abc", "2.0", "99999999999999999999"]) {
    bad(new Request("http://x/s", { headers: { "Last-Event-ID": value } }), "Last-Event-ID");
  }
});

Deno.test("tasks - replaying a 10,000-chunk buffer over SSE is complete and in order", async () => {
  using registry = new TaskRegistry();
  const task = registry.start({
    owner: profileOwner("a"),
    kind: "chat",
    run: (out) => {
      for (let i = 0; i < 10_000; i++) out.emit("token", { text: `tok${i} ` });
      out.emit("done", {});
      return Promise.resolve();
    },
  });
  await task.ended;
  const started = performance.now();
  const text = await sseResponse(task).text();
  const ms = performance.now() - started;
  console.log(`replayed ${task.length} chunks (${text.length} chars) in ${ms.toFixed(1)} ms`);
  let expected = "";
  for (let i = 0; i < 10_000; i++) {
    expected += `id: ${i}\nevent: token\ndata: {"text":"tok${i} "}\n\n`;
  }
  expected += "id: 10000\nevent: done\ndata: {}\n\nid: 10001\ndata: [DONE]\n\n";
  assert.equal(text, expected);
});

Deno.test("tasks - SSE streams through a real server and resumes after a disconnect", async () => {
  using registry = new TaskRegistry();
  const more = gate();
  const task = registry.start({
    owner: profileOwner("a"),
    kind: "chat",
    run: async (out) => {
      out.emit("token", "first");
      await more.promise;
      out.emit("token", "second");
    },
  });
  const server = Deno.serve({ port: 0, onListen: () => {} }, (request) => {
    // No request.signal: Deno cancels the body itself when the client goes away.
    return sseResponse(registry.get(task.id, profileOwner("a")), {
      offset: parseResumeOffset(request),
    });
  });
  const url = `http://localhost:${server.addr.port}/`;
  const first = await fetch(url);
  const reader = first.body!.getReader();
  assert.equal(await readText(reader), 'id: 0\nevent: token\ndata: "first"\n\n');
  await reader.cancel(); // the page goes away
  more.open();
  await task.ended;
  const resumed = await fetch(url, { headers: { "Last-Event-ID": "0" } });
  assert.equal(
    await resumed.text(),
    'id: 1\nevent: token\ndata: "second"\n\nid: 2\nevent: done\ndata: {}\n\nid: 3\ndata: [DONE]\n\n',
  );
  await server.shutdown();
});
