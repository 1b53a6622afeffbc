/**
 * WAL checkpoints in a thread of their own (`checkpointer.ts`): the server's connection never
 * checkpoints, a write brings a checkpoint a moment later, the thread ends when idle, closing
 * leaves no WAL behind, and a thread that fails hands checkpoints back to SQLite.
 */
import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { yieldToEventLoop } from "../async.ts";
import { FULL_AFTER_FRAMES } from "./checkpoint_worker.ts";
import type { CheckpointerOptions, CheckpointResult } from "./checkpointer.ts";
import { type Db, openDatabase } from "./mod.ts";
import { MIGRATIONS } from "./migrations/mod.ts";
import { kyselyOver } from "./sqlite_dialect.ts";
import type { Database } from "./schema.ts";

type Thread = Omit<CheckpointerOptions, "path" | "onFallback">;

async function tempDb(
  thread: Thread,
  onProblem?: (message: string, fields: Record<string, unknown>) => void,
): Promise<Db & AsyncDisposable> {
  const dir = await Deno.makeTempDir({ prefix: "hearth-checkpoint-" });
  const db = await openDatabase(`${dir}/hearth.db`, MIGRATIONS, {
    checkpointThread: thread,
    onProblem,
  });
  return Object.assign(db, {
    async [Symbol.asyncDispose]() {
      await db.close();
      await Deno.remove(dir, { recursive: true });
    },
  });
}

/** `count` rows of ~3 KB, each its own commit: more than SQLite's 1,000-page auto-checkpoint. */
async function writeRows(db: Db, count: number, prefix = "k"): Promise<void> {
  for (let i = 0; i < count; i++) {
    await db.kysely.insertInto("app_meta").values({ key: `${prefix}${i}`, value: "x".repeat(3000) })
      .execute();
  }
}

const fileExists = (path: string) => Deno.stat(path).then(() => true, () => false);

Deno.test("checkpointer - the server's commits never checkpoint; the thread copies the whole WAL", async () => {
  await using db = await tempDb({ delayMs: 60_000 });
  assert.ok(db.checkpoints);
  const pragma = db.raw.prepare("PRAGMA wal_autocheckpoint").get() as Record<string, number>;
  assert.equal(Object.values(pragma)[0], 0);
  await writeRows(db, 1_500);
  const first = await db.checkpoints.checkpoint();
  // SQLite's own would have copied every 1,000 pages, leaving fewer in the WAL.
  assert.ok(first && first.log > 1_000, JSON.stringify(first));
  assert.equal(first.checkpointed, first.log);
  assert.equal(first.busy, 0);
  // Everything copied: the next write starts the WAL over.
  await writeRows(db, 1, "again");
  const second = await db.checkpoints.checkpoint();
  assert.ok(second && second.log < 100, JSON.stringify(second));
  assert.equal(db.checkpoints.stats.threads, 1);
  // The data is all there, read through another connection after the checkpoints.
  const other = new DatabaseSync(db.path);
  try {
    const row = other.prepare("SELECT count(*) AS n FROM app_meta WHERE value != ''").get();
    assert.ok((row as { n: number }).n >= 1_501);
  } finally {
    other.close();
  }
});

Deno.test("checkpointer - a WAL written to all through its checkpoint still starts over", async () => {
  await using db = await tempDb({ delayMs: 60_000 });
  await writeRows(db, FULL_AFTER_FRAMES / 2);
  // Writes go on while the thread copies: PASSIVE alone would never find all of the WAL copied.
  let done = false;
  const first = db.checkpoints!.checkpoint().finally(() => done = true);
  let during = 0;
  while (!done) {
    await writeRows(db, 1, `during${during++}`);
    await yieldToEventLoop();
  }
  const result = await first;
  assert.ok(during > 0);
  assert.ok(result && result.log >= FULL_AFTER_FRAMES, JSON.stringify(result));
  assert.equal(result.checkpointed, result.log);
  await writeRows(db, 1, "after");
  const next = await db.checkpoints!.checkpoint();
  assert.ok(next && next.log < 100, JSON.stringify(next));
});

Deno.test("checkpointer - writes bring one checkpoint a moment later; an idle thread ends", async () => {
  const checkpoints: CheckpointResult[] = [];
  let next = Promise.withResolvers<void>();
  const ended = Promise.withResolvers<void>();
  await using db = await tempDb({
    delayMs: 20,
    quietMs: 20,
    idleMs: 50,
    minFrames: 1,
    truncateOver: 0,
    onCheckpoint: (r) => {
      checkpoints.push(r);
      next.resolve();
    },
    onThreadEnd: () => ended.resolve(),
  });
  await writeRows(db, 20);
  await next.promise;
  // Twenty commits in less than the delay: one checkpoint.
  assert.equal(checkpoints.length, 1);
  assert.ok(checkpoints[0].checkpointed >= 20, JSON.stringify(checkpoints[0]));
  await ended.promise;
  assert.equal(db.checkpoints!.stats.threads, 1);
  // Writes stopped: the thread's end cut the WAL file back (here whatever its length).
  assert.equal((await Deno.stat(`${db.path}-wal`)).size, 0);
  // The next write starts a thread again.
  next = Promise.withResolvers<void>();
  await writeRows(db, 1, "later");
  await next.promise;
  assert.equal(checkpoints.length, 2);
  assert.equal(db.checkpoints!.stats.threads, 2);
});

Deno.test("checkpointer - a few small writes start no thread; a WAL of 1,000 frames does", async () => {
  const looks: (number | null)[] = [];
  const looked = Promise.withResolvers<void>();
  const checkpointed = Promise.withResolvers<CheckpointResult>();
  await using db = await tempDb({
    delayMs: 10,
    quietMs: 10,
    onLook: (frames) => {
      looks.push(frames);
      looked.resolve();
    },
    onCheckpoint: (r) => checkpointed.resolve(r),
  });
  await writeRows(db, 5);
  await looked.promise;
  assert.ok(looks[0] !== null && looks[0] > 0 && looks[0] < 1_000, String(looks[0]));
  assert.equal(db.checkpoints!.stats.threads, 0);
  // The count read from the -shm file is the WAL's: the checkpoint it brings reports as many.
  await writeRows(db, 1_100, "big");
  const result = await checkpointed.promise;
  const big = looks.at(-1)!;
  assert.ok(big >= 1_000, JSON.stringify(looks));
  assert.ok(result.log >= big, `${result.log} < ${big}`);
  assert.equal(db.checkpoints!.stats.threads, 1);
});

Deno.test("checkpointer - while writes keep coming the checkpoint waits, up to maxFrames", async () => {
  // A reply streams: a save every 10 ms. The WAL is past minFrames, but no thread starts (its
  // start holds the event loop) until the writes stop for quietMs.
  const checkpointed: number[] = [];
  let done = Promise.withResolvers<void>();
  let looked = 0;
  {
    await using db = await tempDb({
      delayMs: 10,
      minFrames: 1,
      quietMs: 1_000,
      onLook: () => looked++,
      onCheckpoint: () => {
        checkpointed.push(performance.now());
        done.resolve();
      },
    });
    let last = 0;
    for (let i = 0; i < 40; i++) {
      await writeRows(db, 1, `s${i}-`);
      last = performance.now();
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    assert.equal(db.checkpoints!.stats.threads, 0, "no thread while writes come");
    assert.ok(looked >= 1, "the WAL was looked at");
    await done.promise;
    assert.equal(checkpointed.length, 1);
    assert.ok(checkpointed[0] - last >= 900, `${checkpointed[0] - last} ms after the last write`);
  }
  // Past maxFrames the checkpoint comes though writes go on.
  done = Promise.withResolvers<void>();
  const seen: number[] = [];
  await using db = await tempDb({
    delayMs: 10,
    minFrames: 1,
    quietMs: 60_000,
    maxFrames: 50,
    onLook: (frames) => frames !== null && seen.push(frames),
    onCheckpoint: () => {
      // No look runs during a checkpoint: the last one brought it.
      atCheckpoint = seen.at(-1);
      done.resolve();
    },
  });
  let atCheckpoint: number | undefined;
  let wrote = 0;
  const writing = (async () => {
    for (let i = 0; i < 2_000 && db.checkpoints!.stats.checkpoints === 0; i++) {
      await writeRows(db, 1, `m${i}-`);
      wrote++;
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
  })();
  await done.promise;
  await writing;
  assert.ok(wrote < 2_000, "writes went on until the checkpoint");
  // Looks below maxFrames waited; the one that brought it had reached it.
  assert.ok(atCheckpoint! >= 50, JSON.stringify(seen));
});

Deno.test("checkpointer - reads and a transaction that changed nothing bring no checkpoint", async () => {
  let writes = 0;
  const raw = new DatabaseSync(":memory:");
  raw.exec("CREATE TABLE t (k TEXT PRIMARY KEY, v TEXT)");
  const kysely = kyselyOver<Database & { t: { k: string; v: string } }>(raw, {
    onWrite: () => writes++,
  });
  try {
    await kysely.selectFrom("t").selectAll().execute();
    await kysely.updateTable("t").set({ v: "x" }).where("k", "=", "none").execute();
    await kysely.transaction().execute(async (tx) => {
      await tx.selectFrom("t").selectAll().execute();
      await tx.deleteFrom("t").where("k", "=", "none").execute();
    });
    assert.equal(writes, 0);
    await kysely.insertInto("t").values({ k: "a", v: "1" }).execute();
    assert.equal(writes, 1);
    // One per transaction, told after its commit.
    await kysely.transaction().execute(async (tx) => {
      await tx.insertInto("t").values({ k: "b", v: "2" }).execute();
      await tx.insertInto("t").values({ k: "c", v: "3" }).execute();
      assert.equal(writes, 1);
    });
    assert.equal(writes, 2);
    // A write that returns rows counts too.
    await kysely.updateTable("t").set({ v: "4" }).where("k", "=", "a").returning("k").execute();
    assert.equal(writes, 3);
    // A rolled-back transaction wrote nothing.
    await assert.rejects(
      kysely.transaction().execute(async (tx) => {
        await tx.insertInto("t").values({ k: "d", v: "5" }).execute();
        throw new Error("no");
      }),
    );
    assert.equal(writes, 3);
  } finally {
    await kysely.destroy();
  }
});

Deno.test("checkpointer - closing closes the thread's connection first: no WAL is left", async () => {
  const dir = await Deno.makeTempDir({ prefix: "hearth-checkpoint-" });
  try {
    const db = await openDatabase(`${dir}/hearth.db`, MIGRATIONS, {
      checkpointThread: { delayMs: 60_000 },
    });
    await writeRows(db, 50);
    await db.checkpoints!.checkpoint();
    await writeRows(db, 50, "after");
    await db.close();
    // SQLite's last connection to close checkpoints the rest and deletes the WAL.
    assert.equal(await fileExists(`${dir}/hearth.db-wal`), false);
    const again = new DatabaseSync(`${dir}/hearth.db`);
    try {
      const row = again.prepare("SELECT count(*) AS n FROM app_meta WHERE key LIKE 'after%'").get();
      assert.equal((row as { n: number }).n, 50);
    } finally {
      again.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("checkpointer - a thread that fails hands checkpoints back to SQLite, and nothing is lost", async () => {
  const problems: string[] = [];
  await using db = await tempDb(
    {
      delayMs: 60_000,
      spawn: () =>
        new Worker(`data:text/javascript,${encodeURIComponent("throw new Error('no thread')")}`, {
          type: "module",
        }),
    },
    (message, fields) => problems.push(`${message}: ${fields.reason}`),
  );
  await writeRows(db, 10);
  assert.equal(await db.checkpoints!.checkpoint(), null);
  assert.match(db.checkpoints!.stats.fellBack ?? "", /no thread/);
  assert.equal(problems.length, 1);
  assert.match(problems[0], /back on the server's thread: .*no thread/);
  const pragma = db.raw.prepare("PRAGMA wal_autocheckpoint").get() as Record<string, number>;
  assert.equal(Object.values(pragma)[0], 1000);
  // Writes go on, now checkpointed by SQLite itself; later ones ask nothing of the thread.
  await writeRows(db, 1_200, "more");
  assert.equal(await db.checkpoints!.checkpoint(), null);
  const row = db.raw.prepare("SELECT count(*) AS n FROM app_meta WHERE key LIKE 'more%'").get();
  assert.equal((row as { n: number }).n, 1_200);
});
