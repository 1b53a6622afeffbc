import assert from "node:assert/strict";
import { HttpError } from "../http/errors.ts";
import { type ApprovalDraft, Approvals } from "./approvals.ts";

const draft: ApprovalDraft = {
  stepId: "call-1",
  name: "write_file",
  risk: "write",
  arguments: { path: "notes.md" },
};

async function rejects(fn: () => unknown, status: number, code: string) {
  await assert.rejects(async () => await fn(), (err) => {
    assert.ok(err instanceof HttpError);
    assert.equal(err.status, status);
    assert.equal(err.code, code);
    return true;
  });
}

Deno.test("approvals - the profile approves: the decision settles, the request says so", async () => {
  const approvals = new Approvals({ now: () => Date.parse("2026-01-01T10:00:00Z") });
  const { request, decision } = approvals.ask("ann", draft, new AbortController().signal);
  assert.equal(request.expiresAt, "2026-01-01T10:10:00.000Z");
  assert.deepEqual(approvals.pending("ann").map((r) => r.id), [request.id]);
  assert.deepEqual(approvals.pending("bob"), []);
  const decided = approvals.decide("ann", request.id, true);
  assert.equal(decided.decision, "approved");
  assert.equal(await decision, "approved");
  assert.deepEqual(approvals.pending("ann"), []);
});

Deno.test("approvals - denied; a second decision is 409; another profile's or unknown is 404", async () => {
  const approvals = new Approvals();
  const { request, decision } = approvals.ask("ann", draft, new AbortController().signal);
  await rejects(() => approvals.decide("bob", request.id, true), 404, "approval_not_found");
  await rejects(() => approvals.decide("ann", "nope", true), 404, "approval_not_found");
  assert.equal(approvals.decide("ann", request.id, false).decision, "denied");
  assert.equal(await decision, "denied");
  await rejects(() => approvals.decide("ann", request.id, true), 409, "approval_decided");
});

Deno.test("approvals - unanswered, it expires; a decision after that is 409", async () => {
  const approvals = new Approvals({ ttlMs: 5 });
  const { request, decision } = approvals.ask("ann", draft, new AbortController().signal);
  assert.equal(await decision, "expired");
  await rejects(() => approvals.decide("ann", request.id, true), 409, "approval_decided");
});

Deno.test("approvals - the turn's abort denies it, and so does closing", async () => {
  const approvals = new Approvals();
  const stop = new AbortController();
  const asked = approvals.ask("ann", draft, stop.signal);
  stop.abort();
  assert.equal(await asked.decision, "denied");
  const already = approvals.ask("ann", draft, AbortSignal.abort());
  assert.equal(await already.decision, "denied");
  const open = approvals.ask("ann", draft, new AbortController().signal);
  approvals.close();
  assert.equal(await open.decision, "denied");
  assert.deepEqual(approvals.pending("ann"), []);
});
