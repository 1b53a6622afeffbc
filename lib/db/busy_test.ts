/**
 * Another process holding SQLite's write lock (the `hearth` command, a backup) makes Hearth's
 * writes wait without freezing the event loop: timers fire, reads answer, and the write goes
 * through once the lock is released, or fails after the bound with a 503 `database_busy`.
 */
import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { DatabaseBusy, type Db, openDatabase } from "./mod.ts";
import { MIGRATIONS } from "./migrations/mod.ts";

async function tempDb(busyTimeoutMs?: number): Promise<Db & AsyncDisposable> {
  const dir = await Deno.makeTempDir({ prefix: "hearth-busy-" });
  const db = await openDatabase(`${dir}/hearth.db`, MIGRATIONS, { busyTimeoutMs });
  return Object.assign(db, {
    async [Symbol.asyncDispose]() {
      await db.close();
      await Deno.remove(dir, { recursive: true });
    },
  });
}

/** A second connection, as another process would hold it, with the write lock taken. */
function holdWriteLock(path: string): DatabaseSync & Disposable {
  const other = new DatabaseSync(path);
  other.exec("BEGIN IMMEDIATE");
  other.exec("INSERT INTO app_meta (key, value) VALUES ('other', 'x')");
  return Object.assign(other, {
    [Symbol.dispose]() {
      if (!other.isOpen) return;
      if (other.isTransaction) other.exec("ROLLBACK");
      other.close();
    },
  });
}

/** Tracks whether a promise has settled. */
function watch<T>(promise: Promise<T>): { promise: Promise<T>; settled: () => boolean } {
  let settled = false;
  promise.then(() => settled = true, () => settled = true);
  return { promise, settled: () => settled };
}

/** Milliseconds a 0 ms timer took to fire: how long the event loop was blocked. */
async function timerLag(): Promise<number> {
  const start = performance.now();
  await new Promise((resolve) => setTimeout(resolve, 0));
  return performance.now() - start;
}

const readMeta = (db: Db, key: string) =>
  db.kysely.selectFrom("app_meta").select("value").where("key", "=", key).executeTakeFirst();

Deno.test("db busy - a write waits for another process's lock without blocking timers or reads", async () => {
  await using db = await tempDb();
  using lock = holdWriteLock(db.path);
  const write = watch(db.kysely.insertInto("app_meta").values({ key: "k", value: "v" }).execute());
  const tx = watch(
    db.kysely.transaction().execute(async (trx) => {
      await trx.insertInto("app_meta").values({ key: "t", value: "w" }).execute();
    }),
  );
  for (let i = 0; i < 5; i++) {
    const lag = await timerLag();
    assert.ok(lag < 200, `a timer fired ${lag.toFixed(0)} ms late: the event loop was blocked`);
  }
  // Reads answer while the writes wait: WAL readers need no lock.
  assert.equal((await readMeta(db, "instance_id"))?.value.length, 36);
  assert.equal(write.settled() || tx.settled(), false, "the writes are still waiting");
  lock.exec("COMMIT");
  lock.close();
  await write.promise;
  await tx.promise;
  assert.equal((await readMeta(db, "k"))?.value, "v");
  assert.equal((await readMeta(db, "t"))?.value, "w");
  assert.equal((await readMeta(db, "other"))?.value, "x");
});

Deno.test("db busy - a write still locked out after the bound fails with a 503 database_busy", async () => {
  await using db = await tempDb(300);
  using lock = holdWriteLock(db.path);
  const start = performance.now();
  const write = db.kysely.insertInto("app_meta").values({ key: "k", value: "v" }).execute();
  const tx = db.kysely.transaction().execute((trx) =>
    trx.insertInto("app_meta").values({ key: "t", value: "w" }).execute()
  );
  for (const result of await Promise.allSettled([write, tx])) {
    assert.equal(result.status, "rejected");
    const err = (result as PromiseRejectedResult).reason;
    assert.ok(err instanceof DatabaseBusy, String(err));
    assert.equal(err.status, 503);
    assert.equal(err.code, "database_busy");
    assert.equal(err.headers["Retry-After"], "1");
    assert.match(err.message, /another program .* has held it for \d+ ms/);
  }
  const took = performance.now() - start;
  assert.ok(took >= 300 && took < 2000, `gave up after ${took.toFixed(0)} ms`);
  // Nothing was half done, and the database works once the lock is gone.
  assert.equal(await readMeta(db, "k"), undefined);
  lock[Symbol.dispose]();
  await db.kysely.insertInto("app_meta").values({ key: "k", value: "v" }).execute();
  assert.equal((await readMeta(db, "k"))?.value, "v");
});

Deno.test("db busy - statements outside a transaction never run inside one that is open", async () => {
  await using db = await tempDb();
  let release!: () => void;
  const held = new Promise<void>((resolve) => release = resolve);
  let inside!: () => void;
  const begun = new Promise<void>((resolve) => inside = resolve);
  const tx = db.kysely.transaction().execute(async (trx) => {
    await trx.insertInto("app_meta").values({ key: "in_tx", value: "1" }).execute();
    inside();
    await held;
    throw new Error("roll it back");
  });
  await begun;
  // Started while the transaction is open: it waits, so the rollback cannot take it along.
  const outside = db.kysely.insertInto("app_meta").values({ key: "outside", value: "1" }).execute();
  release();
  await assert.rejects(tx, /roll it back/);
  await outside;
  assert.equal(await readMeta(db, "in_tx"), undefined, "rolled back");
  assert.equal((await readMeta(db, "outside"))?.value, "1", "kept");
});

Deno.test("db - a statement after SQLite ended the transaction fails, never commits on its own", async () => {
  await using db = await tempDb();
  const tx = db.kysely.transaction().execute(async (trx) => {
    await trx.insertInto("app_meta").values({ key: "first", value: "1" }).execute();
    // What SQLite does by itself after some errors (a full disk), here by hand; the caller
    // caught the error and goes on.
    db.raw.exec("ROLLBACK");
    await trx.insertInto("app_meta").values({ key: "second", value: "1" }).execute();
  });
  await assert.rejects(tx, /rolled back by an earlier error/);
  assert.equal(await readMeta(db, "first"), undefined);
  assert.equal(await readMeta(db, "second"), undefined, "not written outside the transaction");
  // The driver is free again.
  await db.kysely.insertInto("app_meta").values({ key: "after", value: "1" }).execute();
  assert.equal((await readMeta(db, "after"))?.value, "1");
});
