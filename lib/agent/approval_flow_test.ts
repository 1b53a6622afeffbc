import assert from "node:assert/strict";
import { drain } from "../assistant/testing.ts";
import { getMessage } from "../chat/store.ts";
import type { Task } from "../tasks/task.ts";
import { agentChat } from "./testing.ts";
import type { ApprovalRequest, ToolStep } from "./types.ts";

type Wire = { role: string; content: string };

const write = {
  toolCalls: [{ name: "write_file", arguments: { path: "plan.md", content: "the plan" } }],
};

/** The first `approval` event of the task, once it is streamed. */
async function approvalOf(task: Task): Promise<ApprovalRequest> {
  for await (const c of task.read(0)) {
    if (c.event === "approval") return JSON.parse(c.data);
  }
  throw new Error("no approval event");
}

async function asked(
  decide: (chat: Awaited<ReturnType<typeof agentChat>>, a: ApprovalRequest, task: Task) => void,
  opts = {},
) {
  const chat = await agentChat({ approve: { write: true }, ...opts });
  const started = await chat.start("Write the plan", [write, { content: "Finished." }]);
  const approval = await approvalOf(started.task);
  assert.equal(approval.name, "write_file");
  assert.equal(approval.risk, "write");
  assert.deepEqual(approval.arguments, { path: "plan.md", content: "the plan" });
  decide(chat, approval, started.task);
  const events = await drain(started.task);
  const reply = await getMessage(chat.db.kysely, "ann", started.assistantMessage.id);
  const approvals = events.filter((e) => e.event === "approval").map((e) =>
    e.data as unknown as ApprovalRequest
  );
  const steps = events.filter((e) => e.event === "tool").map((e) => e.data as unknown as ToolStep);
  return { chat, events, reply, approvals, steps };
}

Deno.test("agent approvals - approved: the step waits, then runs after a snapshot", async () => {
  const { chat, reply, approvals, steps } = await asked((chat, a) =>
    chat.approvals.decide("ann", a.id, true)
  );
  await using _ = chat;
  assert.deepEqual(approvals.map((a) => a.decision), [undefined, "approved"]);
  assert.deepEqual(steps.map((s) => s.state), ["waiting", "running", "done"]);
  assert.equal(steps[0].id, approvals[0].stepId);
  assert.equal(chat.workspace.files.get("plan.md"), "the plan");
  assert.deepEqual(chat.snapshots, [reply.id]);
  assert.equal(reply.content, "Finished.");
  assert.deepEqual((reply.meta.steps as ToolStep[]).map((s) => s.state), ["done"]);
});

Deno.test("agent approvals - denied: nothing runs, the model is told, the turn goes on", async () => {
  const { chat, reply, approvals, steps } = await asked((chat, a) =>
    chat.approvals.decide("ann", a.id, false)
  );
  await using _ = chat;
  assert.equal(approvals[1].decision, "denied");
  assert.deepEqual(steps.map((s) => [s.state, s.code]), [["waiting", undefined], [
    "denied",
    "denied",
  ]]);
  assert.equal(chat.workspace.files.has("plan.md"), false);
  assert.equal(chat.snapshots.length, 0);
  const told = (chat.chats().at(-1)!.messages as Wire[]).findLast((m) => m.role === "tool")!;
  assert.equal(JSON.parse(told.content).error.code, "denied");
  assert.equal(reply.content, "Finished.");
  assert.equal((reply.meta.steps as ToolStep[])[0].state, "denied");
});

Deno.test("agent approvals - unanswered, it expires: denied as expired", async () => {
  const { chat, reply, approvals, steps } = await asked(() => {}, { approvalTtlMs: 20 });
  await using _ = chat;
  assert.equal(approvals[1].decision, "expired");
  assert.equal(steps.at(-1)?.code, "approval_expired");
  assert.equal(chat.workspace.files.has("plan.md"), false);
  assert.equal(reply.status, "complete");
});

Deno.test("agent approvals - stopping the reply denies the waiting step and saves it", async () => {
  const { chat, reply, approvals } = await asked((_chat, _a, task) => task.cancel());
  await using _ = chat;
  assert.equal(reply.status, "cancelled");
  assert.deepEqual(chat.approvals.pending("ann"), []);
  assert.equal(chat.workspace.files.has("plan.md"), false);
  // The waiting step is kept with the reply, denied.
  assert.deepEqual((reply.meta.steps as ToolStep[]).map((s) => s.state), ["denied"]);
  assert.ok(approvals.length >= 1);
});
