import assert from "node:assert/strict";
import type { Db } from "../db/mod.ts";
import { groupCommit } from "../db/group_commit.ts";
import { search } from "../search/mod.ts";
import { ReplyWriter } from "./reply_writer.ts";
import { addMessage, createConversation, getMessage } from "./store.ts";
import { chatTestDb } from "./testing.ts";

/** A `streaming` reply in a fresh database, and a writer for it. */
async function streamingReply(options: { flushMs?: number; flushChars?: number } = {}) {
  const db = await chatTestDb();
  const c = await createConversation(db.kysely, "ann");
  const m = await addMessage(db.kysely, "ann", c.id, {
    role: "assistant",
    content: "",
    status: "streaming",
  });
  const errors: unknown[] = [];
  const writer = new ReplyWriter(db.kysely, "ann", m.id, {
    ...options,
    log: (_message, error) => errors.push(error),
  });
  return {
    db,
    writer,
    errors,
    stored: () => getMessage(db.kysely, "ann", m.id),
    [Symbol.asyncDispose]: () => db.close(),
  };
}

/** Rows the connection has written so far (SQLite's `total_changes()`). */
function writes(db: Db): number {
  return Number((db.raw.prepare("SELECT total_changes() AS n").get() as { n: number }).n);
}

Deno.test("reply writer - tokens wait for the timer, then one write saves them all", async () => {
  await using r = await streamingReply({ flushMs: 10 });
  const before = writes(r.db);
  for (let i = 0; i < 50; i++) r.writer.add(`t${i} `);
  assert.equal((await r.stored()).content, "", "no write per token");
  // Timers of the same delay fire in order: by this one, the writer's save has begun.
  await new Promise((resolve) => setTimeout(resolve, 10));
  await r.writer.flush();
  const saved = await r.stored();
  assert.equal(saved.content, Array.from({ length: 50 }, (_, i) => `t${i} `).join(""));
  assert.equal(saved.status, "streaming");
  assert.equal(writes(r.db) - before, 1);
  assert.equal(r.writer.saved, saved.content.length);
});

Deno.test("reply writer - a lot of waiting text is saved at once, a huge reply in growing steps", async () => {
  await using r = await streamingReply({ flushMs: 60_000, flushChars: 100 });
  const before = writes(r.db);
  r.writer.add("x".repeat(100));
  await r.writer.flush();
  assert.equal((await r.stored()).content.length, 100, "saved without waiting for the timer");
  for (let i = 0; i < 10_000; i++) r.writer.add("0123456789");
  await r.writer.finish({ status: "complete", meta: {} });
  const saved = await r.stored();
  assert.equal(saved.content.length, 100 + 100_000);
  assert.equal(saved.status, "complete");
  // Each save waits for a quarter of what is saved: about log(1000)/log(1.25), not 1,000.
  const count = writes(r.db) - before;
  assert.ok(count < 40, `${count} writes`);
});

Deno.test("reply writer - the search index sees a reply only once it ends, with all its text", async () => {
  await using r = await streamingReply({ flushMs: 60_000, flushChars: 1 });
  r.writer.add("Zürich ");
  await r.writer.flush();
  assert.equal((await r.stored()).content, "Zürich ");
  assert.deepEqual(search(r.db.raw, { profileId: "ann", q: "zurich" }), [], "not while streaming");
  r.writer.add("Basel");
  await r.writer.finish({ status: "cancelled", meta: { ended: "cancelled" } });
  const saved = await r.stored();
  assert.deepEqual([saved.content, saved.status, saved.meta.ended], [
    "Zürich Basel",
    "cancelled",
    "cancelled",
  ]);
  assert.equal(search(r.db.raw, { profileId: "ann", q: "zurich basel" }).length, 1);
  r.writer.add("late"); // after the end: ignored
  await r.writer.flush();
  assert.equal((await r.stored()).content, "Zürich Basel");
});

Deno.test("reply writer - an emoji split between two tokens is never split between two saves", async () => {
  await using r = await streamingReply({ flushMs: 60_000, flushChars: 1 });
  r.writer.add("a\ud83d");
  await r.writer.flush();
  assert.equal((await r.stored()).content, "a", "the first half waits for its mate");
  r.writer.add("\ude00b");
  await r.writer.finish({ status: "complete", meta: {} });
  assert.equal((await r.stored()).content, "a😀b");
  assert.deepEqual(r.errors, []);
});

Deno.test("reply writer - a failed save is logged and its text goes into the next one", async () => {
  await using r = await streamingReply({ flushMs: 60_000, flushChars: 1 });
  // The database refuses writes to messages for a moment (a full disk, a locked file …).
  r.db.raw.exec(`CREATE TRIGGER refuse BEFORE UPDATE ON messages
    BEGIN SELECT RAISE(ABORT, 'disk full'); END`);
  r.writer.add("kept ");
  await r.writer.flush();
  assert.equal(r.errors.length, 1);
  assert.match(String(r.errors[0]), /disk full/);
  r.db.raw.exec("DROP TRIGGER refuse");
  r.writer.add("and more");
  await r.writer.finish({ status: "complete", meta: {} });
  assert.equal((await r.stored()).content, "kept and more");
});

Deno.test("reply writer - reasoning is saved as it streams into thinking, apart from the text, and never indexed", async () => {
  await using r = await streamingReply({ flushMs: 60_000, flushChars: 1_000 });
  const before = writes(r.db);
  r.writer.addThinking("Ponder Lucerne ");
  await r.writer.flush();
  assert.deepEqual([(await r.stored()).thinking, (await r.stored()).content], [
    "Ponder Lucerne ",
    "",
  ]);
  r.writer.addThinking("then Geneva.");
  r.writer.add("Bern");
  await r.writer.flush();
  assert.equal(writes(r.db) - before, 2, "reasoning and text that wait together: one write");
  r.writer.addThinking(" \ud83d");
  await r.writer.flush();
  r.writer.addThinking("\ude00");
  r.writer.add(" is the capital.");
  await r.writer.finish({ status: "complete", meta: {} });
  const saved = await r.stored();
  assert.deepEqual([saved.thinking, saved.content], [
    "Ponder Lucerne then Geneva. 😀",
    "Bern is the capital.",
  ]);
  assert.equal(search(r.db.raw, { profileId: "ann", q: "bern" }).length, 1);
  assert.deepEqual(search(r.db.raw, { profileId: "ann", q: "lucerne" }), [], "not indexed");
});

Deno.test("reply writer - replies streaming together save together, and one that fails keeps its text without doubling the others'", async () => {
  await using r = await streamingReply({ flushMs: 60_000 });
  const m = await addMessage(r.db.kysely, "ann", (await r.stored()).conversationId, {
    role: "assistant",
    content: "",
    status: "streaming",
  });
  const other = new ReplyWriter(r.db.kysely, "ann", m.id, {
    flushMs: 60_000,
    log: (_message, error) => r.errors.push(error),
  });
  const group = groupCommit(r.db.kysely);
  other.add("two ");
  r.writer.add("one ");
  assert.equal(group.queued, 2, "both saves wait in the database's one group");
  // The first reply's row refuses writes: the group's transaction fails after the other's write,
  // and each save runs again alone; the other's is kept, once.
  r.db.raw.exec(`CREATE TRIGGER refuse BEFORE UPDATE ON messages WHEN OLD.content = ''
    AND NEW.content = 'one ' BEGIN SELECT RAISE(ABORT, 'disk full'); END`);
  await Promise.all([r.writer.flush(), other.flush()]);
  assert.equal(r.errors.length, 1);
  assert.equal((await getMessage(r.db.kysely, "ann", m.id)).content, "two ", "saved once");
  assert.equal(r.writer.saved, 0);
  r.db.raw.exec("DROP TRIGGER refuse");
  r.writer.add("more");
  other.add("three");
  await Promise.all([
    r.writer.finish({ status: "complete", meta: {} }),
    other.finish({ status: "complete", meta: {} }),
  ]);
  assert.equal((await r.stored()).content, "one more");
  assert.equal((await getMessage(r.db.kysely, "ann", m.id)).content, "two three");
});

Deno.test("reply writer - the end given while an earlier save is being written is written after it", async () => {
  await using r = await streamingReply();
  // Holds the first save's update until released, as a busy server would between its statements.
  const inside = Promise.withResolvers<void>();
  const held = Promise.withResolvers<void>();
  let first = true;
  const slow = r.db.kysely.withPlugin({
    transformQuery: (args) => args.node,
    async transformResult(args) {
      if (first && args.result.numAffectedRows !== undefined) {
        first = false;
        inside.resolve();
        await held.promise;
      }
      return args.result;
    },
  });
  const writer = new ReplyWriter(slow, "ann", (await r.stored()).id, {
    flushChars: 1,
    log: (_message, error) => r.errors.push(error),
  });
  writer.add("first ");
  await inside.promise;
  writer.add("second");
  const finishing = writer.finish({ status: "complete", meta: { n: 1 } });
  held.resolve();
  await finishing;
  const saved = await r.stored();
  assert.deepEqual([saved.content, saved.status, saved.meta.n], ["first second", "complete", 1]);
  assert.deepEqual(r.errors, []);
});
