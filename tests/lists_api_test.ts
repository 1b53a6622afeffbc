/** Household lists over the API: CRUD, sharing, caps, validation, who may do what. */
import assert from "node:assert/strict";
import { json } from "./helpers/admin.ts";
import { expectError, testApp } from "./helpers/app.ts";
import { type Member, member } from "./helpers/profile.ts";

async function makeList(who: Member, body: Record<string, unknown>) {
  const res = await who.fetch("/api/lists", json("POST", body));
  assert.equal(res.status, 201, await res.clone().text());
  return await res.json();
}

async function add(who: Member, listId: string, body: unknown) {
  return await who.fetch(`/api/lists/${listId}/items`, json("POST", body));
}

Deno.test("lists - create, add items, tick, edit, reorder, delete", async () => {
  await using app = await testApp();
  const ann = await member(app, "Ann");
  const list = await makeList(ann, { name: "Groceries", kind: "shopping" });
  assert.equal(list.shared, false);
  assert.equal(list.mine, true);
  assert.equal(list.ownerId, ann.id);

  const one = await add(ann, list.id, { text: "Milk" });
  assert.equal(one.status, 201);
  const many = await add(ann, list.id, { items: [{ text: "Eggs" }, { text: " Bread " }] });
  const [milk, eggs, bread] = [
    ...(await one.json()).items,
    ...(await many.json()).items,
  ];
  assert.deepEqual([milk.position, eggs.position, bread.position], [0, 1, 2]);
  assert.equal(bread.text, "Bread");
  assert.equal(milk.createdBy, ann.id);

  const ticked = await (await ann.fetch(
    `/api/lists/${list.id}/items/${eggs.id}`,
    json("PATCH", { done: true }),
  )).json();
  assert.deepEqual([ticked.done, ticked.doneBy], [true, ann.id]);
  const unticked = await (await ann.fetch(
    `/api/lists/${list.id}/items/${eggs.id}`,
    json("PATCH", { done: false, text: "Free-range eggs" }),
  )).json();
  assert.deepEqual([unticked.done, unticked.doneBy, unticked.text], [
    false,
    null,
    "Free-range eggs",
  ]);

  const reordered = await ann.fetch(
    `/api/lists/${list.id}/items/reorder`,
    json("POST", { ids: [bread.id, milk.id, eggs.id] }),
  );
  assert.equal(reordered.status, 200);
  await expectError(
    await ann.fetch(`/api/lists/${list.id}/items/reorder`, json("POST", { ids: [bread.id] })),
    422,
    "reorder_mismatch",
  );
  const del = await ann.fetch(`/api/lists/${list.id}/items/${milk.id}`, { method: "DELETE" });
  assert.equal(del.status, 204);

  const got = await (await ann.fetch(`/api/lists/${list.id}`)).json();
  assert.deepEqual(got.items.map((i: { text: string }) => i.text), ["Bread", "Free-range eggs"]);
  assert.deepEqual([got.open, got.total], [2, 2]);

  const renamed = await (await ann.fetch(`/api/lists/${list.id}`, json("PATCH", { name: "Food" })))
    .json();
  assert.equal(renamed.name, "Food");
  const index = await (await ann.fetch("/api/lists")).json();
  assert.deepEqual(index.items.map((l: { name: string; total: number }) => [l.name, l.total]), [
    ["Food", 2],
  ]);
  assert.equal((await ann.fetch(`/api/lists/${list.id}`, { method: "DELETE" })).status, 204);
  await expectError(await ann.fetch(`/api/lists/${list.id}`), 404, "list_not_found");
  assert.equal(
    app.services.db.raw.prepare("SELECT count(*) AS n FROM list_items").get()!.n,
    0,
    "the items went with the list",
  );
});

Deno.test("lists - a shared list: anyone ticks and edits items; only the owner renames, unshares, deletes", async () => {
  await using app = await testApp();
  const ann = await member(app, "Ann");
  const bob = await member(app, "Bob");
  const shared = await makeList(ann, { name: "Household", kind: "chores", shared: true });
  const [item] = (await (await add(ann, shared.id, { text: "Bins out" })).json()).items;

  const seen = await (await bob.fetch("/api/lists")).json();
  assert.deepEqual(seen.items.map((l: { id: string; mine: boolean }) => [l.id, l.mine]), [
    [shared.id, false],
  ]);
  const ticked = await bob.fetch(
    `/api/lists/${shared.id}/items/${item.id}`,
    json("PATCH", { done: true }),
  );
  assert.equal(ticked.status, 200);
  assert.equal((await ticked.json()).doneBy, bob.id);
  assert.equal((await add(bob, shared.id, { text: "Dishes" })).status, 201);

  for (
    const init of [
      json("PATCH", { name: "Bob's now" }),
      json("PATCH", { shared: false }),
      { method: "DELETE" },
    ]
  ) {
    const body = await expectError(
      await bob.fetch(`/api/lists/${shared.id}`, init),
      403,
      "list_owner_only",
    );
    assert.ok(body.error.message.length > 0);
  }
  const after = await (await ann.fetch(`/api/lists/${shared.id}`)).json();
  assert.deepEqual([after.name, after.shared, after.total, after.open], [
    "Household",
    true,
    2,
    1,
  ]);

  // Unshared, it is Ann's alone again: Bob gets the 404 of a missing list everywhere.
  await ann.fetch(`/api/lists/${shared.id}`, json("PATCH", { shared: false }));
  await expectError(await bob.fetch(`/api/lists/${shared.id}`), 404, "list_not_found");
  await expectError(
    await bob.fetch(`/api/lists/${shared.id}/items/${item.id}`, json("PATCH", { done: false })),
    404,
    "list_not_found",
  );
  assert.deepEqual((await (await bob.fetch("/api/lists")).json()).items, []);
});

Deno.test("lists - another profile's private list answers what a missing list answers", async () => {
  await using app = await testApp();
  const ann = await member(app, "Ann");
  const bob = await member(app, "Bob");
  const list = await makeList(ann, { name: "Gifts", kind: "other" });
  const [item] = (await (await add(ann, list.id, { text: "Book" })).json()).items;
  const probes: [string, RequestInit | undefined][] = [
    [`/api/lists/${list.id}`, undefined],
    [`/api/lists/${list.id}`, json("PATCH", { name: "x" })],
    [`/api/lists/${list.id}`, { method: "DELETE" }],
    [`/api/lists/${list.id}/items`, json("POST", { text: "x" })],
    [`/api/lists/${list.id}/items/${item.id}`, json("PATCH", { done: true })],
    [`/api/lists/${list.id}/items/${item.id}`, { method: "DELETE" }],
    [`/api/lists/${list.id}/items/reorder`, json("POST", { ids: [item.id] })],
    [`/api/lists/${list.id}/events`, undefined],
  ];
  for (const [path, init] of probes) {
    const theirs = await expectError(await bob.fetch(path, init), 404, "list_not_found");
    const missing = await expectError(
      await bob.fetch(path.replace(list.id, "00000000-0000-7000-8000-000000000000"), init),
      404,
      "list_not_found",
    );
    delete theirs.error.requestId;
    delete missing.error.requestId;
    assert.deepEqual(theirs, missing, path);
  }
  const still = await (await ann.fetch(`/api/lists/${list.id}`)).json();
  assert.deepEqual([still.name, still.items[0].done], ["Gifts", false]);
  // An item id of another list is a missing item, even on a list Bob may change.
  const bobs = await makeList(bob, { name: "Bob's", kind: "other" });
  await expectError(
    await bob.fetch(`/api/lists/${bobs.id}/items/${item.id}`, json("PATCH", { done: true })),
    404,
    "list_item_not_found",
  );
});

Deno.test("lists - caps: 2,000 items per list (a 10,000-item paste is a quick 422), 200 lists per profile", async () => {
  await using app = await testApp();
  const ann = await member(app, "Ann");
  const list = await makeList(ann, { name: "Big", kind: "packing" });
  const items = (n: number) => ({
    items: Array.from({ length: n }, (_, i) => ({ text: `i${i}` })),
  });

  const started = performance.now();
  const huge = await expectError(await add(ann, list.id, items(10_000)), 422, "invalid_input");
  assert.ok(performance.now() - started < 2_000, "refused at once");
  assert.equal(huge.error.field, "items");

  assert.equal((await add(ann, list.id, items(1_999))).status, 201);
  const full = await expectError(await add(ann, list.id, items(2)), 422, "list_full");
  assert.match(full.error.message, /at most 2000 items; this one has 1999/);
  assert.equal((await add(ann, list.id, { text: "last" })).status, 201);
  await expectError(await add(ann, list.id, { text: "one more" }), 422, "list_full");
  assert.equal((await (await ann.fetch(`/api/lists/${list.id}`)).json()).total, 2_000);

  for (let i = 1; i < 200; i++) {
    app.services.db.raw.prepare(
      `INSERT INTO lists (id, profile_id, name, kind, shared, created_at, updated_at)
       VALUES (?, ?, ?, 'other', 0, '2026-01-01', '2026-01-01')`,
    ).run(`l${i}`, ann.id, `List ${i}`);
  }
  const many = await expectError(
    await ann.fetch("/api/lists", json("POST", { name: "One too many" })),
    422,
    "too_many_lists",
  );
  assert.match(many.error.message, /200/);
});

Deno.test("lists - bad input is a 422 naming the field, in English and German", async () => {
  await using app = await testApp();
  const ann = await member(app, "Ann");
  const list = await makeList(ann, { name: "L", kind: "other" });
  const send = (path: string, body: unknown, locale: string) =>
    ann.fetch(path, {
      ...json("POST", body),
      headers: { "content-type": "application/json", "accept-language": locale },
    });
  const cases: [string, unknown, string, string, string][] = [
    ["/api/lists", { name: "x".repeat(101) }, "name", "The name", "Der Name"],
    ["/api/lists", { name: "" }, "name", "The name", "Der Name"],
    [
      "/api/lists",
      { name: "a", kind: "groceries" },
      "kind",
      "The kind of list",
      "Die Art der Liste",
    ],
    ["/api/lists", { name: "a", shared: "yes" }, "shared", "“Shared”", "„Geteilt“"],
    [`/api/lists/${list.id}/items`, { text: "x".repeat(501) }, "text", "The item", "Der Eintrag"],
    [`/api/lists/${list.id}/items`, { text: "  " }, "text", "The item", "Der Eintrag"],
    [`/api/lists/${list.id}/items`, { items: [] }, "items", "The item list", "Die Einträge"],
    [
      `/api/lists/${list.id}/items`,
      { text: "a", items: [{ text: "b" }] },
      "text",
      "Send either one item",
      "Sende entweder einen Eintrag",
    ],
    [
      `/api/lists/${list.id}/items/reorder`,
      { ids: ["a", "a"] },
      "ids",
      "The order",
      "Die Reihenfolge",
    ],
  ];
  for (const [path, body, field, en, de] of cases) {
    const english = await expectError(await send(path, body, "en"), 422, "invalid_input");
    assert.equal(english.error.field, field, `${path} ${JSON.stringify(body)}`);
    assert.ok(english.error.message.startsWith(en), english.error.message);
    const german = await expectError(await send(path, body, "de"), 422, "invalid_input");
    assert.ok(german.error.message.startsWith(de), german.error.message);
  }
});
