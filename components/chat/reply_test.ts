/**
 * `followReply` with an agent's events: `tool` and `approval` events are kept by id (the newest
 * state of each, in the order they first came) while the reply streams, and the ended reply
 * carries its steps as `meta.steps`, as the server saves them.
 */
import assert from "node:assert/strict";
import { signal } from "@preact/signals";
import type { ApprovalRequest, ToolStep } from "../../lib/agent/types.ts";
import { TASK_HEADER } from "../../lib/tasks/types.ts";
import { followReply } from "./reply.ts";
import type { LiveReply, MessageView } from "./types.ts";

// One frame at once: the reply renders on requestAnimationFrame in a browser.
globalThis.requestAnimationFrame ??= (fn: FrameRequestCallback) => Number(setTimeout(() => fn(0)));
globalThis.cancelAnimationFrame ??= (id: number) => clearTimeout(id as never);

const step = (id: string, state: ToolStep["state"], more: Partial<ToolStep> = {}): ToolStep => ({
  id,
  step: Number(id.slice(1)),
  name: "write_file",
  risk: "write",
  arguments: { path: "notes.md" },
  state,
  ...more,
});

const ask: ApprovalRequest = {
  id: "a1",
  stepId: "s2",
  name: "write_file",
  risk: "write",
  arguments: { path: "b.md" },
  expiresAt: "2026-12-04T04:00:00.000Z",
};

/** A canned task stream: `first`, then (once `gate` settles) `then` and `[DONE]`. */
function stream(first: [string, unknown][], gate: Promise<unknown>, then: [string, unknown][]) {
  const all = [...first, ...then];
  const sse = (from: number, to: number) =>
    new TextEncoder().encode(
      all.slice(from, to).map(([event, data], i) =>
        `id: ${from + i}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`
      ).join(""),
    );
  let part = 0;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (part++ === 0) return controller.enqueue(sse(0, first.length));
      await gate;
      controller.enqueue(sse(first.length, all.length));
      controller.enqueue(new TextEncoder().encode(`id: ${all.length}\ndata: [DONE]\n\n`));
      controller.close();
    },
  });
  return new Response(body, {
    headers: { "content-type": "text/event-stream", [TASK_HEADER]: "task-1" },
  });
}

Deno.test("followReply - agent steps and approvals are kept by id, and the reply ends with meta.steps", async () => {
  const live = signal<LiveReply | null>(null);
  // The rest of the stream waits until the page shows the pending approval.
  const pending = Promise.withResolvers<LiveReply>();
  const stop = live.subscribe((r) => r?.approvals?.length && pending.resolve(r));
  const ended = Promise.withResolvers<MessageView>();
  const meta = { conversationId: "c", userMessageId: "u", assistantMessageId: "m", taskId: "t" };
  followReply(
    live,
    () =>
      Promise.resolve(stream(
        [
          ["meta", { ...meta, model: "llama3.2:latest" }],
          ["tool", step("s1", "running")],
          ["tool", step("s1", "done", { summary: "Wrote notes.md", durationMs: 12 })],
          ["tool", step("s2", "waiting")],
          ["approval", ask],
        ],
        pending.promise,
        [
          ["approval", { ...ask, decision: "denied" }],
          ["tool", step("s2", "denied", { code: "denied" })],
          ["token", { text: "Done." }],
          ["done", {}],
        ],
      )),
    null,
    {
      lostMessage: "lost",
      onEnd: ended.resolve,
      onRefused: (err) => ended.reject(err),
      onGone: () => ended.reject(new Error("gone")),
    },
  );
  const shown = await pending.promise;
  assert.deepEqual(shown.steps!.map((s) => [s.id, s.state]), [["s1", "done"], ["s2", "waiting"]]);
  assert.deepEqual(shown.approvals, [ask]);
  const reply = await ended.promise;
  stop();
  assert.equal(reply.content, "Done.");
  const steps = reply.meta.steps as ToolStep[];
  assert.deepEqual(steps.map((s) => [s.id, s.state]), [["s1", "done"], ["s2", "denied"]]);
  assert.equal(steps[0].summary, "Wrote notes.md");
  assert.equal(reply.meta.approvals, undefined, "approvals end with the reply; steps say how");
});
