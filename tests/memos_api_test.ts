/** Memos over the API: CRUD, tags, filters, sort and pages, validation, ownership. */
import assert from "node:assert/strict";
import { json } from "./helpers/admin.ts";
import { expectError, testApp } from "./helpers/app.ts";
import { member } from "./helpers/profile.ts";

Deno.test("memos - create, read, change, delete; tags are normalised", async () => {
  await using app = await testApp();
  const ann = await member(app, "Ann");
  const res = await ann.fetch(
    "/api/memos",
    json("POST", {
      title: " Recipes ",
      body: "# Soup\n- leeks",
      tags: ["#Food", "food", "Main Dish"],
    }),
  );
  assert.equal(res.status, 201);
  const memo = await res.json();
  assert.equal(memo.title, "Recipes");
  assert.deepEqual(memo.tags, ["food", "main-dish"]);
  assert.equal(memo.pinned, false);
  assert.equal(memo.createdAt, memo.updatedAt);

  assert.deepEqual(await (await ann.fetch(`/api/memos/${memo.id}`)).json(), memo);
  const changed = await (await ann.fetch(`/api/memos/${memo.id}`, json("PATCH", { pinned: true })))
    .json();
  assert.equal(changed.pinned, true);
  assert.equal(changed.body, memo.body);
  assert.ok(changed.updatedAt >= memo.updatedAt);

  const del = await ann.fetch(`/api/memos/${memo.id}`, { method: "DELETE" });
  assert.equal(del.status, 204);
  await expectError(await ann.fetch(`/api/memos/${memo.id}`), 404, "memo_not_found");
});

Deno.test("memos - filters by tag, pinned and words; sorts; pages by cursor and by offset", async () => {
  await using app = await testApp();
  const ann = await member(app, "Ann");
  const made: string[] = [];
  for (let i = 0; i < 5; i++) {
    const res = await ann.fetch(
      "/api/memos",
      json("POST", {
        title: `Memo ${i}`,
        body: i === 3 ? "100% sure" : "plain",
        tags: i % 2 ? ["odd"] : ["even"],
        pinned: i === 4,
      }),
    );
    made.push((await res.json()).id);
  }
  // Touch memo 0 so it is the most recently updated: in a later millisecond than memo 4 was
  // made in (timestamps are to the millisecond; a fast machine makes both in one).
  const madeAt = Date.now();
  while (Date.now() <= madeAt) await new Promise((r) => setTimeout(r, 1));
  await ann.fetch(`/api/memos/${made[0]}`, json("PATCH", { body: "edited" }));
  const ids = async (query: string) =>
    (await (await ann.fetch(`/api/memos${query}`)).json()).items.map((m: { id: string }) => m.id);

  assert.deepEqual(await ids(""), [made[0], made[4], made[3], made[2], made[1]]);
  assert.deepEqual(await ids("?sort=created"), [...made].reverse());
  assert.deepEqual(await ids("?tag=%23ODD"), [made[3], made[1]]);
  assert.deepEqual(await ids("?pinned=true"), [made[4]]);
  // LIKE wildcards are searched as text.
  assert.deepEqual(await ids("?q=100%25"), [made[3]]);
  assert.deepEqual(await ids("?q=%25"), [made[3]]);

  const first = await (await ann.fetch("/api/memos?sort=created&limit=2")).json();
  assert.deepEqual(first.items.map((m: { id: string }) => m.id), [made[4], made[3]]);
  const second = await (await ann.fetch(
    `/api/memos?sort=created&limit=2&cursor=${encodeURIComponent(first.next)}`,
  )).json();
  assert.deepEqual(second.items.map((m: { id: string }) => m.id), [made[2], made[1]]);
  const last = await (await ann.fetch(
    `/api/memos?sort=created&limit=2&cursor=${encodeURIComponent(second.next)}`,
  )).json();
  assert.deepEqual(last.items.map((m: { id: string }) => m.id), [made[0]]);
  assert.equal(last.next, null);
  assert.deepEqual(await ids("?sort=created&limit=2&offset=2"), [made[2], made[1]]);
});

Deno.test("memos - bad input is a 422 naming the field, in English and German", async () => {
  await using app = await testApp();
  const ann = await member(app, "Ann");
  const post = (body: unknown, locale = "en") =>
    ann.fetch("/api/memos", {
      ...json("POST", body),
      headers: { "content-type": "application/json", "accept-language": locale },
    });
  const cases: [unknown, string, string, string][] = [
    [{ title: "x".repeat(201) }, "title", "The title is too long", "Der Titel"],
    [{ body: "x".repeat(100_001) }, "body", "The text is too long", "Der Text"],
    [
      { body: "a", tags: Array.from({ length: 21 }, (_, i) => `t${i}`) },
      "tags",
      "The tag list",
      "Die Schlagwortliste",
    ],
    [{ body: "a", tags: ["x".repeat(41)] }, "tags.0", "The tag list", "Die Schlagwortliste"],
    [{ body: "a", tags: ["  # "] }, "tags.0", "The tag list", "Die Schlagwortliste"],
    [{ body: "a", pinned: "yes" }, "pinned", "“Pinned”", "„Angeheftet“"],
    [
      {},
      "body",
      "A memo needs a title or a text.",
      "Eine Notiz braucht einen Titel oder einen Text.",
    ],
  ];
  for (const [body, field, en, de] of cases) {
    const english = await expectError(await post(body), 422, "invalid_input");
    assert.equal(english.error.field, field, JSON.stringify(body).slice(0, 80));
    assert.ok(english.error.message.startsWith(en), english.error.message);
    const german = await expectError(await post(body, "de"), 422, "invalid_input");
    assert.ok(german.error.message.startsWith(de), german.error.message);
  }
  const query = await expectError(await ann.fetch("/api/memos?limit=201"), 422, "invalid_input");
  assert.equal(query.error.field, "query.limit");
  const both = await expectError(
    await ann.fetch("/api/memos?cursor=a%7Cb&offset=1"),
    422,
    "invalid_input",
  );
  assert.equal(both.error.field, "query.offset");
  await expectError(await ann.fetch("/api/memos?cursor=nonsense"), 422, "invalid_cursor");
  await expectError(await ann.fetch("/api/memos?sort=title"), 422, "invalid_input");
});

Deno.test("memos - another profile's memo is a missing one, and never listed", async () => {
  await using app = await testApp();
  const ann = await member(app, "Ann");
  const bob = await member(app, "Bob");
  const memo = await (await ann.fetch("/api/memos", json("POST", { body: "secret" }))).json();
  for (const init of [undefined, json("PATCH", { pinned: true }), { method: "DELETE" }]) {
    await expectError(await bob.fetch(`/api/memos/${memo.id}`, init), 404, "memo_not_found");
  }
  assert.deepEqual((await (await bob.fetch("/api/memos")).json()).items, []);
  assert.equal((await (await ann.fetch(`/api/memos/${memo.id}`)).json()).pinned, false);
});
