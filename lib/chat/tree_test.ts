/** Conversations as trees: the store's paths, versions, select, delete, export and migration 0021. */
import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { sql } from "kysely";
import { chatTestDb } from "./testing.ts";
import { search } from "../search/mod.ts";
import { MIGRATIONS } from "../db/mod.ts";
import { migrate } from "../db/migrate.ts";
import { toJson, toMarkdown } from "./export.ts";
import {
  addMessage,
  allMessages,
  createConversation,
  deleteMessage,
  firstMessage,
  getConversation,
  listMessages,
  revealMessage,
  selectMessage,
} from "./store.ts";
import { pathTo } from "./reply_reads.ts";
import type { Message } from "./types.ts";

const texts = (items: { content: string }[]) => items.map((m) => m.content);

/**
 * Q1 → A1 → Q2 → A2, then a second version of A1 (A1b, answering Q1) and, on it, Q3 → A3; then a
 * second version of Q1 (Q1b) with its answer. The leaf moves with each write.
 */
async function branchy() {
  const db = await chatTestDb();
  const k = db.kysely;
  const c = await createConversation(k, "ann");
  const add = (content: string, role: Message["role"], parentId?: string | null) =>
    addMessage(k, "ann", c.id, { role, content, ...(parentId !== undefined && { parentId }) });
  const q1 = await add("Q1", "user");
  const a1 = await add("A1", "assistant");
  const q2 = await add("Q2", "user");
  const a2 = await add("A2", "assistant");
  const a1b = await add("A1b", "assistant", q1.id);
  const q3 = await add("Q3", "user");
  const a3 = await add("A3", "assistant");
  const q1b = await add("Q1b", "user", null);
  const a1c = await add("A1c", "assistant");
  return { db, k, c, q1, a1, q2, a2, a1b, q3, a3, q1b, a1c };
}

Deno.test("chat tree - the list is the active path, each message with its parent and versions", async () => {
  const t = await branchy();
  try {
    const page = await listMessages(t.k, "ann", t.c.id);
    assert.deepEqual(texts(page.items), ["Q1b", "A1c"]);
    assert.equal(page.items[0].parentId, null);
    assert.equal(page.items[1].parentId, t.q1b.id);
    assert.deepEqual(page.items[0].versions, { index: 2, count: 2, ids: [t.q1.id, t.q1b.id] });
    assert.equal(page.items[1].versions, undefined, "an only child has no versions");
    assert.equal((await getConversation(t.k, "ann", t.c.id)).leafId, t.a1c.id);
    assert.equal((await firstMessage(t.k, "ann", t.c.id))?.id, t.q1b.id, "the path's first");

    // Back to the first question: its newest branch (A1b → Q3 → A3), not the older A1 → A2.
    const id = await selectMessage(t.k, "ann", t.q1.id);
    assert.equal(id, t.c.id);
    const path = await listMessages(t.k, "ann", t.c.id);
    assert.deepEqual(texts(path.items), ["Q1", "A1b", "Q3", "A3"]);
    assert.deepEqual(path.items[0].versions, { index: 1, count: 2, ids: [t.q1.id, t.q1b.id] });
    assert.deepEqual(path.items[1].versions, { index: 2, count: 2, ids: [t.a1.id, t.a1b.id] });
    assert.equal((await getConversation(t.k, "ann", t.c.id)).leafId, t.a3.id);

    // The older reply, and its branch to its end.
    await selectMessage(t.k, "ann", t.a1.id);
    assert.deepEqual(texts((await listMessages(t.k, "ann", t.c.id)).items), [
      "Q1",
      "A1",
      "Q2",
      "A2",
    ]);
    // A message in the middle of a path keeps the path below it.
    await selectMessage(t.k, "ann", t.q2.id);
    assert.equal((await getConversation(t.k, "ann", t.c.id)).leafId, t.a2.id);

    // Another profile's message is a 404, and changes nothing.
    await assert.rejects(selectMessage(t.k, "bob", t.q1b.id), /No such message/);
    assert.equal((await getConversation(t.k, "ann", t.c.id)).leafId, t.a2.id);
  } finally {
    await t.db.close();
  }
});

Deno.test("chat tree - a leaf that is gone falls back to the newest message", async () => {
  const t = await branchy();
  try {
    t.db.raw.prepare("UPDATE conversations SET leaf_id = 'gone' WHERE id = ?").run(t.c.id);
    assert.deepEqual(texts((await listMessages(t.k, "ann", t.c.id)).items), ["Q1b", "A1c"]);
    t.db.raw.prepare("UPDATE conversations SET leaf_id = ? WHERE id = ?").run(t.q3.id, t.c.id);
    assert.deepEqual(texts((await listMessages(t.k, "ann", t.c.id)).items), ["Q1", "A1b", "Q3"]);
    assert.deepEqual(
      texts(
        (await listMessages(t.k, "bob", t.c.id).catch(() => ({ items: [] })))
          .items,
      ),
      [],
    );
  } finally {
    await t.db.close();
  }
});

Deno.test("chat tree - paging with before walks the active path only", async () => {
  const t = await branchy();
  try {
    await selectMessage(t.k, "ann", t.a3.id);
    const last = await listMessages(t.k, "ann", t.c.id, { limit: 2 });
    assert.deepEqual(texts(last.items), ["Q3", "A3"]);
    assert.equal(last.hasMore, true);
    const older = await listMessages(t.k, "ann", t.c.id, {
      limit: 2,
      before: last.items[0].seq,
    });
    // Q2 and A2 (older seqs than Q3, on another branch) never show.
    assert.deepEqual(texts(older.items), ["Q1", "A1b"]);
    assert.equal(older.hasMore, false);
  } finally {
    await t.db.close();
  }
});

Deno.test("chat tree - deleting a message takes what followed it and moves the path to what is left", async () => {
  const t = await branchy();
  try {
    await selectMessage(t.k, "ann", t.a3.id);
    // A1b's subtree (A1b, Q3, A3) goes; the path falls back to Q1's remaining branch.
    assert.equal(await deleteMessage(t.k, "ann", t.a1b.id), 3);
    assert.deepEqual(texts((await listMessages(t.k, "ann", t.c.id)).items), [
      "Q1",
      "A1",
      "Q2",
      "A2",
    ]);
    // Not on the active path: the path stays.
    assert.equal(await deleteMessage(t.k, "ann", t.q1b.id), 2);
    assert.equal((await getConversation(t.k, "ann", t.c.id)).leafId, t.a2.id);
    // The last message of a branch: its parent ends the path.
    await deleteMessage(t.k, "ann", t.a2.id);
    assert.equal((await getConversation(t.k, "ann", t.c.id)).leafId, t.q2.id);
    // A first message with nothing beside it: the conversation is empty.
    assert.equal(await deleteMessage(t.k, "ann", t.q1.id), 3);
    assert.equal((await getConversation(t.k, "ann", t.c.id)).leafId, null);
    assert.deepEqual((await listMessages(t.k, "ann", t.c.id)).items, []);
    const left = t.db.raw.prepare("SELECT count(*) AS n FROM messages").get() as { n: number };
    assert.equal(left.n, 0, "no message was left without its parent");
  } finally {
    await t.db.close();
  }
});

Deno.test("chat tree - a first message deleted moves the path to the other first message", async () => {
  const t = await branchy();
  try {
    await selectMessage(t.k, "ann", t.q1.id);
    await deleteMessage(t.k, "ann", t.q1.id);
    assert.deepEqual(texts((await listMessages(t.k, "ann", t.c.id)).items), ["Q1b", "A1c"]);
  } finally {
    await t.db.close();
  }
});

Deno.test("chat tree - search finds every branch; its link opens the hit's branch", async () => {
  const t = await branchy();
  try {
    const hits = search(t.db.raw, { profileId: "ann", q: "Q2" });
    assert.equal(hits.length, 1, "a message off the active path is found");
    assert.equal(hits[0].href, `/chat/${t.c.id}?message=${t.q2.id}#m-${t.q2.id}`);
    await revealMessage(t.k, "ann", t.c.id, t.q2.id);
    assert.equal((await getConversation(t.k, "ann", t.c.id)).leafId, t.a2.id);
    // On the path already, unknown or another conversation's: nothing changes.
    await selectMessage(t.k, "ann", t.a3.id);
    await revealMessage(t.k, "ann", t.c.id, t.q1.id);
    await revealMessage(t.k, "ann", t.c.id, "nope");
    await revealMessage(t.k, "bob", t.c.id, t.q2.id);
    assert.equal((await getConversation(t.k, "ann", t.c.id)).leafId, t.a3.id);
  } finally {
    await t.db.close();
  }
});

Deno.test("chat tree - JSON export (v2) keeps every branch; Markdown the active path", async () => {
  const t = await branchy();
  try {
    const conversation = await getConversation(t.k, "ann", t.c.id);
    const json = JSON.parse(toJson(conversation, await allMessages(t.k, "ann", t.c.id, 1000)));
    assert.equal(json.format, "hearth.conversation.v2");
    assert.equal(json.conversation.leafId, t.a1c.id);
    assert.equal(json.messages.length, 9);
    assert.deepEqual(
      json.messages.map((m: Message) => [m.content, m.parentId]),
      [
        ["Q1", null],
        ["A1", t.q1.id],
        ["Q2", t.a1.id],
        ["A2", t.q2.id],
        ["A1b", t.q1.id],
        ["Q3", t.a1b.id],
        ["A3", t.q3.id],
        ["Q1b", null],
        ["A1c", t.q1b.id],
      ],
    );
    const md = toMarkdown(conversation, (await listMessages(t.k, "ann", t.c.id)).items);
    assert.match(md, /Q1b[\s\S]*A1c/);
    assert.doesNotMatch(md, /A1b|Q2/);
  } finally {
    await t.db.close();
  }
});

Deno.test("chat tree - migration 0021 makes an existing conversation one path ending at its newest", () => {
  const raw = new DatabaseSync(":memory:");
  try {
    migrate(raw, ":memory:", MIGRATIONS.filter((m) => m.version <= 20));
    const at = "2026-01-01T00:00:00.000Z";
    raw.prepare(
      `INSERT INTO profiles (id, name, avatar, is_admin, created_at, updated_at)
       VALUES ('ann', 'Ann', 'x', 0, ?, ?)`,
    ).run(at, at);
    for (const id of ["c1", "c2", "empty"]) {
      raw.prepare(
        `INSERT INTO conversations (id, profile_id, title, model, system_prompt, created_at,
         updated_at) VALUES (?, 'ann', '', '', '', ?, ?)`,
      ).run(id, at, at);
    }
    const put = raw.prepare(
      `INSERT INTO messages (id, conversation_id, profile_id, seq, role, content, status, meta,
       created_at, updated_at) VALUES (?, ?, 'ann', ?, 'user', ?, 'complete', '{}', ?, ?)`,
    );
    // Seqs with a gap (a message deleted once), interleaved with another conversation's.
    put.run("m1", "c1", 1, "one", at, at);
    put.run("x1", "c2", 1, "other", at, at);
    put.run("m2", "c1", 2, "two", at, at);
    put.run("m4", "c1", 4, "four", at, at);
    put.run("x2", "c2", 2, "other two", at, at);
    migrate(raw, ":memory:", MIGRATIONS);
    const parents = raw.prepare(
      "SELECT id, parent_id FROM messages ORDER BY conversation_id, seq",
    ).all().map((r) => [r.id, r.parent_id]);
    assert.deepEqual(parents, [
      ["m1", null],
      ["m2", "m1"],
      ["m4", "m2"],
      ["x1", null],
      ["x2", "x1"],
    ]);
    const leaves = raw.prepare("SELECT id, leaf_id FROM conversations ORDER BY id").all()
      .map((r) => [r.id, r.leaf_id]);
    assert.deepEqual(leaves, [["c1", "m4"], ["c2", "x2"], ["empty", null]]);
  } finally {
    raw.close();
  }
});

Deno.test("chat tree - pathTo: the path up from a message, oldest first, the newest `limit`", async () => {
  const t = await branchy();
  const path = async (id: string, limit: number) =>
    (await pathTo(t.k, "ann", id, { limit })).messages;
  try {
    assert.deepEqual(texts(await path(t.a3.id, 500)), ["Q1", "A1b", "Q3", "A3"]);
    assert.deepEqual(texts(await path(t.a2.id, 500)), ["Q1", "A1", "Q2", "A2"]);
    assert.deepEqual(texts(await path(t.a3.id, 2)), ["Q3", "A3"]);
    assert.deepEqual(texts(await path(t.q1b.id, 500)), ["Q1b"]);
    assert.equal((await path(t.a3.id, 500))[1].parentId, t.q1.id);
    assert.deepEqual(
      await pathTo(t.k, "bob", t.a3.id, { limit: 500 }),
      { messages: [], omitted: 0 },
      "another profile's: nothing",
    );
  } finally {
    await t.db.close();
  }
});

Deno.test("chat tree - pathTo reads what history needs of meta: photos, the prompt's sizes", async () => {
  const t = await branchy();
  try {
    const photo = { id: "att_1", mime: "image/jpeg", width: 640, height: 480, size: 1234 };
    const setMeta = (id: string, meta: string) =>
      sql`UPDATE messages SET meta = ${meta} WHERE id = ${id}`.execute(t.k);
    await setMeta(t.q1.id, JSON.stringify({ images: [photo], promptTokens: 1 }));
    await setMeta(
      t.a1b.id,
      JSON.stringify({ taskId: "t", promptTokens: 310, promptEstimate: 300 }),
    );
    await setMeta(t.q3.id, '{"images": damaged');
    await setMeta(t.a3.id, JSON.stringify({ promptTokens: 420, promptEstimate: 400, sources: [] }));
    const { messages: path } = await pathTo(t.k, "ann", t.a3.id, { limit: 500 });
    assert.deepEqual(path.map((m) => m.meta), [
      { images: [photo] }, // a user message's prompt sizes are not read
      {}, // only the last complete reply's are
      {},
      { promptTokens: 420, promptEstimate: 400 },
    ]);
    assert.deepEqual(path.map((m) => [m.role, m.status]), [
      ["user", "complete"],
      ["assistant", "complete"],
      ["user", "complete"],
      ["assistant", "complete"],
    ]);
  } finally {
    await t.db.close();
  }
});
