import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { migrate } from "./migrate.ts";
import { MIGRATIONS } from "./migrations/mod.ts";
import { openDatabase } from "./mod.ts";
import { indexPending } from "./search_later.ts";
import { addProfiles } from "./testing.ts";
import { chatTestDb } from "../chat/testing.ts";
import { addMessage, createConversation, deleteMessage, updateMessage } from "../chat/store.ts";
import { search } from "../search/mod.ts";

const count = (raw: DatabaseSync, table: string) =>
  (raw.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

Deno.test("search later - a message is noted, indexed by a batch, and found by a search at once", async () => {
  const db = await chatTestDb();
  await using _closed = { [Symbol.asyncDispose]: () => db.close() };
  const c = await createConversation(db.kysely, "ann");
  const a = await addMessage(db.kysely, "ann", c.id, { role: "user", content: "lighthouse" });
  assert.equal(count(db.raw, "search_pending"), 1);
  assert.equal(count(db.raw, "search_docs"), 0, "not indexed in the transaction that stored it");
  assert.equal(indexPending(db.raw), 1);
  assert.equal(count(db.raw, "search_pending"), 0);
  assert.equal(count(db.raw, "search_docs"), 1);
  // A message stored just now is found: the search indexes what is noted first.
  const b = await addMessage(db.kysely, "ann", c.id, {
    role: "user",
    content: "lighthouse keeper",
  });
  assert.deepEqual(
    search(db.raw, { profileId: "ann", q: "lighthouse" }).map((h) => h.id).sort(),
    [
      a.id,
      b.id,
    ].sort(),
  );
  assert.deepEqual(search(db.raw, { profileId: "bob", q: "lighthouse" }), []);
  // Changed text replaces the old; a message deleted before its batch leaves nothing behind.
  await updateMessage(db.kysely, "ann", a.id, { content: "harbour" });
  const gone = await addMessage(db.kysely, "ann", c.id, { role: "user", content: "ephemeral" });
  await deleteMessage(db.kysely, "ann", gone.id);
  assert.deepEqual(search(db.raw, { profileId: "ann", q: "harbour" }).map((h) => h.id), [a.id]);
  assert.deepEqual(search(db.raw, { profileId: "ann", q: "lighthouse" }).map((h) => h.id), [b.id]);
  assert.deepEqual(search(db.raw, { profileId: "ann", q: "ephemeral" }), []);
  assert.equal(count(db.raw, "search_pending"), 0);
  assert.equal(count(db.raw, "search_docs"), 2);
  assert.equal(count(db.raw, "search_fts"), 2);
  // A batch takes at most its limit, oldest first.
  const noted = [];
  for (const word of ["one", "two", "three"]) {
    noted.push(await addMessage(db.kysely, "ann", c.id, { role: "user", content: word }));
  }
  assert.equal(indexPending(db.raw, 2), 2);
  const left = db.raw.prepare("SELECT ref_id FROM search_pending").all() as { ref_id: string }[];
  assert.deepEqual(left.map((r) => r.ref_id), [noted[2].id]);
});

Deno.test("search later - a batch inside an open transaction goes with it: rolled back, still noted", async () => {
  const db = await chatTestDb();
  await using _closed = { [Symbol.asyncDispose]: () => db.close() };
  const c = await createConversation(db.kysely, "ann");
  await addMessage(db.kysely, "ann", c.id, { role: "user", content: "lighthouse" });
  db.raw.exec("BEGIN");
  assert.equal(indexPending(db.raw), 1);
  assert.equal(count(db.raw, "search_docs"), 1);
  db.raw.exec("ROLLBACK");
  assert.equal(count(db.raw, "search_pending"), 1);
  assert.equal(count(db.raw, "search_docs"), 0);
  assert.equal(search(db.raw, { profileId: "ann", q: "lighthouse" }).length, 1);
});

Deno.test("search later - the server's batches come a moment after writes, until none is left", async () => {
  const dir = await Deno.makeTempDir();
  const db = await openDatabase(`${dir}/h.db`, undefined, {
    searchLater: { delayMs: 200, batch: 3, onProblem: (m) => assert.fail(m) },
  });
  try {
    assert.ok(db.searchLater);
    await addProfiles(db, ["ann"]);
    const c = await createConversation(db.kysely, "ann");
    for (let i = 0; i < 7; i++) {
      await addMessage(db.kysely, "ann", c.id, { role: "user", content: `word${i} lighthouse` });
    }
    assert.ok(count(db.raw, "search_pending") > 0, "not yet: a batch waits for delayMs");
    const until = performance.now() + 5_000;
    while (count(db.raw, "search_pending") > 0 && performance.now() < until) {
      await new Promise((r) => setTimeout(r, 10));
    }
    assert.equal(count(db.raw, "search_pending"), 0);
    assert.equal(count(db.raw, "search_docs"), 7);
    // Indexed in the order they were written: the newest is the first of a tie.
    const hits = search(db.raw, { profileId: "ann", q: "lighthouse" });
    assert.equal(hits.length, 7);
    assert.match(hits[0].snippet, /word6/);
  } finally {
    await db.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("search later - migration 22 keeps what is indexed, and notes only what comes after", () => {
  const raw = new DatabaseSync(":memory:");
  try {
    raw.exec("PRAGMA foreign_keys = ON");
    migrate(raw, ":memory:", MIGRATIONS.filter((m) => m.version <= 21));
    raw.exec(`
      INSERT INTO profiles (id, name, avatar, created_at, updated_at) VALUES ('ann', 'a', 'x', '', '');
      INSERT INTO conversations (id, profile_id, created_at, updated_at) VALUES ('c', 'ann', '', '');
      INSERT INTO messages (id, conversation_id, profile_id, seq, role, content, status, meta,
        created_at, updated_at) VALUES ('m1', 'c', 'ann', 1, 'user', 'lighthouse', 'complete', '{}', '', '');
    `);
    assert.equal(count(raw, "search_docs"), 1, "indexed by the old trigger");
    migrate(raw, ":memory:", MIGRATIONS);
    assert.equal(count(raw, "search_pending"), 0);
    raw.exec(`
      INSERT INTO messages (id, conversation_id, profile_id, seq, role, content, status, meta,
        created_at, updated_at) VALUES ('m2', 'c', 'ann', 2, 'assistant', 'keeper', 'complete', '{}', '', '');
    `);
    assert.equal(count(raw, "search_pending"), 1);
    assert.deepEqual(search(raw, { profileId: "ann", q: "lighthouse" }).map((h) => h.id), ["m1"]);
    assert.deepEqual(search(raw, { profileId: "ann", q: "keeper" }).map((h) => h.id), ["m2"]);
  } finally {
    raw.close();
  }
});
