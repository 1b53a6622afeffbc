/**
 * Chat benchmarks (issue 4 item 8, targets 5–7): full-text search over 100,000 messages, the
 * server render of a 2,000-message conversation, and the JavaScript the chat page ships; and the
 * Markdown renderer on hostile input (its own guard). Each figure has a baseline measured in the
 * same run.
 */
import { createMember } from "../lib/auth/mod.ts";
import { appendMessageText, finishMessage } from "../lib/chat/reply_store.ts";
import { ReplyWriter } from "../lib/chat/reply_writer.ts";
import { addMessage, createConversation } from "../lib/chat/store.ts";
import { yieldToEventLoop } from "../lib/async.ts";
import { type Db, openDatabase } from "../lib/db/mod.ts";
import { newId } from "../lib/db/ids.ts";
import { indexPending } from "../lib/db/search_later.ts";
import { renderMarkdown } from "../lib/markdown/mod.ts";
import { ADVERSARIAL, SAMPLE_REPLY } from "../lib/markdown/testing.ts";
import { ftsQuery, search } from "../lib/search/mod.ts";
import {
  fmt,
  median,
  percentile,
  procCpuSeconds,
  runParts,
  sleep,
  startHearth,
  TABLE_HEADER,
  verdict,
} from "./harness.ts";
import { pageJs } from "./startup.ts";
import { TextGen } from "./text.ts";

/** Inserts `count` messages in conversations of `perConversation`, alternating question/answer. */
export function insertConversations(
  db: Db,
  profileId: string,
  gen: TextGen,
  count: number,
  perConversation: number,
): string[] {
  const conversation = db.raw.prepare(
    "INSERT INTO conversations (id, profile_id, title, model, system_prompt, created_at, " +
      "updated_at) VALUES (?, ?, ?, 'llama3.2:latest', '', ?, ?)",
  );
  const message = db.raw.prepare(
    "INSERT INTO messages (id, conversation_id, profile_id, seq, role, content, status, model, " +
      "meta, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'complete', ?, '{}', ?, ?)",
  );
  const ids: string[] = [];
  const at = new Date().toISOString();
  db.raw.exec("BEGIN");
  for (let n = 0; n < count;) {
    const id = newId();
    ids.push(id);
    conversation.run(id, profileId, gen.sentence(2, 6), at, at);
    for (let seq = 1; seq <= perConversation && n < count; seq++, n++) {
      const user = seq % 2 === 1;
      message.run(
        newId(),
        id,
        profileId,
        seq,
        user ? "user" : "assistant",
        user ? gen.question() : gen.answer(),
        user ? null : "llama3.2:latest",
        at,
        at,
      );
    }
  }
  db.raw.exec("COMMIT");
  return ids;
}

/** ~200 queries as people type them: content words, phrases, half-typed words, stop words. */
export function queries(gen: TextGen): { kind: string; q: string }[] {
  const out: { kind: string; q: string }[] = [];
  const phrase = (n: number) => Array.from({ length: n }, () => gen.word(150)).join(" ");
  for (let i = 0; i < 80; i++) out.push({ kind: "one word", q: phrase(1) });
  for (let i = 0; i < 50; i++) out.push({ kind: "two words", q: phrase(2) });
  for (let i = 0; i < 30; i++) out.push({ kind: "three words", q: phrase(3) });
  for (let i = 0; i < 25; i++) {
    const w = gen.word(150);
    out.push({ kind: "half-typed word", q: w.slice(0, Math.max(2, Math.ceil(w.length / 2))) });
  }
  for (const q of ["the", "what is", "how do I", "and the", "a", "it", "this is", "to be"]) {
    out.push({ kind: "stop words", q });
  }
  for (let i = 0; i < 7; i++) out.push({ kind: "no hit", q: `zzq${i}xw` });
  return out;
}

/** Target 5: search() p95 over 100,000 messages vs the bare FTS5 match in the same database. */
async function ftsSearch(): Promise<string[]> {
  const MESSAGES = 100_000;
  const dir = await Deno.makeTempDir({ prefix: "hearth-bench-fts-" });
  const db = await openDatabase(`${dir}/hearth.db`);
  try {
    const me = await createMember(db, { name: "Bench", avatar: "🙂" });
    const other = await createMember(db, { name: "Other", avatar: "🙂" });
    const gen = new TextGen(42);
    const t0 = performance.now();
    insertConversations(db, me.id, gen, MESSAGES * 0.9, 100);
    insertConversations(db, other.id, gen, MESSAGES * 0.1, 100); // not visible to `me`
    // Noted for the index (migration 22): indexed here, as the server does after writing.
    indexPending(db.raw);
    const insertS = (performance.now() - t0) / 1000;
    const words = Number(
      (db.raw.prepare(
        "SELECT sum(length(content) - length(replace(content, ' ', '')) + 1) AS n " +
          "FROM messages",
      ).get() as { n: number }).n,
    );
    const bare = db.raw.prepare(
      "SELECT rowid FROM search_fts WHERE search_fts MATCH ? ORDER BY rank LIMIT 20",
    );
    const list = queries(new TextGen(99));
    for (const { q } of list.slice(0, 20)) search(db.raw, { profileId: me.id, q }); // warm-up
    const timed: { kind: string; ms: number; bare: number; hits: number }[] = [];
    for (const { kind, q } of list) {
      let start = performance.now();
      const hits = search(db.raw, { profileId: me.id, q }).length;
      const ms = performance.now() - start;
      start = performance.now();
      bare.all(ftsQuery(q));
      timed.push({ kind, ms, bare: performance.now() - start, hits });
    }
    const all = timed.map((t) => t.ms);
    const bareAll = timed.map((t) => t.bare);
    const p95 = percentile(all, 95);
    const kinds = [...new Set(timed.map((t) => t.kind))].map((kind) => {
      const xs = timed.filter((t) => t.kind === kind).map((t) => t.ms);
      return `${kind} ${fmt(percentile(xs, 95))}`;
    });
    return [
      `| 5. search() over ${MESSAGES} messages (${
        fmt(words / 1e6)
      }M words; inserted in one transaction and indexed in ${
        fmt(insertS)
      } s), ${timed.length} queries: p50 / p95 / max | ${fmt(median(all))} / ${fmt(p95)} / ${
        fmt(Math.max(...all))
      } ms | bare FTS5 MATCH … ORDER BY rank LIMIT 20: ${fmt(median(bareAll))} / ${
        fmt(percentile(bareAll, 95))
      } / ${fmt(Math.max(...bareAll))} ms | ${
        fmt(p95 / percentile(bareAll, 95), 2)
      }× at p95 | p95 < 20 ms | ${verdict(p95 < 20)} |`,
      `| 5. … p95 by kind of query (ms) | ${kinds.join("; ")} | | | | |`,
    ];
  } finally {
    await db.close();
    await Deno.remove(dir, { recursive: true });
  }
}

/** Targets 6 and 7: GET /chat/{id} of a 2,000-message conversation, and the page's JavaScript. */
async function chatPage(): Promise<string[]> {
  const ids: string[] = [];
  const h = await startHearth({ HEARTH_FAKE_OLLAMA: "1" }, (db, profileId) => {
    const gen = new TextGen(3);
    ids.push(...insertConversations(db, profileId, gen, 2_000, 2_000));
    ids.push(...insertConversations(db, profileId, gen, 2, 2));
    insertConversations(db, profileId, gen, 2_900, 100); // a full sidebar: 29 more conversations
    return Promise.resolve();
  });
  try {
    const [big, small] = ids;
    const page = async (id: string) => {
      const start = performance.now();
      const res = await fetch(`${h.url}/chat/${id}`, { headers: { cookie: h.headers.cookie } });
      const html = await res.text();
      if (res.status !== 200) throw new Error(`/chat/${id} answered ${res.status}`);
      return { ms: performance.now() - start, bytes: html.length };
    };
    for (let i = 0; i < 5; i++) await page(big), await page(small); // warm-up
    const bigRuns: number[] = [];
    const smallRuns: number[] = [];
    let bytes = 0;
    for (let i = 0; i < 30; i++) {
      const b = await page(big);
      bigRuns.push(b.ms);
      bytes = b.bytes;
      smallRuns.push((await page(small)).ms);
    }
    const p95 = percentile(bigRuns, 95);
    const js = await pageJs(h.url, `/chat/${big}`, { cookie: h.headers.cookie });
    const home = await pageJs(h.url, "/", { cookie: h.headers.cookie });
    const kb = (n: number) => fmt(n / 1024);
    return [
      `| 6. GET /chat/{id}, 2,000-message conversation (newest 50 rendered, ${
        kb(bytes)
      } KB HTML), 30 runs: median / p95 | ${fmt(median(bigRuns))} / ${
        fmt(p95)
      } ms | same page, 2-message conversation: ${fmt(median(smallRuns))} / ${
        fmt(percentile(smallRuns, 95))
      } ms | ${fmt(median(bigRuns) / median(smallRuns), 2)}× | < 100 ms | ${verdict(p95 < 100)} |`,
      `| 7. JavaScript on the chat page (gzip) | ${js.files} files, ${kb(js.raw)} KB min, ${
        kb(js.gzip)
      } KB gzip | home page: ${home.files} files, ${kb(home.raw)} KB min, ${
        kb(home.gzip)
      } KB gzip | | < 30 KB | ${verdict(js.gzip < 30 * 1024)} |`,
    ];
  } finally {
    await h.stop();
  }
}

/**
 * The Markdown renderer on hostile input (`ADVERSARIAL`, about 100 KB each): the slowest input,
 * and the steepest growth from a quarter of an input to all of it (linear work grows about 4×,
 * quadratic 16×). The baseline is 100 KB of ordinary reply Markdown.
 */
function hostileMarkdown(): Promise<string[]> {
  const best = (src: string) => {
    let ms = Infinity;
    for (let run = 0; run < 5; run++) {
      const start = performance.now();
      renderMarkdown(src);
      ms = Math.min(ms, performance.now() - start);
    }
    return ms;
  };
  const ordinary = SAMPLE_REPLY.repeat(Math.ceil(100_000 / SAMPLE_REPLY.length));
  best(ordinary); // warm-up
  let slowest = { name: "", ms: 0 };
  let steepest = { name: "", growth: 0 };
  for (const [name, make] of Object.entries(ADVERSARIAL)) {
    const full = best(make(1));
    const growth = full / best(make(0.25));
    if (full > slowest.ms) slowest = { name, ms: full };
    if (growth > steepest.growth) steepest = { name, growth };
  }
  const base = best(ordinary);
  const ok = slowest.ms < 100 && steepest.growth < 10;
  return Promise.resolve([
    `| Markdown renderer: ${
      Object.keys(ADVERSARIAL).length
    } hostile inputs of about 100 KB, best of 5: slowest; steepest growth from a quarter of an input to all of it | ${
      fmt(slowest.ms)
    } ms (${slowest.name}); ${
      fmt(steepest.growth, 1)
    }× (${steepest.name}) | 100 KB of ordinary reply Markdown: ${fmt(base)} ms | ${
      fmt(slowest.ms / base, 2)
    }× | < 100 ms each, growth < 10× | ${verdict(ok)} |`,
  ]);
}

/** What saving replies as they stream costs: CPU seconds, and how long their ends took to store. */
interface SavesRun {
  cpu: number;
  endsMs: number;
}

/**
 * Saving 1,000 replies that stream together at 10 tokens/s for 6 s and then end together, in
 * process: `ReplyWriter` (the database's group commit, lib/db/group_commit.ts) against the same
 * saves made one statement each, once a second per reply, and each end its own update (how every
 * reply saved before the group; the baseline).
 */
async function streamingSaves(): Promise<string[]> {
  const REPLIES = 1_000;
  const TICKS = 60;
  const run = async (grouped: boolean): Promise<SavesRun> => {
    const dir = await Deno.makeTempDir({ prefix: "hearth-bench-saves-" });
    const db = await openDatabase(`${dir}/hearth.db`);
    try {
      const { id: profileId } = await createMember(db, { name: "Ann", avatar: "🙂" });
      const ids: string[] = [];
      for (let i = 0; i < REPLIES; i++) {
        const c = await createConversation(db.kysely, profileId);
        const m = await addMessage(db.kysely, profileId, c.id, {
          role: "assistant",
          content: "",
          status: "streaming",
        });
        ids.push(m.id);
      }
      const fail = (message: string, error: unknown) => {
        throw new Error(`${message}: ${error}`);
      };
      const writers = ids.map((id) => new ReplyWriter(db.kysely, profileId, id, { log: fail }));
      // The baseline: each reply's text waits up to 1 s, then is appended by its own statement.
      const pending = ids.map(() => "");
      const timers = new Map<number, ReturnType<typeof setTimeout>>();
      const add = (i: number, text: string) => {
        if (grouped) return writers[i].add(text);
        pending[i] += text;
        if (timers.has(i)) return;
        timers.set(
          i,
          setTimeout(() => {
            timers.delete(i);
            const text = pending[i];
            pending[i] = "";
            appendMessageText(db.kysely, profileId, ids[i], text).catch((e) => fail("append", e));
          }, 1_000),
        );
      };
      const cpu0 = procCpuSeconds(Deno.pid);
      for (let tick = 0; tick < TICKS; tick++) {
        const start = performance.now();
        for (let i = 0; i < REPLIES; i++) add(i, `word${tick} `);
        await sleep(Math.max(0, 100 - (performance.now() - start)));
      }
      const ends = performance.now();
      const ending = { status: "complete" as const, meta: { tokens: TICKS } };
      await Promise.all(ids.map((id, i) => {
        if (grouped) return writers[i].finish(ending);
        clearTimeout(timers.get(i));
        const append = pending[i];
        return finishMessage(db.kysely, profileId, id, { append, ...ending });
      }));
      const endsMs = performance.now() - ends;
      const cpu = procCpuSeconds(Deno.pid) - cpu0;
      const stored = db.raw.prepare(
        "SELECT count(*) AS n FROM messages WHERE status = 'complete' AND length(content) = ?",
      ).get(Array.from({ length: TICKS }, (_, t) => `word${t} `).join("").length) as { n: number };
      if (stored.n !== REPLIES) throw new Error(`only ${stored.n} replies were stored whole`);
      return { cpu, endsMs };
    } finally {
      await db.close();
      await Deno.remove(dir, { recursive: true });
    }
  };
  await run(true); // warm-up
  const grouped = await run(true);
  const alone = await run(false);
  return [
    `| saving 1,000 replies streaming together (10 tokens/s for 6 s, in process): CPU; their 1,000 ends stored in | ${
      fmt(grouped.cpu, 2)
    } s; ${fmt(grouped.endsMs)} ms | each its own statement: ${fmt(alone.cpu, 2)} s; ${
      fmt(alone.endsMs)
    } ms | ${fmt(grouped.cpu / alone.cpu, 2)}× | | |`,
  ];
}

/**
 * WAL checkpoints (lib/db/checkpointer.ts): 4,000 replies stored as a reply stores them (the
 * question and the empty answer in one transaction, then the answer's end), one after another in
 * process, the event loop turning after each and resting 10 ms after every 50. SQLite's own checkpoint runs inside the commit that
 * crossed 1,000 pages, on the event loop; the thread's runs beside it, and the writes that find
 * its FULL step under way wait for it with the event loop free. A 1 ms interval timer meanwhile
 * records how late it fires: how long the event loop was held, which every stream and request
 * waits through.
 */
async function checkpoints(): Promise<string[]> {
  const REPLIES = 4_000;
  const run = async (thread: boolean) => {
    const dir = await Deno.makeTempDir({ prefix: "hearth-bench-checkpoints-" });
    const db = await openDatabase(`${dir}/hearth.db`, undefined, { checkpointThread: thread });
    const lags: number[] = [];
    let last = performance.now();
    const probe = setInterval(() => {
      const now = performance.now();
      lags.push(now - last);
      last = now;
    }, 1);
    try {
      const { id: profileId } = await createMember(db, { name: "Ann", avatar: "🙂" });
      const conversations: string[] = [];
      for (let i = 0; i < 200; i++) {
        conversations.push((await createConversation(db.kysely, profileId)).id);
      }
      const gen = new TextGen(7);
      const times: number[] = [];
      lags.length = 0;
      const cpu0 = procCpuSeconds(Deno.pid);
      for (let i = 0; i < REPLIES; i++) {
        const id = conversations[i % conversations.length];
        const start = performance.now();
        const answer = await db.kysely.transaction().execute(async (tx) => {
          await addMessage(tx, profileId, id, { role: "user", content: gen.sentence(5, 20) });
          return await addMessage(tx, profileId, id, {
            role: "assistant",
            content: "",
            status: "streaming",
          });
        });
        await finishMessage(db.kysely, profileId, answer.id, {
          append: gen.sentence(30, 80),
          status: "complete",
          meta: {},
        });
        times.push(performance.now() - start);
        await yieldToEventLoop();
        if (i % 50 === 49) await sleep(10);
      }
      const cpu = procCpuSeconds(Deno.pid) - cpu0;
      return { times, lags: [...lags], cpu, checkpoints: db.checkpoints?.stats.checkpoints ?? 0 };
    } finally {
      clearInterval(probe);
      await db.close();
      await Deno.remove(dir, { recursive: true });
    }
  };
  await run(true); // warm-up
  const own = await run(false);
  const thread = await run(true);
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const show = (r: typeof own) =>
    `held ${fmt(percentile(r.lags, 99.9), 1)} / ${fmt(Math.max(...r.lags), 1)} ms; writes ${
      fmt(percentile(r.times, 50), 2)
    } / ${fmt(percentile(r.times, 99.9), 1)} ms, ${fmt(sum(r.times) / 1000, 2)} s in all; CPU ${
      fmt(r.cpu, 2)
    } s`;
  return [
    `| WAL checkpoints, 4,000 replies' writes: event loop held (timer lateness p99.9 / max); a reply's writes p50 / p99.9, in all; process CPU (${thread.checkpoints} checkpoints in the thread) | ${
      show(thread)
    } | SQLite's own, on the event loop: ${show(own)} | ${
      fmt(sum(thread.times) / sum(own.times), 2)
    }× | | |`,
  ];
}

/**
 * Runs the chat benchmarks (`only`: the parts whose names contain one of these words); returns
 * Markdown table rows (see `TABLE_HEADER`).
 */
export async function benchChat(only?: string[]): Promise<string[]> {
  const parts: [string, () => Promise<string[]>][] = [
    ["5. search", ftsSearch],
    ["6. and 7. chat page", chatPage],
    ["Markdown renderer", hostileMarkdown],
    ["saving streaming replies", streamingSaves],
    ["checkpoints", checkpoints],
  ];
  return await runParts(
    parts.filter(([name]) => !only?.length || only.some((w) => name.includes(w))),
  );
}

// `deno run -A bench/chat.ts [saving] [search] …` runs some of them alone.
if (import.meta.main) {
  console.log([...TABLE_HEADER, ...await benchChat(Deno.args)].join("\n"));
}
