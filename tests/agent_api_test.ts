/**
 * Agent mode over the running app's services (lib/chat/deps.ts `chatDeps`), with the parts of
 * lib/agent/parts.ts connected as test doubles: a reply waits for approval, the member approves it
 * through `POST /api/agent/approvals/{id}`, the step runs, and the task's stream (as the chat page
 * reads it) carries the `tool` and `approval` events.
 */
import assert from "node:assert/strict";
import { ToolRegistry } from "../lib/assistant/registry.ts";
import { connectAgentParts } from "../lib/agent/parts.ts";
import { memoryWorkspace, TEST_TOOLS, testSettings } from "../lib/agent/testing.ts";
import { type ApprovalRequest, approvalUrl, type ToolStep } from "../lib/agent/types.ts";
import { chatDeps } from "../lib/chat/deps.ts";
import { sendMessage } from "../lib/chat/engine.ts";
import { createConversation } from "../lib/chat/store.ts";
import { json, parseSse, readSse } from "./helpers/admin.ts";
import { testApp } from "./helpers/app.ts";
import { member } from "./helpers/profile.ts";

Deno.test("agent API - a step waits for the member's approval over HTTP, then runs; reload shows the steps", async () => {
  await using app = await testApp({ ollama: {} });
  const ann = await member(app, "Ann");
  const workspace = memoryWorkspace(ann.id, "");
  const snapshots: string[] = [];
  let n = 0;
  app.ollama!.server.setReply((body) =>
    Array.isArray(body.tools) && n++ === 0
      ? { toolCalls: [{ name: "write_file", arguments: { path: "plan.md", content: "plan" } }] }
      : { content: "Wrote the plan." }
  );
  connectAgentParts(app.services, {
    openWorkspace: () => Promise.resolve(workspace),
    snapshot: (_ws, messageId) => Promise.resolve(void snapshots.push(messageId)),
    tools: () => new ToolRegistry(TEST_TOOLS),
    settings: () => Promise.resolve(testSettings({ write: true })),
  });
  const model = app.ollama!.server.installed()[0];
  const conversation = await createConversation(app.services.db.kysely, ann.id, {
    agent: true,
    model,
  });
  const started = await sendMessage(chatDeps(app.services), {
    profileId: ann.id,
    conversationId: conversation.id,
    content: "Write a plan",
  });
  // The chat page follows the task's stream; the approval appears in it.
  let approval: ApprovalRequest | undefined;
  for await (const chunk of started.task.read(0)) {
    if (chunk.event === "approval") {
      approval = JSON.parse(chunk.data);
      break;
    }
  }
  assert.ok(approval);
  assert.deepEqual(app.services.approvals.pending(ann.id).map((a) => a.id), [approval.id]);
  const decided = await ann.fetch(approvalUrl(approval.id), json("POST", { approve: true }));
  assert.equal(decided.status, 200);
  assert.equal((await decided.json()).decision, "approved");
  await started.task.ended;

  const res = await ann.fetch(`/api/tasks/${started.task.id}/stream`);
  const events = parseSse(await res.text());
  const steps = events.filter((e) => e.event === "tool").map((e) => e.data as ToolStep);
  assert.deepEqual(steps.map((s) => s.state), ["waiting", "running", "done"]);
  assert.deepEqual(
    events.filter((e) => e.event === "approval").map((e) => (e.data as ApprovalRequest).decision),
    [undefined, "approved"],
  );
  assert.equal(workspace.files.get("plan.md"), "plan");
  assert.deepEqual(snapshots, [started.assistantMessage.id]);

  // After a reload the reply carries its steps.
  const page = await ann.fetch(`/api/conversations/${conversation.id}/messages`);
  const { items } = await page.json();
  const reply = items.find((m: { id: string }) => m.id === started.assistantMessage.id);
  assert.equal(reply.content, "Wrote the plan.");
  assert.deepEqual(reply.meta.steps.map((s: ToolStep) => [s.name, s.state]), [[
    "write_file",
    "done",
  ]]);
});

Deno.test("agent API - until the parts are connected, an agent conversation answers plainly", async () => {
  await using app = await testApp({ ollama: {} });
  const ann = await member(app, "Ann");
  app.ollama!.server.setReply((body) => Array.isArray(body.tools) ? "tools offered" : "plain");
  const conversation = await createConversation(app.services.db.kysely, ann.id, {
    agent: true,
    model: app.ollama!.server.installed()[0],
  });
  assert.equal(chatDeps(app.services).agent, undefined);
  const started = await sendMessage(chatDeps(app.services), {
    profileId: ann.id,
    conversationId: conversation.id,
    content: "Hello",
  });
  await started.task.ended;
  const page = await (await ann.fetch(`/api/conversations/${conversation.id}/messages`)).json();
  assert.equal(page.items.at(-1).content, "plain");
});

Deno.test("agent API - POST /api/chat/stream in an agent conversation streams the steps, in the member's language", async () => {
  await using app = await testApp({ ollama: {} });
  const ann = await member(app, "Ann");
  const workspace = memoryWorkspace(ann.id, "");
  let n = 0;
  app.ollama!.server.setReply((body) =>
    Array.isArray(body.tools) && n++ === 0
      ? { toolCalls: [{ name: "read_file", arguments: { path: "../secret" } }] }
      : { content: "Das geht nicht." }
  );
  connectAgentParts(app.services, {
    openWorkspace: () => Promise.resolve(workspace),
    snapshot: () => Promise.resolve(),
    tools: () => new ToolRegistry(TEST_TOOLS),
    settings: () => Promise.resolve(testSettings()),
  });
  const model = app.ollama!.server.installed()[0];
  const conversation = await createConversation(app.services.db.kysely, ann.id, {
    agent: true,
    model,
  });
  const events = await readSse(
    await ann.fetch("/api/chat/stream", {
      ...json("POST", { conversationId: conversation.id, content: "Lies ../secret" }),
      headers: { "content-type": "application/json", "accept-language": "de" },
    }),
  );
  const steps = events.filter((e) => e.event === "tool").map((e) => e.data as ToolStep);
  assert.deepEqual(steps.map((s) => [s.name, s.state, s.code]), [
    ["read_file", "running", undefined],
    ["read_file", "error", "path_outside"],
  ]);
  assert.match(steps[1].summary!, /^Fehlgeschlagen: /);
  assert.equal(events.at(-2)?.event, "done");
});
