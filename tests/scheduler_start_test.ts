/**
 * `hearth start` runs the scheduler with the other services: a real process, started over a home
 * whose box was off while a todo fell due, delivers it once at start; stopped (SIGTERM) it exits
 * cleanly, and started again over the same database it delivers nothing twice.
 */
import assert from "node:assert/strict";
import { createAdmin, createMember } from "../lib/auth/mod.ts";
import { resolvePaths } from "../lib/config/paths.ts";
import { openDatabase } from "../lib/db/mod.ts";
import { createTodo } from "../lib/todos/store.ts";
import {
  BUNDLE_ARGS,
  memberHeaders,
  SERVER_ADMIN_PASSWORD,
  startServer,
} from "./helpers/server.ts";

const ARGS = BUNDLE_ARGS;
const MIN = 60_000;

/** The scheduler's cursor in the home's database (how far it has looked), or 0. */
async function cursorOf(home: string): Promise<number> {
  const db = await openDatabase(resolvePaths({ HEARTH_HOME: home }).dbFile);
  try {
    const row = db.raw.prepare("SELECT value FROM app_meta WHERE key = 'scheduler.cursor'")
      .get() as { value: string } | undefined;
    return Number(row?.value ?? 0);
  } finally {
    await db.close();
  }
}

/** Polls `read` until `ok` holds (a child process's database has no event to await). */
async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean, what: string) {
  const deadline = performance.now() + 10_000;
  while (true) {
    const value = await read();
    if (ok(value)) return value;
    if (performance.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

Deno.test("scheduler start - hearth start delivers what fell due while it was off, once, across a restart", async () => {
  const home = await Deno.makeTempDir({ prefix: "hearth-sched-" });
  try {
    const db = await openDatabase(resolvePaths({ HEARTH_HOME: home }).dbFile);
    let ann: string;
    try {
      await createAdmin(db, { name: "Admin", password: SERVER_ADMIN_PASSWORD });
      ann = (await createMember(db, { name: "Ann", avatar: "🙂", timeZone: "UTC" })).id;
      const now = Date.now();
      await createTodo(db.kysely, ann, {
        title: "Fell due while off",
        due: new Date(now - 30 * MIN).toISOString(),
        timeZone: "UTC",
      }, now - 2 * 60 * MIN);
      // The box last looked an hour ago.
      db.raw.prepare("INSERT INTO app_meta (key, value) VALUES ('scheduler.cursor', ?)")
        .run(String(now - 60 * MIN));
    } finally {
      await db.close();
    }
    const list = async (url: string) =>
      await (await fetch(`${url}/api/notifications`, { headers: await memberHeaders(url, ann) }))
        .json();
    {
      await using server = await startServer({ args: ARGS, home });
      const page = await until(() => list(server.url), (p) => p.items.length > 0, "the nudge");
      assert.equal(page.items.length, 1);
      assert.equal(page.items[0].title, "Fell due while off");
      assert.equal(page.items[0].late, true);
      const status = await server.stop();
      assert.equal(status.code, 0, server.output());
      assert.doesNotMatch(server.output(), /scheduler: /);
    }
    const restarted = Date.now();
    await using again = await startServer({ args: ARGS, home });
    // Its first tick has run once the cursor moved past the restart.
    await until(() => cursorOf(home), (at) => at >= restarted, "the first tick after the restart");
    assert.equal((await list(again.url)).items.length, 1);
  } finally {
    await Deno.remove(home, { recursive: true });
  }
});
