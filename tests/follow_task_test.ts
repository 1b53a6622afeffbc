/**
 * `followTask` (lib/client/sse.ts) against the whole app: every event once and in order across
 * broken connections, silent sockets, reloads, refusals and cancellations.
 */
import assert from "node:assert/strict";
import { ApiError } from "../lib/client/api.ts";
import { followTask, type StreamEvent, TaskError } from "../lib/client/sse.ts";
import { type AdminApp, adminApp, json } from "./helpers/admin.ts";
import { testApp } from "./helpers/app.ts";
import { member } from "./helpers/profile.ts";

/**
 * An app whose replies count w1 … wN at `tokensPerSecond` (0: at once, so tokens that arrive
 * together share an event), and Ann's in-process fetch.
 */
async function counting(n: number, tokensPerSecond = 0) {
  const content = Array.from({ length: n }, (_, i) => `w${i + 1}`).join(" ");
  const app = await testApp({ ollama: { tokensPerSecond, reply: () => ({ content }) } });
  const ann = await member(app, "Ann");
  const start = (signal: AbortSignal) =>
    ann.fetch("/api/chat/stream", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ content: "Count", model: "llama3.2:latest" }),
      signal,
    });
  return { app, ann, content, start };
}

/** The first `bytes` of a response, then a broken connection. */
function cut(res: Response, bytes: number): Response {
  const reader = res.body!.getReader();
  let left = bytes;
  return new Response(
    new ReadableStream<Uint8Array>({
      async pull(controller) {
        const { value, done } = await reader.read();
        if (done) return controller.close();
        if (value.length < left) {
          left -= value.length;
          return controller.enqueue(value);
        }
        controller.enqueue(value.slice(0, left));
        await reader.cancel();
        controller.error(new TypeError("network error"));
      },
    }),
    { status: res.status, headers: res.headers },
  );
}

const textOf = (events: StreamEvent[]) =>
  events.filter((e) => e.event === "token").map((e) => (e.data as { text: string }).text).join("");

Deno.test("task follower - resumes after every break with Last-Event-ID: each event once, in order", async () => {
  // Paced, so the stream has small events for every cut to fall between.
  const { app, ann, content, start } = await counting(200, 200);
  await using _app = app;
  const asked: (string | null)[] = [];
  const events: StreamEvent[] = [];
  const follower = followTask({
    start: async (signal) => cut(await start(signal), 700),
    onEvent: (e) => events.push(e),
    async fetch(path, init) {
      asked.push(new Headers(init.headers).get("last-event-id"));
      // Every resume breaks too, a bit further on each time, until the fourth.
      const res = await ann.fetch(path, init);
      return asked.length < 4 ? cut(res, 300 * asked.length) : res;
    },
  });
  // Backoff would make this slow: wake the follower whenever it waits.
  const waker = setInterval(() => follower.wake(), 20);
  try {
    await follower.done;
  } finally {
    clearInterval(waker);
  }
  assert.deepEqual(events.map((e) => e.id), events.map((_, i) => i));
  assert.equal(textOf(events), content);
  assert.equal(events.at(-1)?.event, "done");
  assert.equal(asked.length, 4);
  assert.ok(
    asked.every((id, i) => Number(id) >= 0 && (i === 0 || Number(id) > Number(asked[i - 1]))),
  );
  assert.equal(follower.lastId, events.at(-1)!.id);
});

Deno.test("task follower - a reload resumes a task from its start; a gone task is an ApiError", async () => {
  const { app, ann, content, start } = await counting(20);
  await using _app = app;
  const first = await (await start(AbortSignal.timeout(5000))).text();
  const taskId = /"taskId":"([^"]+)"/.exec(first)![1];
  const events: StreamEvent[] = [];
  const named: string[] = [];
  await followTask({
    taskId,
    onEvent: (e) => events.push(e),
    onTask: (id) => named.push(id),
    fetch: ann.fetch,
  }).done;
  assert.deepEqual(named, [taskId], "a given task is named at once");
  assert.equal(events[0].event, "meta");
  assert.equal(textOf(events), content);

  const gone = followTask({ taskId: "no-such-task", onEvent: () => {}, fetch: ann.fetch });
  await assert.rejects(
    gone.done,
    (err) => err instanceof ApiError && err.code === "task_not_found",
  );
});

Deno.test("task follower - a silent connection is dropped and resumed; close() stops", async () => {
  const { app, ann, start } = await counting(5);
  await using _app = app;
  let calls = 0;
  const events: StreamEvent[] = [];
  const follower = followTask(
    {
      // A connection that says nothing at all, forever (a phone's dead socket).
      start: () =>
        Promise.resolve(new Response(new ReadableStream({ pull: () => new Promise(() => {}) }))),
      onEvent: (e) => events.push(e),
      idleMs: 100,
      async findTask() {
        // The first connection broke before its meta event: find the task another way.
        const res = await start(AbortSignal.timeout(5000));
        return /"taskId":"([^"]+)"/.exec(await res.text())![1];
      },
      fetch(path, init) {
        calls++;
        return ann.fetch(path, init);
      },
    },
  );
  const waker = setInterval(() => follower.wake(), 20);
  await follower.done.finally(() => clearInterval(waker));
  assert.equal(calls, 1);
  assert.equal(events.at(-1)?.event, "done");

  const stopped = followTask({
    start: () =>
      Promise.resolve(new Response(new ReadableStream({ pull: () => new Promise(() => {}) }))),
    onEvent: () => {},
  });
  setTimeout(() => stopped.close(), 50);
  await stopped.done;
});

/** The admin starts downloading gemma3:1b; the answer streams the download's task. */
function startPull(app: AdminApp, signal: AbortSignal): Promise<Response> {
  return app.admin("/api/admin/ollama/pull", { ...json("POST", { model: "gemma3:1b" }), signal });
}

Deno.test("follow task - a task named by X-Hearth-Task resumes from its own stream; onTask once", async () => {
  await using app = await adminApp();
  const asked: { path: string; after: string | null }[] = [];
  const named: string[] = [];
  const events: StreamEvent[] = [];
  let taskId = "";
  await followTask({
    async start(signal) {
      const res = await startPull(app, signal);
      taskId = res.headers.get("X-Hearth-Task")!;
      return cut(res, 200);
    },
    onEvent: (e) => events.push(e),
    onTask: (id) => named.push(id),
    fetch(path, init) {
      asked.push({ path, after: new Headers(init.headers).get("last-event-id") });
      return app.admin(path, init);
    },
  }).done;
  assert.deepEqual(named, [taskId]);
  assert.equal(asked.length, 1);
  assert.equal(asked[0].path, `/api/tasks/${taskId}/stream`);
  assert.ok(Number(asked[0].after) >= 0, "it resumes after the last event it handed over");
  assert.deepEqual(events.map((e) => e.id), events.map((_, i) => i));
  assert.equal(events.at(-1)?.event, "done");
});

Deno.test("follow task - a start that fails before anything names a task fails at once", async () => {
  let resumes = 0;
  await assert.rejects(
    followTask({
      start: () => Promise.reject(new TypeError("offline")),
      onEvent() {},
      fetch() {
        resumes++;
        return Promise.reject(new TypeError("offline"));
      },
    }).done,
    (err) => err instanceof TypeError && err.message === "offline",
  );
  assert.equal(resumes, 0);
  const refused = followTask({
    start: () =>
      Promise.resolve(Response.json({ error: { code: "admin_required", message: "no" } }, {
        status: 401,
      })),
    onEvent() {},
  }).done;
  await assert.rejects(refused, (err) => err instanceof ApiError && err.code === "admin_required");
});

Deno.test("follow task - aborting the signal stops reading; the task goes on", async () => {
  await using app = await adminApp({
    HEARTH_FAKE_OLLAMA: "1",
    HEARTH_FAKE_OLLAMA_DELAY_MS: "50",
  });
  const stop = new AbortController();
  const events: StreamEvent[] = [];
  let taskId = "";
  await followTask({
    async start(signal) {
      const res = await startPull(app, signal);
      taskId = res.headers.get("X-Hearth-Task")!;
      return res;
    },
    onEvent(e) {
      events.push(e);
      if (events.length === 2) stop.abort();
    },
    signal: stop.signal,
  }).done;
  assert.equal(events.length, 2, "nothing is handed over after the abort");
  const { tasks } = await (await app.admin("/api/tasks?kind=pull")).json();
  assert.equal(tasks.find((t: { id: string }) => t.id === taskId)?.status, "running");
  await (await app.admin(`/api/tasks/${taskId}/cancel`, json("POST", {}))).body
    ?.cancel();
});

Deno.test("follow task - a task that ends with an error event rejects with a TaskError after [DONE]", async () => {
  await using app = await adminApp();
  const events: StreamEvent[] = [];
  const following = followTask({
    start: (signal) =>
      app.admin("/api/admin/ollama/pull", { ...json("POST", { model: "nope:1b" }), signal }),
    onEvent: (e) => events.push(e),
  });
  await assert.rejects(
    following.done,
    (err) =>
      err instanceof TaskError && err.code === "model_not_found" && /manifest/.test(err.message),
  );
  assert.equal(events.at(-1)?.event, "error", "the error event itself was handed over");
  assert.ok(following.taskId, "the task was named");
});
