/**
 * The live feed of a list (`GET /api/lists/{id}/events`): another open device sees a change
 * without a reload, and the feed ends for those who lose the list.
 */
import assert from "node:assert/strict";
import { drainTasks } from "../lib/services.ts";
import { json } from "./helpers/admin.ts";
import { testApp } from "./helpers/app.ts";
import { type Member, member } from "./helpers/profile.ts";
import { FeedReader } from "./helpers/sse_reader.ts";

async function open(who: Member, listId: string): Promise<FeedReader> {
  const res = await who.fetch(`/api/lists/${listId}/events`);
  assert.equal(res.status, 200, res.status === 200 ? "" : await res.text());
  assert.equal(res.headers.get("content-type"), "text/event-stream");
  return new FeedReader(res);
}

async function sharedList(ann: Member) {
  const list = await (await ann.fetch(
    "/api/lists",
    json("POST", { name: "Shopping", kind: "shopping", shared: true }),
  )).json();
  const added = await ann.fetch(`/api/lists/${list.id}/items`, json("POST", { text: "Milk" }));
  return { list, item: (await added.json()).items[0] };
}

Deno.test("list feed - a tick made by another profile reaches an open device", async () => {
  await using app = await testApp();
  const ann = await member(app, "Ann");
  const bob = await member(app, "Bob");
  const { list, item } = await sharedList(ann);

  const annFeed = await open(ann, list.id);
  const first = await annFeed.next();
  assert.equal(first?.type, "snapshot");
  assert.deepEqual(first.type === "snapshot" && first.list.items.map((i) => i.text), ["Milk"]);

  // Bob, on his phone, ticks the milk.
  const tick = await bob.fetch(
    `/api/lists/${list.id}/items/${item.id}`,
    json("PATCH", { done: true }),
  );
  assert.equal(tick.status, 200);
  const change = await annFeed.next();
  assert.equal(change?.type, "item");
  assert.deepEqual(
    change.type === "item" && [change.item.id, change.item.done, change.item.doneBy],
    [
      item.id,
      true,
      bob.id,
    ],
  );

  // An added item, a deleted one, a new order and a rename follow, in order.
  const bread = (await (await bob.fetch(
    `/api/lists/${list.id}/items`,
    json("POST", { text: "Bread" }),
  )).json()).items[0];
  assert.deepEqual(await annFeed.next(), { type: "item", item: bread });
  await bob.fetch(
    `/api/lists/${list.id}/items/reorder`,
    json("POST", { ids: [bread.id, item.id] }),
  );
  assert.deepEqual(await annFeed.next(), { type: "order", ids: [bread.id, item.id] });
  await bob.fetch(`/api/lists/${list.id}/items/${bread.id}`, { method: "DELETE" });
  assert.deepEqual(await annFeed.next(), { type: "deleted", id: bread.id });
  await ann.fetch(`/api/lists/${list.id}`, json("PATCH", { name: "Food" }));
  const renamed = await annFeed.next();
  assert.equal(renamed?.type === "list" && renamed.list.name, "Food");

  await annFeed.cancel();
  assert.equal(app.services.listFeeds.open, 0, "a device that leaves frees its slot");
});

Deno.test("list feed - unsharing ends the others' feeds (the owner's goes on); deleting ends all", async () => {
  await using app = await testApp();
  const ann = await member(app, "Ann");
  const bob = await member(app, "Bob");
  const { list } = await sharedList(ann);
  const annFeed = await open(ann, list.id);
  const bobFeed = await open(bob, list.id);
  assert.equal((await annFeed.next())?.type, "snapshot");
  assert.equal((await bobFeed.next())?.type, "snapshot");

  await ann.fetch(`/api/lists/${list.id}`, json("PATCH", { shared: false }));
  assert.equal((await bobFeed.next())?.type, "list");
  assert.deepEqual(await bobFeed.next(), { type: "closed", reason: "unshared" });
  assert.equal(await bobFeed.next(), null);
  assert.ok(bobFeed.ended);
  // Bob cannot come back.
  assert.equal((await bob.fetch(`/api/lists/${list.id}/events`)).status, 404);

  const ownerSaw = await annFeed.next();
  assert.equal(ownerSaw?.type === "list" && ownerSaw.list.shared, false);
  assert.equal(app.services.listFeeds.openOn(list.id), 1, "Ann's feed goes on");

  await ann.fetch(`/api/lists/${list.id}`, { method: "DELETE" });
  assert.deepEqual(await annFeed.next(), { type: "closed", reason: "deleted" });
  assert.equal(await annFeed.next(), null);
  assert.equal(app.services.listFeeds.open, 0);
});

Deno.test("list feed - stopping the server ends every open feed, so none holds up the stop", async () => {
  await using app = await testApp();
  const ann = await member(app, "Ann");
  const { list } = await sharedList(ann);
  const feed = await open(ann, list.id);
  assert.equal((await feed.next())?.type, "snapshot");
  await drainTasks(app.services, 0);
  assert.deepEqual(await feed.next(), { type: "closed", reason: "shutdown" });
  assert.equal(await feed.next(), null);
  assert.equal((await ann.fetch(`/api/lists/${list.id}/events`)).status, 503);
});
