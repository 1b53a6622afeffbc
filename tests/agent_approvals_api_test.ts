import assert from "node:assert/strict";
import { approvalUrl } from "../lib/agent/types.ts";
import { json } from "./helpers/admin.ts";
import { testApp } from "./helpers/app.ts";
import { member } from "./helpers/profile.ts";

Deno.test("agent approvals API - the owner decides once; others, unknown ids and bad bodies are refused", async () => {
  await using app = await testApp();
  const ann = await member(app, "Ann");
  const bob = await member(app, "Bob");
  const { request, decision } = app.services.approvals.ask(ann.id, {
    stepId: "call-1",
    name: "write_file",
    risk: "write",
    arguments: { path: "notes.md" },
  }, new AbortController().signal);
  const url = approvalUrl(request.id);

  const bobs = await bob.fetch(url, json("POST", { approve: true }));
  assert.equal(bobs.status, 404);
  assert.equal((await bobs.json()).error.code, "approval_not_found");
  const bad = await ann.fetch(url, json("POST", { approve: "yes" }));
  assert.equal(bad.status, 422);
  await bad.body?.cancel();

  const res = await ann.fetch(url, json("POST", { approve: true }));
  assert.equal(res.status, 200);
  const body = await res.json();
  assert.equal(body.id, request.id);
  assert.equal(body.decision, "approved");
  assert.equal(await decision, "approved");

  const again = await ann.fetch(url, json("POST", { approve: false }));
  assert.equal(again.status, 409);
  assert.equal((await again.json()).error.code, "approval_decided");
  const unknown = await ann.fetch(approvalUrl("nope"), json("POST", { approve: true }));
  assert.equal(unknown.status, 404);
  await unknown.body?.cancel();
});
