import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { migrate } from "../db/migrate.ts";
import { MIGRATIONS } from "../db/migrations/mod.ts";
import { chatTestDb } from "../chat/testing.ts";
import { addMessage, createConversation, updateMessage } from "../chat/store.ts";
import { ftsQuery, RANKED_CANDIDATES, search } from "./mod.ts";

Deno.test("search - the query: words quoted, the word being typed as a prefix", () => {
  assert.equal(ftsQuery("train zur"), '"train" "zur"*');
  assert.equal(ftsQuery("train zur "), '"train" "zur"', "a space ends the word");
  assert.equal(ftsQuery("how do I"), '"how" "do" "I"', "one letter is a word, not a prefix");
  assert.equal(ftsQuery('say "hi" AND *'), '"say" "hi" "AND"*', "syntax is text");
  assert.throws(() => ftsQuery(" * "), /at least one letter/);
});

Deno.test("search - ranks the better match first and ties newest first", async () => {
  const db = await chatTestDb();
  try {
    const c = await createConversation(db.kysely, "ann");
    const add = (content: string) => addMessage(db.kysely, "ann", c.id, { role: "user", content });
    const once = await add("a long note that mentions the boiler once among many other words");
    const twice = await add("boiler boiler");
    const later = await add("a long note that mentions the boiler once among many other words");
    const hits = search(db.raw, { profileId: "ann", q: "boiler" });
    assert.deepEqual(hits.map((h) => h.id), [twice.id, later.id, once.id]);
    assert.equal(search(db.raw, { profileId: "ann", q: "boiler", limit: 1 }).length, 1);
  } finally {
    await db.close();
  }
});

Deno.test("search - past the ranked bound: still a full page, still only the owner's", async () => {
  const db = await chatTestDb();
  try {
    const c = await createConversation(db.kysely, "ann");
    const b = await createConversation(db.kysely, "bob");
    const doc = db.raw.prepare(
      "INSERT INTO messages (id, conversation_id, profile_id, seq, role, content, created_at, " +
        "updated_at) VALUES (?, ?, ?, ?, 'user', ?, '', '')",
    );
    db.raw.exec("BEGIN");
    // Ann's matches are the oldest; Bob's newer ones outnumber the bound.
    for (let i = 0; i < 50; i++) doc.run(`a${i}`, c.id, "ann", i, `kettle note ${i}`);
    for (let i = 0; i < RANKED_CANDIDATES + 500; i++) {
      doc.run(`b${i}`, b.id, "bob", i, `kettle secret ${i}`);
    }
    db.raw.exec("COMMIT");
    const hits = search(db.raw, { profileId: "ann", q: "kettle", limit: 20 });
    assert.equal(hits.length, 20);
    assert.ok(hits.every((h) => h.id.startsWith("a")), "only Ann's rows");
    assert.match(hits[0].snippet, /<mark>kettle<\/mark> note/);
    const bobs = search(db.raw, { profileId: "bob", q: "kett", limit: 100 });
    assert.equal(bobs.length, 100);
    assert.ok(bobs.every((h) => h.id.startsWith("b")));
  } finally {
    await db.close();
  }
});

Deno.test("search - the prefix-index migration rebuilds the index from existing messages", () => {
  const raw = new DatabaseSync(":memory:");
  try {
    migrate(raw, ":memory:", MIGRATIONS.filter((m) => m.version <= 3));
    raw.exec(`
      INSERT INTO profiles (id, name, avatar, created_at, updated_at) VALUES ('ann', 'a', 'x', '', '');
      INSERT INTO conversations (id, profile_id, created_at, updated_at) VALUES ('c', 'ann', '', '');
      INSERT INTO messages (id, conversation_id, profile_id, seq, role, content, created_at,
        updated_at) VALUES ('m', 'c', 'ann', 1, 'user', 'the gazebo roof', '', '');
    `);
    migrate(raw, ":memory:", MIGRATIONS);
    assert.deepEqual(search(raw, { profileId: "ann", q: "ga" }).map((h) => h.id), ["m"]);
    const sql = raw.prepare("SELECT sql FROM sqlite_master WHERE name = 'search_fts'").get() as {
      sql: string;
    };
    assert.match(sql.sql, /prefix = '2 3'/);
  } finally {
    raw.close();
  }
});

Deno.test("search - a reply enters the index when it gets text and leaves it when cleared", async () => {
  const db = await chatTestDb();
  try {
    const c = await createConversation(db.kysely, "ann");
    const reply = await addMessage(db.kysely, "ann", c.id, {
      role: "assistant",
      content: "",
      status: "streaming",
    });
    const docs = () =>
      (db.raw.prepare("SELECT count(*) AS n FROM search_docs").get() as { n: number }).n;
    assert.equal(docs(), 0, "an empty streaming reply is not indexed");
    // Text saved while it streams stays out of the index (migration 5) until the reply ends.
    await updateMessage(db.kysely, "ann", reply.id, { content: "the lighthouse" });
    assert.equal(docs(), 0, "a streaming reply's partial text is not indexed");
    await updateMessage(db.kysely, "ann", reply.id, {
      content: "the lighthouse keeper",
      status: "complete",
    });
    assert.deepEqual(search(db.raw, { profileId: "ann", q: "lighthouse" }).map((h) => h.id), [
      reply.id,
    ]);
    await updateMessage(db.kysely, "ann", reply.id, { content: "the harbour master" });
    assert.deepEqual(search(db.raw, { profileId: "ann", q: "lighthouse" }), []);
    assert.equal(search(db.raw, { profileId: "ann", q: "harbour" }).length, 1);
    await updateMessage(db.kysely, "ann", reply.id, { content: "" });
    assert.deepEqual(search(db.raw, { profileId: "ann", q: "harbour" }), []);
    assert.equal(docs(), 0);
    const fts = db.raw.prepare("SELECT count(*) AS n FROM search_fts").get() as { n: number };
    assert.equal(fts.n, 0);
  } finally {
    await db.close();
  }
});

Deno.test("search - migration 13 indexes the todos, events, memos and list items there are", () => {
  const raw = new DatabaseSync(":memory:");
  try {
    raw.exec("PRAGMA foreign_keys = ON");
    migrate(raw, ":memory:", MIGRATIONS.filter((m) => m.version <= 12));
    raw.exec(`
      INSERT INTO profiles (id, name, avatar, created_at, updated_at) VALUES ('ann', 'a', 'x', '', '');
      INSERT INTO profiles (id, name, avatar, created_at, updated_at) VALUES ('bob', 'b', 'x', '', '');
      INSERT INTO todos (id, profile_id, title, notes, status, priority, time_zone, tags,
        created_at, updated_at) VALUES ('t', 'ann', 'Descale kettle', 'vinegar', 'open', 'none',
        'UTC', '["kitchen"]', '', '');
      INSERT INTO events (id, profile_id, title, location, notes, start_at, end_at, all_day,
        time_zone, first_at, created_at, updated_at) VALUES ('e', 'ann', 'Dentist', 'Marktplatz',
        'bring card', '2026-01-01T08:00:00.000Z', '2026-01-01T09:00:00.000Z', 0, 'UTC', '', '', '');
      INSERT INTO memos (id, profile_id, title, body, tags, pinned, created_at, updated_at)
        VALUES ('m', 'ann', 'Wifi', 'the password is on the router', '["house"]', 0, '', '');
      INSERT INTO lists (id, profile_id, name, kind, shared, created_at, updated_at)
        VALUES ('mine', 'ann', 'Gifts', 'other', 0, '', ''), ('ours', 'ann', 'Shop', 'shopping', 1, '', '');
      INSERT INTO list_items (id, list_id, text, done, position, created_at, updated_at)
        VALUES ('i1', 'mine', 'scarf for bob', 0, 0, '', ''), ('i2', 'ours', 'oat milk', 0, 0, '', '');
    `);
    migrate(raw, ":memory:", MIGRATIONS);
    const ids = (profileId: string, q: string) =>
      search(raw, { profileId, q }).map((h) => `${h.kind}:${h.id}`);
    assert.deepEqual(ids("ann", "kitchen"), ["todo:t"], "a todo's tags");
    assert.deepEqual(ids("ann", "vinegar"), ["todo:t"], "a todo's notes");
    assert.deepEqual(ids("ann", "marktplatz"), ["event:e"], "an event's location");
    assert.deepEqual(ids("ann", "router"), ["memo:m"]);
    assert.deepEqual(ids("ann", "house"), ["memo:m"], "a memo's tags");
    assert.deepEqual(ids("ann", "scarf"), ["list_item:i1"]);
    assert.deepEqual(ids("ann", "oat"), ["list_item:i2"]);
    for (const q of ["kitchen", "dentist", "router", "scarf"]) assert.deepEqual(ids("bob", q), []);
    assert.deepEqual(ids("bob", "oat"), ["list_item:i2"], "a shared list's item: the household's");
    const [item] = search(raw, { profileId: "bob", q: "oat" });
    assert.equal(item.href, "/lists/ours#i-i2");
    assert.match(item.snippet, /<mark>oat<\/mark> milk/);

    // Unsharing and sharing re-mark the items; a cascade takes them out.
    raw.exec("UPDATE lists SET shared = 0 WHERE id = 'ours'");
    assert.deepEqual(ids("bob", "oat"), []);
    assert.deepEqual(ids("ann", "oat"), ["list_item:i2"]);
    raw.exec("UPDATE lists SET shared = 1 WHERE id = 'mine'");
    assert.deepEqual(ids("bob", "scarf"), ["list_item:i1"]);
    raw.exec("DELETE FROM profiles WHERE id = 'ann'");
    const left = raw.prepare(
      "SELECT (SELECT count(*) FROM search_docs) AS d, " +
        "(SELECT count(*) FROM search_fts) AS f",
    ).get();
    assert.deepEqual({ ...left }, { d: 0, f: 0 }, "a deleted profile leaves nothing indexed");
  } finally {
    raw.close();
  }
});

Deno.test("search - every hit has its own snippet, not the first match's", async () => {
  const db = await chatTestDb();
  try {
    const c = await createConversation(db.kysely, "ann");
    const add = (content: string) => addMessage(db.kysely, "ann", c.id, { role: "user", content });
    await add("the red kite circles");
    await add("a kite kite kite festival");
    const hits = search(db.raw, { profileId: "ann", q: "kite" });
    assert.deepEqual(hits.map((h) => h.snippet), [
      "a <mark>kite</mark> <mark>kite</mark> <mark>kite</mark> festival",
      "the red <mark>kite</mark> circles",
    ]);
  } finally {
    await db.close();
  }
});
