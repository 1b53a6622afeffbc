import assert from "node:assert/strict";
import { HttpError } from "../http/errors.ts";
import { profileOwner } from "./owner.ts";
import { TaskRegistry } from "./registry.ts";
import { sseResponse } from "./sse.ts";
import { StreamGate } from "./streams.ts";
import { aborted, within } from "./testing.ts";

/** A running task of `owner` that emits one event and waits to be stopped. */
function running(registry: TaskRegistry, owner: string) {
  return registry.start({
    owner: profileOwner(owner),
    kind: "chat",
    run: async (out, signal) => {
      out.emit("token", "hi");
      await aborted(signal);
    },
  });
}

function refused(fn: () => unknown, status: number, code: string): HttpError {
  let error: unknown;
  assert.throws(fn, (e) => (error = e) instanceof HttpError);
  const http = error as HttpError;
  assert.deepEqual([http.status, http.code], [status, code]);
  assert.ok(Number(http.headers["Retry-After"]) > 0, "says when to try again");
  return http;
}

Deno.test("tasks - readers beyond a task's first stream are limited per owner (429) and in total (503)", async () => {
  using registry = new TaskRegistry({ streams: { perOwner: 2, total: 3 } });
  const a = running(registry, "a");
  const b = running(registry, "b");
  const c = running(registry, "c");
  // The answer to the request that started a task is never refused.
  for (const task of [a, b, c]) sseResponse(task);
  const resumed = sseResponse(a);
  sseResponse(a);
  const tooMany = refused(() => sseResponse(a), 429, "too_many_streams");
  assert.equal(tooMany.params.limit, 2);
  sseResponse(b);
  refused(() => sseResponse(c), 503, "streams_full");
  assert.deepEqual(registry.stats().streams, {
    open: 6,
    counted: 3,
    perOwner: 2,
    total: 3,
    refused: 2,
  });
  await resumed.body!.cancel(); // that client went away: its slot is free again
  assert.equal(registry.stats().streams.counted, 2);
  sseResponse(c);
  for (const task of [a, b, c]) task.cancel();
});

Deno.test("tasks - a stream read to its end gives its slot back", async () => {
  using registry = new TaskRegistry({ streams: { perOwner: 1 } });
  const task = running(registry, "a");
  await sseResponse(task).body!.cancel();
  const res = sseResponse(task);
  refused(() => sseResponse(task), 429, "too_many_streams");
  task.cancel();
  assert.match(await res.text(), /task_cancelled/);
  assert.deepEqual([registry.stats().streams.open, registry.stats().streams.counted], [0, 0]);
  await sseResponse(task).body!.cancel();
});

Deno.test("tasks - shutdown ends every open stream, even one whose client stopped reading", async () => {
  const registry = new TaskRegistry();
  const task = running(registry, "a");
  const reader = sseResponse(task).body!.getReader();
  assert.ok((await within(reader.read(), 2_000, "the first event")).value);
  // The client reads no more; shutdown interrupts the task, saves it, then drops the stream.
  await registry.shutdown();
  await assert.rejects(within(reader.read(), 2_000, "the stream to end"), /shutting down/);
  assert.equal(registry.stats().streams.open, 0);
  refused(() => sseResponse(task), 503, "shutting_down");
});

Deno.test("tasks - shutdown calls each held slot's onClose once; a released slot's is forgotten", () => {
  const gate = new StreamGate();
  const calls: string[] = [];
  const held = gate.open(profileOwner("a"), true);
  held.onClose(() => calls.push("first"));
  held.onClose(() => calls.push("held")); // replaces the first
  const released = gate.open(profileOwner("b"));
  released.onClose(() => calls.push("released"));
  released.release();
  assert.equal(held.closing, false);
  gate.closeAll();
  gate.closeAll();
  assert.deepEqual(calls, ["held"]);
  assert.equal(held.closing, true);
  held.onClose(() => calls.push("late")); // shutting down already: at once
  assert.deepEqual(calls, ["held", "late"]);
  held.release();
  assert.equal(gate.stats().open, 0);
  assert.throws(() => gate.open(profileOwner("a"), true), /shutting down/);
});
