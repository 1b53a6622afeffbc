import assert from "node:assert/strict";
import { MAX_WAITING, ModelQueue, type Ticket } from "./queue.ts";

const H = "http://127.0.0.1:11434";

/** The order in which `tickets` get their slots when each releases as soon as it has it. */
async function serveOrder(tickets: [string, Ticket][]): Promise<string[]> {
  const order: string[] = [];
  await Promise.all(tickets.map(async ([name, t]) => {
    await t.wait();
    order.push(name);
    // The next grant happens on release, after this one recorded its turn.
    queueMicrotask(t.release);
  }));
  return order;
}

Deno.test("model queue - a free slot is granted at once; parallelism 1 makes the rest wait", () => {
  const q = new ModelQueue();
  const a = q.enter(H, "llama3.2");
  const b = q.enter(H, "llama3.2");
  const other = q.enter(H, "qwen3");
  const same = q.enter(H, "Llama3.2:latest");
  assert.equal(same.granted, false, "one model under two spellings is one line");
  same.release();
  assert.equal(a.granted, true);
  assert.equal(b.granted, false);
  assert.equal(b.ahead, 1);
  assert.equal(other.granted, true, "another model has its own line");
  a.release();
  assert.equal(b.granted, true);
  b.release();
  other.release();
  assert.deepEqual(q.snapshot(), []);
});

Deno.test("model queue - a reply goes before waiting titles and background work, and waits only for what runs", async () => {
  const q = new ModelQueue();
  const running = q.enter(H, "m", { priority: "background", label: "embed" });
  const waiting: [string, Ticket][] = [];
  for (let i = 0; i < 5; i++) {
    waiting.push([`bg${i}`, q.enter(H, "m", { priority: "background", label: "embed" })]);
  }
  waiting.push(["title", q.enter(H, "m", { priority: "title" })]);
  const reply = q.enter(H, "m", { priority: "interactive", owner: "ann" });
  assert.equal(reply.ahead, 1, "only the running background request is ahead of the reply");
  const view = q.snapshot()[0];
  assert.equal(view.running.length, 1);
  assert.deepEqual(view.waiting.map((w) => w.priority).slice(0, 2), ["interactive", "title"]);
  const order = serveOrder([["reply", reply], ...waiting]);
  running.release();
  assert.deepEqual((await order).slice(0, 3), ["reply", "title", "bg0"]);
});

Deno.test("model queue - within a priority, the owner with fewer requests running goes first", async () => {
  const q = new ModelQueue();
  const first = q.enter(H, "m", { owner: "ann" });
  const ann2 = q.enter(H, "m", { owner: "ann" });
  const ann3 = q.enter(H, "m", { owner: "ann" });
  const bob = q.enter(H, "m", { owner: "bob" });
  assert.equal(bob.ahead, 1, "bob waits only for ann's running reply");
  assert.equal(ann3.ahead, 3);
  const order = serveOrder([["ann2", ann2], ["ann3", ann3], ["bob", bob]]);
  first.release();
  assert.deepEqual(await order, ["bob", "ann2", "ann3"]);
});

Deno.test("model queue - waiters hear how many are ahead as the line moves", async () => {
  const q = new ModelQueue();
  const a = q.enter(H, "m");
  const b = q.enter(H, "m");
  const c = q.enter(H, "m");
  const heard: number[] = [];
  const waiting = c.wait(undefined, (n) => heard.push(n));
  a.release();
  assert.equal(b.granted, true);
  await Promise.resolve();
  b.release();
  await waiting;
  assert.deepEqual(heard, [2, 1]);
  c.release();
});

Deno.test("model queue - parallelism is read at each grant; leaving the line frees its place", async () => {
  let parallel = 1;
  const q = new ModelQueue(() => parallel);
  const a = q.enter(H, "m");
  const b = q.enter(H, "m");
  const c = q.enter(H, "m");
  const controller = new AbortController();
  const bWait = b.wait(controller.signal);
  controller.abort(new Error("cancelled"));
  await assert.rejects(bWait, /cancelled/);
  b.release();
  assert.equal(c.ahead, 1);
  parallel = 2;
  const d = q.enter(H, "m");
  assert.equal(c.granted, true, "the new size applies at the next grant");
  assert.equal(d.granted, false);
  a.release();
  assert.equal(d.granted, true);
  c.release();
  d.release();
  a.release(); // twice is harmless
  assert.deepEqual(q.snapshot(), []);
});

Deno.test("model queue - a full line refuses with 503 model_busy", () => {
  const q = new ModelQueue();
  const tickets = Array.from({ length: MAX_WAITING + 1 }, () => q.enter(H, "m"));
  assert.throws(() => q.enter(H, "m"), { status: 503, code: "model_busy" });
  for (const t of tickets) t.release();
});

Deno.test("model queue - a reply stops a running title (preemptible) instead of waiting for it", () => {
  const q = new ModelQueue();
  const title = q.enter(H, "m", { priority: "title", preemptible: true });
  const embed = q.enter(H, "m2", { priority: "background" });
  assert.equal(title.granted, true);
  assert.equal(title.preempted?.aborted, false);
  const reply = q.enter(H, "m", { priority: "interactive" });
  assert.equal(title.preempted?.aborted, true, "the title is told to stop");
  assert.equal(title.preempted?.reason.name, "PreemptedError");
  assert.equal(reply.granted, false, "the slot is free once the title has left");
  title.release();
  assert.equal(reply.granted, true);
  // Background work is not stopped: it has no preempted signal, and a reply waits for it.
  const reply2 = q.enter(H, "m2", { priority: "interactive" });
  assert.equal(embed.preempted, undefined);
  assert.equal(reply2.granted, false);
  for (const t of [reply, embed, reply2]) t.release();
});
