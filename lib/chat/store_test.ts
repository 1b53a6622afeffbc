import assert from "node:assert/strict";
import type { Db } from "../db/mod.ts";
import { chatTestDb } from "./testing.ts";
import { search } from "../search/mod.ts";
import { exportFileName, toJson, toMarkdown } from "./export.ts";
import { appendMessageText, finishMessage, interruptStreamingReplies } from "./reply_store.ts";
import {
  addMessage,
  createConversation,
  deleteConversation,
  deleteMessage,
  getConversation,
  getMessage,
  listConversations,
  listMessages,
  updateConversation,
  updateMessage,
} from "./store.ts";
import { conversationForReply } from "./reply_reads.ts";

async function withDb(fn: (db: Db) => Promise<void>) {
  const db = await chatTestDb();
  try {
    await fn(db);
  } finally {
    await db.close();
  }
}

Deno.test("chat store - messages append in order and page backwards from the newest", () =>
  withDb(async ({ kysely }) => {
    const c = await createConversation(kysely, "ann", { title: "Trip" });
    for (let i = 1; i <= 7; i++) {
      await addMessage(kysely, "ann", c.id, {
        role: i % 2 ? "user" : "assistant",
        content: `m${i}`,
      });
    }
    const last = await listMessages(kysely, "ann", c.id, { limit: 3 });
    assert.deepEqual(last.items.map((m) => m.content), ["m5", "m6", "m7"]);
    assert.equal(last.hasMore, true);
    const older = await listMessages(kysely, "ann", c.id, { limit: 3, before: last.items[0].seq });
    assert.deepEqual(older.items.map((m) => m.content), ["m2", "m3", "m4"]);
    const oldest = await listMessages(kysely, "ann", c.id, {
      limit: 3,
      before: older.items[0].seq,
    });
    assert.deepEqual(oldest.items.map((m) => m.content), ["m1"]);
    assert.equal(oldest.hasMore, false);
  }));

Deno.test("chat store - conversations list newest first, paginate, and filter", () =>
  withDb(async ({ kysely }) => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const c = await createConversation(kysely, "ann", { title: `Chat ${i}` });
      await addMessage(kysely, "ann", c.id, {
        role: "user",
        content: i === 1 ? "about zebras" : "hi",
      });
      ids.push(c.id);
    }
    await createConversation(kysely, "bob", { title: "Bob's" });
    const page1 = await listConversations(kysely, "ann", { limit: 2 });
    assert.deepEqual(page1.items.map((c) => c.id), [ids[4], ids[3]]);
    const page2 = await listConversations(kysely, "ann", { limit: 2, before: page1.next! });
    assert.deepEqual(page2.items.map((c) => c.id), [ids[2], ids[1]]);
    const page3 = await listConversations(kysely, "ann", { limit: 2, before: page2.next! });
    assert.deepEqual(page3.items.map((c) => c.id), [ids[0]]);
    assert.equal(page3.next, null);
    assert.deepEqual(
      (await listConversations(kysely, "ann", { q: "zebra" })).items.map((c) => c.id),
      [ids[1]],
    );
    assert.deepEqual(
      (await listConversations(kysely, "ann", { q: "Chat 3" })).items.map((c) => c.id),
      [ids[3]],
    );
    assert.deepEqual((await listConversations(kysely, "ann", { q: "100%" })).items, []);
  }));

Deno.test("chat store - another profile's conversation or message is a 404, by id, for every action", () =>
  withDb(async ({ kysely }) => {
    const c = await createConversation(kysely, "ann");
    const m = await addMessage(kysely, "ann", c.id, { role: "user", content: "secret" });
    const notFound = (code: string) => (err: unknown) => (err as { code: string }).code === code;
    await assert.rejects(getConversation(kysely, "bob", c.id), notFound("conversation_not_found"));
    await assert.rejects(listMessages(kysely, "bob", c.id), notFound("conversation_not_found"));
    await assert.rejects(
      updateConversation(kysely, "bob", c.id, { title: "x" }),
      notFound("conversation_not_found"),
    );
    await assert.rejects(
      deleteConversation(kysely, "bob", c.id),
      notFound("conversation_not_found"),
    );
    await assert.rejects(
      addMessage(kysely, "bob", c.id, { role: "user", content: "x" }),
      notFound("conversation_not_found"),
    );
    await assert.rejects(getMessage(kysely, "bob", m.id), notFound("message_not_found"));
    await assert.rejects(
      updateMessage(kysely, "bob", m.id, { content: "x" }),
      notFound("message_not_found"),
    );
    await assert.rejects(deleteMessage(kysely, "bob", m.id), notFound("message_not_found"));
    assert.equal((await getMessage(kysely, "ann", m.id)).content, "secret", "nothing changed");
  }));

Deno.test("chat store - edits, meta merges, deletes a message with what followed, and cascade", () =>
  withDb(async (db) => {
    const { kysely } = db;
    const c = await createConversation(kysely, "ann");
    const a = await addMessage(kysely, "ann", c.id, { role: "user", content: "one" });
    const b = await addMessage(kysely, "ann", c.id, {
      role: "assistant",
      content: "",
      status: "streaming",
      meta: { taskId: "t1" },
    });
    await addMessage(kysely, "ann", c.id, { role: "user", content: "three" });
    const done = await updateMessage(kysely, "ann", b.id, {
      content: "two",
      status: "complete",
      meta: { tokensPerSecond: 12.5 },
    });
    assert.deepEqual(done.meta, { taskId: "t1", tokensPerSecond: 12.5 });
    assert.equal(await deleteMessage(kysely, "ann", b.id), 2);
    assert.deepEqual((await listMessages(kysely, "ann", c.id)).items.map((m) => m.content), [
      "one",
    ]);
    assert.equal((await getConversation(kysely, "ann", c.id)).leafId, a.id);
    await deleteConversation(kysely, "ann", c.id);
    const left = db.raw.prepare("SELECT count(*) AS n FROM messages").get() as { n: number };
    assert.equal(left.n, 0);
    const docs = db.raw.prepare("SELECT count(*) AS n FROM search_docs").get() as { n: number };
    assert.equal(docs.n, 0, "search entries went with the messages");
  }));

Deno.test("search - finds words in messages, highlights them safely, and only the owner's", () =>
  withDb(async (db) => {
    const { kysely, raw } = db;
    const c = await createConversation(kysely, "ann");
    const m = await addMessage(kysely, "ann", c.id, {
      role: "assistant",
      content: "The <b>Zürich</b> train leaves at noon & arrives late.",
    });
    const bobs = await createConversation(kysely, "bob");
    await addMessage(kysely, "bob", bobs.id, { role: "user", content: "Zürich is Bob's secret" });
    const hits = search(raw, { profileId: "ann", q: "zurich tra" });
    assert.equal(hits.length, 1);
    assert.equal(hits[0].id, m.id);
    assert.equal(hits[0].href, `/chat/${c.id}?message=${m.id}#m-${m.id}`);
    assert.match(hits[0].snippet, /&lt;b&gt;<mark>Zürich<\/mark>&lt;\/b&gt; <mark>train<\/mark>/);
    assert.ok(!hits[0].snippet.includes("<b>"));
    await updateMessage(kysely, "ann", m.id, { content: "Now about Basel." });
    assert.equal(search(raw, { profileId: "ann", q: "zurich" }).length, 0, "edits reindex");
    assert.equal(search(raw, { profileId: "ann", q: "basel" }).length, 1);
    // FTS syntax in the query is just text.
    assert.deepEqual(search(raw, { profileId: "ann", q: 'NEAR("a" OR * ^' }), []);
    assert.throws(() => search(raw, { profileId: "ann", q: "  ** " }), /at least one letter/);
  }));

Deno.test("chat store - replies a crash left streaming become interrupted, keeping their text", () =>
  withDb(async (db) => {
    const { kysely, raw } = db;
    const c = await createConversation(kysely, "ann");
    const cut = await addMessage(kysely, "ann", c.id, {
      role: "assistant",
      content: "",
      status: "streaming",
      meta: { taskId: "t1" },
    });
    await appendMessageText(kysely, "ann", cut.id, "Half a sentence about Zürich");
    assert.deepEqual(search(raw, { profileId: "ann", q: "zurich" }), [], "streaming: not indexed");
    const damaged = await addMessage(kysely, "ann", c.id, {
      role: "assistant",
      content: "",
      status: "streaming",
    });
    raw.prepare("UPDATE messages SET meta = '{oops' WHERE id = ?").run(damaged.id);
    const done = await addMessage(kysely, "ann", c.id, { role: "assistant", content: "Whole." });
    assert.equal(await interruptStreamingReplies(kysely), 2);
    const after = await getMessage(kysely, "ann", cut.id);
    assert.equal(after.status, "interrupted");
    assert.equal(after.content, "Half a sentence about Zürich");
    assert.equal(after.meta.taskId, "t1");
    assert.equal(after.meta.ended, "interrupted");
    assert.equal((after.meta.error as { code: string }).code, "task_interrupted");
    const repaired = await getMessage(kysely, "ann", damaged.id);
    assert.equal(repaired.status, "interrupted");
    assert.equal(repaired.meta.ended, "interrupted");
    assert.equal((await getMessage(kysely, "ann", done.id)).status, "complete");
    assert.equal(search(raw, { profileId: "ann", q: "zurich" })[0]?.id, cut.id, "indexed now");
    assert.equal(await interruptStreamingReplies(kysely), 0, "nothing twice");
  }));

Deno.test("chat store - a reply ends in one update: its last text, status and merged meta", () =>
  withDb(async (db) => {
    const { kysely, raw } = db;
    const c = await createConversation(kysely, "ann");
    const m = await addMessage(kysely, "ann", c.id, {
      role: "assistant",
      content: "",
      status: "streaming",
      meta: { taskId: "t1", contextDropped: 2 },
    });
    await appendMessageText(kysely, "ann", m.id, "Saved so far, ");
    await finishMessage(kysely, "ann", m.id, {
      append: "and the rest.",
      status: "complete",
      meta: { taskId: "t1", completionTokens: 7, toolCalls: [{ name: "x" }] },
    });
    const done = await getMessage(kysely, "ann", m.id);
    assert.equal(done.content, "Saved so far, and the rest.");
    assert.equal(done.status, "complete");
    assert.deepEqual(done.meta, {
      taskId: "t1",
      contextDropped: 2,
      completionTokens: 7,
      toolCalls: [{ name: "x" }],
    });
    // Another profile's message is left alone, as is a damaged meta replaced, not merged.
    await finishMessage(kysely, "bob", m.id, { append: "!", status: "error", meta: {} });
    assert.equal((await getMessage(kysely, "ann", m.id)).content, "Saved so far, and the rest.");
    raw.prepare("UPDATE messages SET meta = '[1' WHERE id = ?").run(m.id);
    await finishMessage(kysely, "ann", m.id, { append: "", status: "error", meta: { a: 1 } });
    assert.deepEqual((await getMessage(kysely, "ann", m.id)).meta, { a: 1 });
  }));

Deno.test("chat export - Markdown and JSON carry every message", () =>
  withDb(async ({ kysely }) => {
    const c = await createConversation(kysely, "ann", {
      title: "Plan: Ski trip / 2027",
      model: "llama3.2",
    });
    await addMessage(kysely, "ann", c.id, { role: "user", content: "Where?" });
    await addMessage(kysely, "ann", c.id, {
      role: "assistant",
      content: "Alps.",
      status: "cancelled",
    });
    const messages = (await listMessages(kysely, "ann", c.id)).items;
    const md = toMarkdown(c, messages);
    assert.match(md, /^# Plan: Ski trip \/ 2027\n/);
    assert.match(md, /## You\n\nWhere\?\n/);
    assert.match(md, /## Assistant _\(cancelled\)_\n\nAlps\./);
    const json = JSON.parse(toJson(c, messages));
    assert.equal(json.messages.length, 2);
    assert.equal(json.conversation.id, c.id);
    assert.equal(exportFileName(c, "md"), "Plan-Ski-trip-2027.md");
  }));

Deno.test("chat store - a reply's start reads its conversation, highest seq and documents in one go", () =>
  withDb(async ({ kysely }) => {
    const c = await createConversation(kysely, "ann", { title: "Trip" });
    assert.deepEqual(await conversationForReply(kysely, "ann", c.id), {
      conversation: c,
      lastSeq: 0,
      linked: false,
    });
    const first = await addMessage(kysely, "ann", c.id, { role: "user", content: "a" });
    await addMessage(kysely, "ann", c.id, { role: "assistant", content: "b" });
    // A second branch from the first message: the highest seq counts every branch.
    await addMessage(kysely, "ann", c.id, { role: "assistant", content: "b2", parentId: first.id });
    const read = await conversationForReply(kysely, "ann", c.id);
    assert.equal(read.lastSeq, 3);
    assert.deepEqual(read.conversation, await getConversation(kysely, "ann", c.id));
    // Another profile's conversation is a missing one.
    await assert.rejects(conversationForReply(kysely, "bob", c.id), /No such conversation/);
  }));
