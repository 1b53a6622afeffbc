import assert from "node:assert/strict";
import { HttpError } from "../http/errors.ts";
import { TaskRegistry } from "./registry.ts";
import { type Chunk, DONE_SENTINEL, type Task, type TaskStatus } from "./task.ts";
import { aborted, collect, gate, recordingLog, within } from "./testing.ts";
import { profileOwner } from "./owner.ts";

const plain = (chunks: Chunk[]) => chunks.map((c) => [c.index, c.event, c.data]);

/** A task that emits `count` tokens, then `done`; with `hold`, waits there after `pauseAt`. */
function tokens(count: number, hold?: { pauseAt: number; gate: Promise<void> }) {
  return async (out: { emit(e: string, d: unknown): boolean }) => {
    for (let i = 0; i < count; i++) {
      if (hold && i === hold.pauseAt) await hold.gate;
      out.emit("token", `t${i}`);
    }
    out.emit("done", { tokens: count });
  };
}

Deno.test("tasks - a finished buffer holds the events, then done and the [DONE] sentinel", async () => {
  using registry = new TaskRegistry();
  const payload = { text: "hé" };
  const task = registry.start({
    owner: profileOwner("alice"),
    kind: "chat",
    run: (out) => {
      out.emit("meta", payload);
      payload.text = "changed later"; // data was encoded at emit time
      out.emit("token", "hi");
      out.emit("done", { tokens: 1 });
      return Promise.resolve();
    },
  });
  assert.equal(task.status, "running");
  await task.ended;
  assert.equal(task.status, "done");
  assert.deepEqual(plain(await collect(task.read())), [
    [0, "meta", '{"text":"hé"}'],
    [1, "token", '"hi"'],
    [2, "done", '{"tokens":1}'],
    [3, DONE_SENTINEL, DONE_SENTINEL],
  ]);
  // "meta" 4 + 14 bytes (é is two), "token" 5 + 4, "done" 4 + 12, "[DONE]" 6 + 6.
  assert.equal(task.bytes, 18 + 9 + 16 + 12);
  assert.deepEqual(task.info().chunks, 4);
});

Deno.test("tasks - a producer that returns without done still ends with done and [DONE]", async () => {
  using registry = new TaskRegistry();
  const task = registry.start({
    owner: profileOwner("a"),
    kind: "pull",
    run: () => Promise.resolve(),
  });
  await task.ended;
  assert.deepEqual(plain(await collect(task.read())), [
    [0, "done", "{}"],
    [1, DONE_SENTINEL, DONE_SENTINEL],
  ]);
});

Deno.test("tasks - resume from every offset of a finished task gives the exact remainder", async () => {
  using registry = new TaskRegistry();
  const task = registry.start({ owner: profileOwner("a"), kind: "chat", run: tokens(20) });
  await task.ended;
  const all = await collect(task.read(0));
  assert.equal(all.length, 22);
  assert.deepEqual(all.map((c) => c.index), [...all.keys()]);
  for (let offset = 0; offset <= all.length + 2; offset++) {
    assert.deepEqual(await collect(task.read(offset)), all.slice(offset), `offset ${offset}`);
  }
});

Deno.test("tasks - resume from every offset of a running task gives the exact remainder", async () => {
  using registry = new TaskRegistry();
  const hold = gate();
  const task = registry.start({
    owner: profileOwner("a"),
    kind: "chat",
    run: tokens(10, { pauseAt: 5, gate: hold.promise }),
  });
  while (task.length < 5) await new Promise((r) => setTimeout(r, 0));
  assert.equal(task.status, "running");
  // Readers at offsets inside, at the edge of, and past what is buffered so far.
  const readers = Array.from({ length: 13 }, (_, offset) => collect(task.read(offset)));
  hold.open();
  const results = await Promise.all(readers);
  const all = results[0];
  assert.equal(all.length, 12);
  assert.equal(all.at(-1)?.event, DONE_SENTINEL);
  results.forEach((got, offset) => assert.deepEqual(got, all.slice(offset), `offset ${offset}`));
});

Deno.test("tasks - two readers of one task both get every chunk in order", async () => {
  using registry = new TaskRegistry();
  const task = registry.start({
    owner: profileOwner("a"),
    kind: "chat",
    run: async (out) => {
      for (let i = 0; i < 50; i++) {
        out.emit("token", i);
        if (i % 7 === 0) await new Promise((r) => setTimeout(r, 0));
      }
      out.emit("done", {});
    },
  });
  const [a, b] = await Promise.all([collect(task.read()), collect(task.read())]);
  assert.equal(a.length, 52);
  assert.deepEqual(a, b);
  assert.deepEqual(a.slice(0, 50).map((c) => Number(c.data)), [...Array(50).keys()]);
});

Deno.test("tasks - a paused reader does not slow the producer", async () => {
  using registry = new TaskRegistry();
  const task = registry.start({ owner: profileOwner("a"), kind: "chat", run: tokens(5_000) });
  const paused = task.read();
  assert.equal((await paused.next()).value?.index, 0);
  // The reader takes nothing more, yet the producer runs to the end.
  await task.ended;
  assert.equal(task.status, "done");
  const rest = await collect(paused);
  assert.equal(rest.length, 5_001);
  assert.equal(rest[0].index, 1);
  assert.equal(rest.at(-1)?.event, DONE_SENTINEL);
});

Deno.test("tasks - stopping a waiting reader ends it at once and leaves the task running", async () => {
  using registry = new TaskRegistry();
  const hold = gate();
  const task = registry.start({ owner: profileOwner("a"), kind: "chat", run: () => hold.promise });
  const reader = task.read();
  const pending = reader.next();
  await reader.return?.();
  assert.deepEqual(await pending, { value: undefined, done: true });
  assert.equal(task.status, "running");
  hold.open();
  await task.ended;
  assert.equal(task.status, "done");
});

Deno.test("tasks - cancel aborts the producer's signal and ends as cancelled with onEnd", async () => {
  using registry = new TaskRegistry();
  const ends: TaskStatus[] = [];
  let emitAfterAbort: boolean | undefined;
  const task = registry.start({
    owner: profileOwner("a"),
    kind: "chat",
    run: async (out, signal) => {
      out.emit("token", "partial");
      await aborted(signal);
      assert.equal((signal.reason as DOMException).name, "AbortError");
      emitAfterAbort = out.emit("token", "ignored");
    },
    onEnd: (t) => void ends.push(t.status),
  });
  await new Promise((r) => setTimeout(r, 0));
  assert.equal(task.cancel(), true);
  assert.equal(task.status, "cancelled");
  assert.deepEqual(ends, [], "onEnd runs after cancel() has returned");
  assert.equal(task.cancel(), false);
  await task.ended;
  await new Promise((r) => setTimeout(r, 0));
  assert.equal(emitAfterAbort, false);
  assert.deepEqual(ends, ["cancelled"]);
  assert.deepEqual(plain(await collect(task.read())), [
    [0, "token", '"partial"'],
    [1, "error", '{"code":"task_cancelled","message":"The task was cancelled."}'],
    [2, DONE_SENTINEL, DONE_SENTINEL],
  ]);
});

Deno.test("tasks - cancel aborts the producer's upstream HTTP request", async () => {
  const upstreamAborted = gate();
  const server = Deno.serve({ port: 0, onListen: () => {} }, () => {
    // An endless upstream: one line, then silence. Deno cancels the body when the client goes.
    const body = new ReadableStream({
      start: (c) => c.enqueue(new TextEncoder().encode("line\n")),
      cancel: () => upstreamAborted.open(),
    });
    return new Response(body);
  });
  using registry = new TaskRegistry();
  const task = registry.start({
    owner: profileOwner("a"),
    kind: "chat",
    run: async (out, signal) => {
      const response = await fetch(`http://localhost:${server.addr.port}/`, { signal });
      try {
        for await (const bytes of response.body!) out.emit("token", bytes.length);
      } catch (error) {
        if (!signal.aborted) throw error;
      }
    },
  });
  while (task.length < 1) await new Promise((r) => setTimeout(r, 5));
  task.cancel();
  await within(upstreamAborted.promise, 5_000, "the upstream request to be aborted");
  await task.ended;
  assert.equal(task.status, "cancelled");
  await server.shutdown();
});

Deno.test("tasks - a producer that throws an HttpError ends as error with its code and onEnd", async () => {
  using registry = new TaskRegistry();
  const ends: TaskStatus[] = [];
  const task = registry.start({
    owner: profileOwner("a"),
    kind: "chat",
    run: (out) => {
      out.emit("token", "half");
      throw new HttpError(502, "upstream_error", "Ollama is not reachable.");
    },
    onEnd: (t) => void ends.push(t.status),
  });
  await task.ended;
  assert.equal(task.status, "error");
  assert.deepEqual(ends, ["error"]);
  assert.deepEqual(plain(await collect(task.read(1))), [
    [1, "error", '{"code":"upstream_error","message":"Ollama is not reachable."}'],
    [2, DONE_SENTINEL, DONE_SENTINEL],
  ]);
});

Deno.test("tasks - an unexpected producer error is logged and shown without internals", async () => {
  const { entries, log } = recordingLog();
  using registry = new TaskRegistry({ log });
  const task = registry.start({
    owner: profileOwner("a"),
    kind: "chat",
    run: () => Promise.reject(new Error("secret path /var/lib/x")),
  });
  await task.ended;
  assert.equal(task.status, "error");
  const error = task.chunkAt(0)!;
  assert.equal(error.event, "error");
  assert.deepEqual(JSON.parse(error.data), {
    code: "task_failed",
    message: "The task failed unexpectedly.",
  });
  assert.equal(entries.length, 1);
  assert.match(String(entries[0].error), /secret path/);
});

Deno.test("tasks - an onEnd that throws is logged and the task still ends once", async () => {
  const { entries, log } = recordingLog();
  using registry = new TaskRegistry({ log });
  let calls = 0;
  const task: Task = registry.start({
    owner: profileOwner("a"),
    kind: "chat",
    run: () => Promise.resolve(),
    onEnd: () => {
      calls++;
      throw new Error("database is locked");
    },
  });
  await task.ended;
  assert.equal(task.cancel(), false);
  assert.equal(calls, 1);
  assert.equal(task.status, "done");
  assert.match(entries[0].message, /onEnd failed/);
});

Deno.test("tasks - emit rejects event names that would break the SSE framing", async () => {
  using registry = new TaskRegistry();
  const thrown: string[] = [];
  const task = registry.start({
    owner: profileOwner("a"),
    kind: "chat",
    run: (out) => {
      for (const name of ["to\nken", "", DONE_SENTINEL, "x".repeat(65)]) {
        try {
          out.emit(name, 1);
        } catch (error) {
          thrown.push((error as Error).name);
        }
      }
      return Promise.resolve();
    },
  });
  await task.ended;
  assert.deepEqual(thrown, ["TypeError", "TypeError", "TypeError", "TypeError"]);
  assert.equal(task.length, 2); // only the registry's done and [DONE]
});

Deno.test("tasks - read rejects an offset that is not a non-negative integer", async () => {
  using registry = new TaskRegistry();
  const task = registry.start({
    owner: profileOwner("a"),
    kind: "chat",
    run: () => Promise.resolve(),
  });
  assert.throws(() => task.read(-1), RangeError);
  assert.throws(() => task.read(1.5), RangeError);
  await task.ended;
});
