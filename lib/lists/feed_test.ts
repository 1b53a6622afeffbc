import assert from "node:assert/strict";
import { ListFeeds } from "./feed.ts";
import type { ListEvent } from "./types.ts";

const snapshot = (): Promise<ListEvent> =>
  Promise.resolve({ type: "deleted", id: "stand-in for a snapshot" });

async function readAll(res: Response): Promise<string> {
  return await res.text();
}

Deno.test("list feeds - capped per list (429) and in total (503); a cancelled feed frees its slot", async () => {
  const feeds = new ListFeeds({ perList: 2, total: 3 });
  const a = await feeds.subscribe("L1", "p", snapshot);
  await feeds.subscribe("L1", "p", snapshot);
  await assert.rejects(feeds.subscribe("L1", "p", snapshot), {
    status: 429,
    code: "list_feeds_full",
  });
  const c = await feeds.subscribe("L2", "p", snapshot);
  await assert.rejects(feeds.subscribe("L3", "p", snapshot), { status: 503, code: "streams_full" });
  assert.equal(feeds.open, 3);
  await a.body!.cancel();
  await c.body!.cancel();
  assert.equal(feeds.open, 1);
  assert.equal(feeds.openOn("L1"), 1);
  await feeds.subscribe("L1", "p", snapshot);
  feeds.close();
  await assert.rejects(feeds.subscribe("L4", "p", snapshot), { code: "shutting_down" });
});

Deno.test("list feeds - a failing snapshot frees the slot it took", async () => {
  const feeds = new ListFeeds({ perList: 1 });
  await assert.rejects(feeds.subscribe("L", "p", () => Promise.reject(new Error("gone"))), /gone/);
  assert.equal(feeds.open, 0);
  const res = await feeds.subscribe("L", "p", snapshot);
  feeds.close();
  assert.match(await readAll(res), /"reason":"shutdown"/);
});

Deno.test("list feeds - a reader that falls behind is ended as slow instead of growing a buffer", async () => {
  const feeds = new ListFeeds({ maxQueued: 4 });
  const res = await feeds.subscribe("L", "p", snapshot);
  for (let i = 0; i < 100; i++) feeds.publish("L", { type: "deleted", id: `i${i}` });
  const text = await readAll(res);
  // Nothing of the backlog was kept: only the end.
  assert.equal(text, `event: closed\ndata: {"type":"closed","reason":"slow"}\n\n`);
  assert.equal(feeds.open, 0);
});

Deno.test("list feeds - heartbeats while quiet; ended only for the profiles picked", async () => {
  const feeds = new ListFeeds({ heartbeatMs: 5 });
  const owner = await feeds.subscribe("L", "owner", snapshot);
  const other = await feeds.subscribe("L", "other", snapshot);
  const reader = owner.body!.getReader();
  let text = "";
  while (!text.includes(": heartbeat")) {
    text += new TextDecoder().decode((await reader.read()).value);
  }
  feeds.end("L", "unshared", (who) => who !== "owner");
  assert.match(await readAll(other), /"reason":"unshared"\}\n\n$/);
  assert.equal(feeds.openOn("L"), 1);
  await reader.cancel();
  assert.equal(feeds.open, 0);
});
