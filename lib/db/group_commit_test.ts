import assert from "node:assert/strict";
import { type Kysely, sql } from "kysely";
import { openDatabase } from "./mod.ts";
import { GroupCommit, groupCommit, type GroupJob } from "./group_commit.ts";
import type { Database } from "./schema.ts";

async function testDb() {
  const dir = await Deno.makeTempDir();
  const db = await openDatabase(`${dir}/h.db`);
  return {
    db,
    keys: async () =>
      (await db.kysely.selectFrom("app_meta").select("key").where("key", "like", "t:%")
        .orderBy("key").execute()).map((r) => r.key),
    [Symbol.asyncDispose]: async () => {
      await db.close();
      await Deno.remove(dir, { recursive: true });
    },
  };
}

/** A job inserting `t:<key>`: its transactions, its tries and how it settled. */
function insert(key: string) {
  const seen = { txs: [] as Kysely<Database>[], tries: 0, settled: [] as unknown[] };
  const { promise, resolve } = Promise.withResolvers<void>();
  const job: GroupJob<Database> = {
    async write(tx) {
      seen.tries++;
      seen.txs.push(tx);
      await tx.insertInto("app_meta").values({ key: `t:${key}`, value: "1" }).execute();
    },
    settled(error) {
      seen.settled.push(error);
      resolve();
    },
  };
  return { job, seen, done: promise };
}

Deno.test("group commit - jobs due together share one transaction, in order; each is told once", async () => {
  await using t = await testDb();
  const group = new GroupCommit(t.db.kysely);
  const jobs = ["a", "b", "c"].map(insert);
  for (const { job } of jobs) group.add(job);
  assert.equal(group.queued, 3);
  await Promise.all(jobs.map((j) => j.done));
  assert.deepEqual(await t.keys(), ["t:a", "t:b", "t:c"]);
  assert.equal(new Set(jobs.flatMap((j) => j.seen.txs)).size, 1, "one transaction");
  assert.deepEqual(jobs.map((j) => j.seen.settled), [[undefined], [undefined], [undefined]]);
  assert.equal(group.queued, 0);
});

Deno.test("group commit - a job waits for its time, unless an earlier one falls due or the group is hurried", async () => {
  await using t = await testDb();
  const group = new GroupCommit(t.db.kysely);
  const late = insert("late");
  group.add(late.job, 60_000);
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal(late.seen.tries, 0, "not before its time");
  // A job due now takes the waiting one along: it would only wait to commit alone.
  const now = insert("now");
  group.add(now.job);
  await Promise.all([late.done, now.done]);
  assert.equal(new Set([...late.seen.txs, ...now.seen.txs]).size, 1);
  // And `hurry` writes what waits at once.
  const next = insert("next");
  group.add(next.job, 60_000);
  group.hurry();
  await next.done;
  assert.deepEqual(await t.keys(), ["t:late", "t:next", "t:now"]);
});

Deno.test("group commit - at most maxJobs to a transaction; a job added meanwhile waits for its own time", async () => {
  await using t = await testDb();
  const group = new GroupCommit(t.db.kysely, { maxJobs: 2 });
  const jobs = ["a", "b", "c", "d", "e"].map(insert);
  for (const { job } of jobs) group.add(job);
  let added: ReturnType<typeof insert> | undefined;
  // Added while the first transaction writes, due in a minute.
  const first = jobs[0].job.write;
  jobs[0].job.write = async (tx) => {
    added ??= insert("later");
    if (added.seen.tries === 0 && group.queued === 3) group.add(added.job, 60_000);
    await first(tx);
  };
  await Promise.all(jobs.map((j) => j.done));
  assert.equal(new Set(jobs.flatMap((j) => j.seen.txs)).size, 3, "2 + 2 + 1");
  assert.equal(added!.seen.tries, 0, "the late job is still waiting");
  assert.equal(group.queued, 1);
  group.hurry();
  await added!.done;
  assert.deepEqual(await t.keys(), ["t:a", "t:b", "t:c", "t:d", "t:e", "t:later"]);
});

Deno.test("group commit - a job that throws fails alone: the others are written again and kept", async () => {
  await using t = await testDb();
  await t.db.kysely.insertInto("app_meta").values({ key: "t:taken", value: "0" }).execute();
  const group = new GroupCommit(t.db.kysely);
  const jobs = ["a", "taken", "b"].map(insert);
  for (const { job } of jobs) group.add(job);
  await Promise.all(jobs.map((j) => j.done));
  assert.deepEqual(await t.keys(), ["t:a", "t:b", "t:taken"]);
  const [a, taken, b] = jobs.map((j) => j.seen);
  assert.deepEqual([a.settled, b.settled], [[undefined], [undefined]]);
  assert.equal(taken.settled.length, 1);
  assert.match(String(taken.settled[0]), /UNIQUE/);
  // The group's transaction stopped at the failure, then each alone: a's first write was rolled
  // back with it.
  assert.deepEqual([a.tries, taken.tries, b.tries], [2, 2, 1]);
  // A job after the failure is written as usual.
  const c = insert("c");
  group.add(c.job);
  await c.done;
  assert.deepEqual(c.seen.settled, [undefined]);
});

Deno.test("group commit - when the transaction itself fails, each job runs again alone", async () => {
  await using t = await testDb();
  const group = new GroupCommit(t.db.kysely);
  const [a, b] = ["a", "b"].map(insert);
  // Ends the transaction under the group's feet, as SQLite does after some errors (a full disk).
  let ended = 0;
  const breaker: GroupJob<Database> = {
    async write(tx) {
      ended++;
      await sql`ROLLBACK`.execute(tx);
    },
    settled: (error) => breakerSettled.resolve(error),
  };
  const breakerSettled = Promise.withResolvers<unknown>();
  group.add(a.job);
  group.add(breaker);
  group.add(b.job);
  await Promise.all([a.done, b.done]);
  assert.ok(await breakerSettled.promise, "the breaker is told it failed");
  // b's first write found the transaction gone and failed (the driver refuses to run it on its
  // own, see sqlite_dialect.ts), so it was written once, alone.
  assert.deepEqual([a.seen.tries, ended, b.seen.tries], [2, 2, 2]);
  assert.deepEqual([a.seen.settled, b.seen.settled], [[undefined], [undefined]]);
  assert.deepEqual(await t.keys(), ["t:a", "t:b"], "a's first write went with the transaction");
});

Deno.test("group commit - one group per database", async () => {
  await using t = await testDb();
  await using u = await testDb();
  assert.equal(groupCommit(t.db.kysely), groupCommit(t.db.kysely));
  assert.notEqual(groupCommit(t.db.kysely), groupCommit(u.db.kysely));
});
