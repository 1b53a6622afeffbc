/**
 * The Lists pages without JavaScript: the section in the nav, making a list with the plain form
 * (a refused one comes back with its values and the error), and on a list's page its owner's
 * forms (rename, share, unshare, delete after a confirmation) and anyone's add (one item per
 * line). `lib/lists/access.ts` decides: on a shared list another profile adds but cannot share
 * or delete; someone else's private list is a missing one.
 */
import assert from "node:assert/strict";
import { getList, listLists, updateItem } from "../lib/lists/store.ts";
import { testApp } from "./helpers/app.ts";
import { type Member, member } from "./helpers/profile.ts";

const HTML = { accept: "text/html" };

function post(who: Member, path: string, form: Record<string, string>) {
  return who.fetch(path, { method: "POST", headers: HTML, body: new URLSearchParams(form) });
}

async function page(who: Member, path: string) {
  const res = await who.fetch(path, { headers: HTML });
  assert.equal(res.status, 200);
  return await res.text();
}

Deno.test("lists page - in the nav; a list made and shared with plain forms, then deleted", async () => {
  await using app = await testApp();
  const ann = await member(app, "Ann");
  const bob = await member(app, "Bob");
  const db = app.services.db.kysely;
  const deps = { db, feeds: app.services.listFeeds };

  const index = await page(ann, "/lists");
  assert.match(index, /<a href="\/lists" class="nav-link" aria-current="page"/);
  assert.match(index, /<title>Lists · Hearth<\/title>/);
  assert.match(index, /<form method="post" action="\/lists"/);
  assert.match(index, /No lists yet/);

  // Made private (the checkbox left unticked): Bob does not see it.
  const made = await post(ann, "/lists", { name: "Groceries", kind: "shopping" });
  assert.equal(made.status, 303);
  const id = (made.headers.get("location") ?? "").match(/^\/lists\/([\w-]+)$/)?.[1];
  assert.ok(id, made.headers.get("location") ?? "");
  let list = await getList(db, ann.id, id);
  assert.deepEqual([list.name, list.kind, list.shared], ["Groceries", "shopping", false]);
  assert.equal((await bob.fetch(`/lists/${id}`, { headers: HTML })).status, 404);

  const own = await page(ann, `/lists/${id}`);
  assert.match(own, /Private: only you see this list/);
  assert.match(own, /name="intent" value="share"/);
  assert.match(own, /<details class="lists-delete">/, "deleting asks first");

  // Shared: Bob reads it, adds to it (several lines at once), but cannot unshare or delete it.
  assert.equal((await post(ann, `/lists/${id}`, { intent: "share" })).status, 303);
  assert.equal((await getList(db, ann.id, id)).shared, true);
  const his = await page(bob, `/lists/${id}`);
  assert.match(his, /only its owner can rename/);
  assert.doesNotMatch(his, /name="intent" value="(un)?share"|value="delete"/);
  const added = await post(bob, `/lists/${id}`, { intent: "add", text: "Milk\n- Bread\n\n Eggs " });
  assert.equal(added.status, 303);
  list = await getList(db, ann.id, id);
  assert.deepEqual(list.items.map((i) => i.text), ["Milk", "Bread", "Eggs"]);
  // Without JavaScript the add box posts to the page; remove and clear, which need it, wait.
  await updateItem(deps, ann.id, id, list.items[0].id, { done: true });
  const items = await page(ann, `/lists/${id}`);
  assert.match(items, new RegExp(`<form class="list-add" method="post" action="/lists/${id}"`));
  assert.match(items, /<textarea name="text"/);
  assert.match(items, /class="list-item done"/);
  assert.doesNotMatch(items, /class="list-(remove|clear)"/);
  for (const intent of ["unshare", "delete"]) {
    const refused = await post(bob, `/lists/${id}`, { intent });
    assert.equal(refused.status, 403, intent);
    assert.match(await refused.text(), /Only the list(&#x27;|&#39;|')s owner/);
  }
  assert.equal((await getList(db, ann.id, id)).shared, true);

  // Renamed and unshared by its owner: gone for Bob again.
  assert.equal(
    (await post(ann, `/lists/${id}`, { intent: "rename", name: "Weekly shop" })).status,
    303,
  );
  assert.equal((await post(ann, `/lists/${id}`, { intent: "unshare" })).status, 303);
  list = await getList(db, ann.id, id);
  assert.deepEqual([list.name, list.shared], ["Weekly shop", false]);
  assert.equal((await post(bob, `/lists/${id}`, { intent: "add", text: "Sneaky" })).status, 404);
  assert.equal((await getList(db, ann.id, id)).items.length, 3);

  const deleted = await post(ann, `/lists/${id}`, { intent: "delete" });
  assert.equal(deleted.status, 303);
  assert.equal(deleted.headers.get("location"), "/lists");
  assert.deepEqual(await listLists(db, ann.id), []);
});

Deno.test("lists page - a shared list made with the form shows in the household's index", async () => {
  await using app = await testApp();
  const ann = await member(app, "Ann");
  const bob = await member(app, "Bob");
  const made = await post(ann, "/lists", { name: "Chores", kind: "chores", shared: "on" });
  assert.equal(made.status, 303);
  const index = await page(bob, "/lists");
  assert.match(index, /Chores[\s\S]*Chores · shared with the household · 0 open/);
});

Deno.test("lists page - a refused form comes back with its values and a sentence naming the field", async () => {
  await using app = await testApp();
  const ann = await member(app, "Ann");
  const long = "x".repeat(101);
  const res = await post(ann, "/lists", { name: long, kind: "packing", shared: "on" });
  assert.equal(res.status, 422);
  const html = await res.text();
  assert.match(html, /role="alert">[^<]*name/i);
  assert.match(html, new RegExp(`value="${long}"`));
  assert.match(html, /<option value="packing" selected>/);
  assert.match(html, /name="shared" checked/);
  assert.deepEqual(await listLists(app.services.db.kysely, ann.id), []);

  const bad = await post(ann, "/lists", { name: "Trip", kind: "zoo" });
  assert.equal(bad.status, 422);
  assert.match(await bad.text(), /role="alert">[^<]*kind of list/i);

  // On a list's page: an empty add and a rename to nothing are refused there too.
  const made = await post(ann, "/lists", { name: "Trip" });
  const path = made.headers.get("location")!;
  const empty = await post(ann, path, { intent: "add", text: " \n " });
  assert.equal(empty.status, 422);
  assert.match(await empty.text(), /role="alert"/);
  const unnamed = await post(ann, path, { intent: "rename", name: "  " });
  assert.equal(unnamed.status, 422);
  assert.match(await unnamed.text(), /value="Trip"/, "the page shows the list as it is");
  const unknown = await post(ann, path, { intent: "explode" });
  assert.equal(unknown.status, 422);
});
