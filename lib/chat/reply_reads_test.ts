/** What a reply's start reads: the history as far back as the model's context could reach. */
import assert from "node:assert/strict";
import { chatTestDb } from "./testing.ts";
import { addMessage, createConversation } from "./store.ts";
import { pathTo } from "./reply_reads.ts";
import { buildContext } from "./context.ts";
import { toChatMessage } from "./reply_parts.ts";
import type { HistoryMessage } from "./attachments.ts";
import type { PathMessage } from "./types.ts";

/** A seeded generator, so a failure can be run again. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const history = (messages: PathMessage[]) =>
  messages.map(toChatMessage).filter((m): m is HistoryMessage => m !== null);

// Text whose estimate per character differs: plain words, accents, CJK (a token each), emoji
// (two UTF-16 units, one character to SQLite).
const PIECES = ["word ", "é", "日本", "😀", "a", " "];

Deno.test("pathTo - reading only what the budget could reach sends what reading all would", async () => {
  const db = await chatTestDb();
  try {
    for (let seed = 1; seed <= 30; seed++) {
      const r = random(seed);
      const c = await createConversation(db.kysely, "ann", { model: "m" });
      const count = 1 + Math.floor(r() * 60);
      // Every third conversation has versions: a message written again beside the one before.
      const versions = seed % 3 === 0;
      let last = "";
      let parentId: string | null = null;
      for (let i = 0; i < count; i++) {
        const piece = PIECES[Math.floor(r() * PIECES.length)];
        const size = r() < 0.1 ? 0 : Math.floor(r() * (r() < 0.2 ? 3000 : 300));
        const user = i % 2 === 0 || i === count - 1;
        const failed = !user && r() < 0.15;
        const photo = { id: `att_${seed}_${i}`, mime: "image/jpeg", width: 1, height: 1, size: 1 };
        const again = versions && last && r() < 0.3;
        const message = await addMessage(db.kysely, "ann", c.id, {
          role: user ? "user" : r() < 0.05 ? "system" : "assistant",
          content: failed ? "" : piece.repeat(size),
          status: failed ? "error" : "complete",
          ...(user && r() < 0.1 && { meta: { images: [photo] } }),
          ...(again && { parentId }),
        });
        if (!again) parentId = last || null;
        last = message.id;
      }
      const all = await pathTo(db.kysely, "ann", last, { limit: 500 });
      assert.equal(all.omitted, 0);
      for (const numCtx of [64, 300, 1024, 4096]) {
        const budget = { limit: 500, budget: numCtx };
        const read = await pathTo(db.kysely, "ann", last, budget);
        const ask = { system: r() < 0.5 ? "Be brief." : "", reserve: 0, numCtx, scale: 1 + r() };
        ask.reserve = Math.floor(r() * numCtx / 4);
        const full = buildContext({ ...ask, history: history(all.messages) });
        const cut = buildContext({ ...ask, history: history(read.messages) });
        const why = `seed ${seed}, ${count} messages, ${numCtx} tokens`;
        assert.deepEqual(cut.messages, full.messages, why);
        const unread = all.messages.slice(0, all.messages.length - read.messages.length);
        assert.deepEqual(read.messages, all.messages.slice(unread.length), why);
        // Every message left unread is counted; history left out those it had of them, and those
        // of the rest that did not fit.
        assert.equal(read.omitted, unread.length, why);
        assert.equal(history(unread).length + cut.dropped, full.dropped, why);
      }
    }
  } finally {
    await db.close();
  }
});

Deno.test("pathTo - a long conversation's older text is not read, only counted", async () => {
  const db = await chatTestDb();
  try {
    const c = await createConversation(db.kysely, "ann", { model: "m" });
    let last = "";
    for (let i = 0; i < 300; i++) {
      const role = i % 2 ? "assistant" : "user";
      last = (await addMessage(db.kysely, "ann", c.id, { role, content: "x".repeat(1500) })).id;
    }
    const read = await pathTo(db.kysely, "ann", last, { limit: 500, budget: 8192 });
    // 8,192 tokens hold at most 8,192 / (1,500 / 3.5 + 4) = 18.9 of them: the 19 newest are read.
    assert.equal(read.messages.length, 19);
    assert.equal(read.omitted, 281);
    const some = await pathTo(db.kysely, "ann", last, { limit: 100, budget: 8192 });
    assert.equal(some.omitted, 81, "counted only as far as the limit");
    const bob = await pathTo(db.kysely, "bob", last, { limit: 500, budget: 8192 });
    assert.deepEqual(bob, { messages: [], omitted: 0 });
  } finally {
    await db.close();
  }
});
