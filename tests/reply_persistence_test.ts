/**
 * No reply is lost when the server stops: a real Hearth process on a Fake Ollama (in this test
 * process, so the test can hold a reply mid-stream), killed with SIGKILL and started again on the
 * same home, or stopped with SIGTERM while a reply never ends.
 */
import assert from "node:assert/strict";
import { createAdmin, createMember } from "../lib/auth/mod.ts";
import { resolvePaths } from "../lib/config/paths.ts";
import { openDatabase } from "../lib/db/mod.ts";
import { startFakeOllama } from "../lib/ollama/fake_server.ts";
import { within } from "../lib/tasks/testing.ts";
import { parseSse } from "./helpers/admin.ts";
import {
  BUNDLE_ARGS,
  memberHeaders,
  SERVER_ADMIN_PASSWORD,
  startServer,
} from "./helpers/server.ts";

const ARGS = BUNDLE_ARGS;
const REPLY = Array.from({ length: 3_000 }, (_, i) => `w${i} `).join("");

/** A home with an admin and a member, `Ann`; returns the member's id. */
async function seedHome(home: string): Promise<string> {
  const db = await openDatabase(resolvePaths({ HEARTH_HOME: home }).dbFile);
  try {
    await createAdmin(db, { name: "Admin", password: SERVER_ADMIN_PASSWORD });
    return (await createMember(db, { name: "Ann", avatar: "🙂" })).id;
  } finally {
    await db.close();
  }
}

/** The assistant message as stored in the home's database right now. */
async function storedReply(home: string) {
  const db = await openDatabase(resolvePaths({ HEARTH_HOME: home }).dbFile);
  try {
    const row = db.raw.prepare(
      "SELECT conversation_id, content, status, meta FROM messages WHERE role = 'assistant'",
    ).get() as { conversation_id: string; content: string; status: string; meta: string };
    return { ...row, meta: JSON.parse(row.meta) as Record<string, unknown> };
  } finally {
    await db.close();
  }
}

/** Polls `read` until `ok` holds (a child process's database has no event to await). */
async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean, what: string) {
  const deadline = performance.now() + 5_000;
  while (true) {
    const value = await read();
    if (ok(value)) return value;
    if (performance.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/**
 * Starts a reply and reads it until `tokens` tokens arrived; then the fake holds the stream, as
 * a model that stalls mid-sentence. Returns the text seen and the reader, still open.
 */
async function replyUntil(url: string, headers: Record<string, string>, tokens: number) {
  const res = await fetch(`${url}/api/chat/stream`, {
    method: "POST",
    headers: { ...headers, "content-type": "application/json" },
    body: JSON.stringify({ content: "Count for me", model: "llama3.2:latest" }),
  });
  assert.equal(res.status, 200);
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let raw = "";
  let seen = "";
  while (seen.split(" ").length <= tokens) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`the reply ended early:\n${raw}`);
    raw += value;
    const complete = raw.slice(0, raw.lastIndexOf("\n\n") + 2);
    seen = parseSse(complete).filter((e) => e.event === "token")
      .map((e) => (e.data as { text: string }).text).join("");
  }
  return { seen, reader };
}

Deno.test("replies - after kill -9 mid-reply, the restarted server shows the saved text as interrupted", async () => {
  const fake = await startFakeOllama({ tokensPerSecond: 400, reply: REPLY });
  const home = await Deno.makeTempDir({ prefix: "hearth-crash-" });
  try {
    const ann = await seedHome(home);
    const env = { HEARTH_OLLAMA_URL: fake.url };
    let seen: string;
    {
      await using server = await startServer({ args: ARGS, env, home });
      const reply = await replyUntil(server.url, await memberHeaders(server.url, ann), 20);
      fake.hold();
      seen = reply.seen;
      // Within about a second, what the client saw is in the database, though the reply runs on.
      const saved = await until(
        () => storedReply(home),
        (r) => r.content.length >= seen.length,
        "the partial reply to be saved",
      );
      assert.equal(saved.status, "streaming");
      await server.stop("SIGKILL");
      await reply.reader.cancel().catch(() => {});
    }
    fake.release();
    await using again = await startServer({ args: ARGS, env, home });
    const headers = await memberHeaders(again.url, ann);
    const { conversation_id } = await storedReply(home);
    const res = await fetch(`${again.url}/api/conversations/${conversation_id}/messages`, {
      headers,
    });
    const reply = (await res.json()).items[1];
    assert.equal(reply.status, "interrupted");
    assert.ok(reply.content.startsWith(seen), "everything the client saw was kept");
    assert.ok(REPLY.startsWith(reply.content), "and nothing else");
    assert.equal(reply.meta.error.code, "task_interrupted");
    // The kept text is searchable like any finished reply.
    const search = await fetch(`${again.url}/api/search?q=w15`, { headers });
    assert.equal((await search.json()).hits.length, 1);
  } finally {
    await fake.close();
    await Deno.remove(home, { recursive: true });
  }
});

Deno.test("replies - SIGTERM during an endless reply stops within the grace and stores it interrupted with its text", async () => {
  const fake = await startFakeOllama({ tokensPerSecond: 400, reply: REPLY });
  const home = await Deno.makeTempDir({ prefix: "hearth-term-" });
  try {
    const ann = await seedHome(home);
    const env = { HEARTH_OLLAMA_URL: fake.url, HEARTH_SHUTDOWN_GRACE_MS: "1000" };
    await using server = await startServer({ args: ARGS, env, home });
    const headers = await memberHeaders(server.url, ann);
    const { seen, reader } = await replyUntil(server.url, headers, 20);
    fake.hold(); // the model stalls: the reply would never end on its own
    // A second client follows the reply but never reads: it must not hold up the stop.
    const { taskId } = (await storedReply(home)).meta;
    const stalled = await Deno.connect({ hostname: "127.0.0.1", port: server.port });
    await stalled.write(new TextEncoder().encode(
      `GET /api/tasks/${taskId}/stream HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\n` +
        `X-Hearth-Session: ${headers["X-Hearth-Session"]}\r\nCookie: ${headers.cookie}\r\n\r\n`,
    ));
    const started = performance.now();
    // Bounded, so a server that waits for the reply fails the test rather than hanging it.
    const status = await within(server.stop("SIGTERM"), 6_000, "the server to stop");
    const took = performance.now() - started;
    stalled.close();
    assert.equal(status.code, 0, server.output());
    assert.ok(took >= 900, `waited for the grace (${took.toFixed(0)} ms)`);
    assert.ok(took < 4_000, `but not for the reply (${took.toFixed(0)} ms)`);
    // The client that was reading learns how its reply ended.
    let rest = "";
    while (true) {
      const { value, done } = await reader.read().catch(() => ({ value: "", done: true }));
      if (done) break;
      rest += value;
    }
    assert.match(rest, /"code":"task_interrupted"/);
    const stored = await storedReply(home);
    assert.equal(stored.status, "interrupted");
    assert.ok(stored.content.startsWith(seen), "everything the client saw was kept");
    assert.ok(REPLY.startsWith(stored.content));
  } finally {
    await fake.close();
    await Deno.remove(home, { recursive: true });
  }
});
