import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import {
  type Migration,
  MIGRATIONS,
  openDatabase,
  SnapshotFailedError,
  UpgradeFailedError,
} from "./mod.ts";
import { KEEP_SNAPSHOTS, listSnapshots, snapshotDir, snapshotVersion } from "./snapshots.ts";
import { dumpDatabase, failingMigration, seedChats } from "./snapshots_testing.ts";

async function tempDb(): Promise<{ path: string; dir: string } & AsyncDisposable> {
  const dir = await Deno.makeTempDir({ prefix: "hearth-snap-" });
  return {
    dir,
    path: `${dir}/hearth.db`,
    [Symbol.asyncDispose]: () => Deno.remove(dir, { recursive: true }),
  };
}

const BASE = MIGRATIONS.slice(0, 20);
const NEXT = MIGRATIONS[20];

/** A database at schema 20 with chats in it, closed again. */
async function seeded(path: string): Promise<void> {
  const db = await openDatabase(path, BASE);
  await seedChats(db.raw);
  await db.close();
}

const mode = async (path: string) => (await Deno.stat(path)).mode! & 0o777;

Deno.test("snapshots - a fresh database takes none", async () => {
  await using t = await tempDb();
  const db = await openDatabase(t.path);
  await db.close();
  assert.equal(db.snapshot, null);
  assert.deepEqual(await listSnapshots(t.path), []);
});

Deno.test("snapshots - a successful upgrade leaves one checked, private snapshot of the old data", async () => {
  await using t = await tempDb();
  await seeded(t.path);
  const before = dumpDatabase(t.path);
  const db = await openDatabase(t.path, [...BASE, NEXT]);
  await db.close();
  assert.deepEqual(db.applied, [21]);
  const snaps = await listSnapshots(t.path);
  assert.equal(snaps.length, 1);
  assert.equal(snaps[0].path, db.snapshot);
  assert.match(snaps[0].name, /^pre-21-\d{8}T\d{9}Z\.db$/);
  assert.equal(snaps[0].targetVersion, 21);
  assert.equal(snapshotVersion(snaps[0].path), 20);
  assert.deepEqual(dumpDatabase(snaps[0].path), before, "the snapshot holds the data as it was");
  if (Deno.build.os !== "windows") {
    assert.equal(await mode(snapshotDir(t.path)), 0o700);
    assert.equal(await mode(snaps[0].path), 0o600);
  }
  // Opening again with nothing pending takes no other.
  const again = await openDatabase(t.path, [...BASE, NEXT]);
  await again.close();
  assert.equal(again.snapshot, null);
  assert.equal((await listSnapshots(t.path)).length, 1);
});

Deno.test("snapshots - a migration failing midway, after one that succeeded, restores every row", async () => {
  await using t = await tempDb();
  await seeded(t.path);
  const before = dumpDatabase(t.path);
  assert.equal(before.user_version, 20);
  assert.ok(before.tables.messages.length >= 3, "there is data to lose");
  await assert.rejects(
    openDatabase(t.path, [...BASE, NEXT, failingMigration(22)]),
    (err: unknown) => {
      assert.ok(err instanceof UpgradeFailedError);
      assert.equal(err.failure.version, 20);
      assert.equal(err.failure.targetVersion, 22);
      assert.match(err.message, /Your data is safe: it was restored from the snapshot pre-22-/);
      assert.match(err.failure.error, /Migration 22 \(break midway\) failed: broke midway/);
      return true;
    },
  );
  assert.deepEqual(dumpDatabase(t.path), before, "schema 20, every table, every row, as before");
  assert.equal(await Deno.stat(`${t.path}.restoring`).catch(() => null), null, "no temp left");
  assert.equal((await listSnapshots(t.path)).length, 1);
  // The data opens and upgrades normally once the migration is fixed.
  const fixed = await openDatabase(t.path, [...BASE, NEXT]);
  await fixed.close();
  assert.deepEqual(fixed.applied, [21]);
});

Deno.test("snapshots - with readOnlyOnFailure the restored data opens query_only", async () => {
  await using t = await tempDb();
  await seeded(t.path);
  const before = dumpDatabase(t.path);
  const db = await openDatabase(t.path, [...BASE, NEXT, failingMigration(22)], {
    readOnlyOnFailure: true,
  });
  try {
    assert.ok(db.readOnly);
    assert.equal(db.readOnly.version, 20);
    assert.match(db.readOnly.snapshot, /^pre-22-/);
    assert.deepEqual(db.applied, []);
    const count = db.raw.prepare("SELECT count(*) AS n FROM messages").get() as { n: number };
    assert.equal(count.n, before.tables.messages.length, "reads work");
    assert.throws(() => db.raw.exec("DELETE FROM messages"), /readonly|read-only|query_only/i);
    await assert.rejects(db.kysely.deleteFrom("messages").execute());
  } finally {
    await db.close();
  }
  assert.deepEqual(dumpDatabase(t.path), before);
});

Deno.test("snapshots - restored under SQLite's locks while another connection holds the database", async () => {
  await using t = await tempDb();
  await seeded(t.path);
  const before = dumpDatabase(t.path);
  // Another process (here: connection) keeps the file open, so its WAL stays: no file swap.
  const other = new DatabaseSync(t.path);
  other.prepare("SELECT count(*) FROM messages").get();
  try {
    await assert.rejects(
      openDatabase(t.path, [...BASE, NEXT, failingMigration(22)]),
      UpgradeFailedError,
    );
    const seen = other.prepare("PRAGMA user_version").get() as { user_version: number };
    assert.equal(seen.user_version, 20, "the other connection sees the restored data");
  } finally {
    other.close();
  }
  assert.deepEqual(dumpDatabase(t.path), before);
});

Deno.test("snapshots - no room for the snapshot: nothing migrates, nothing changes", async () => {
  await using t = await tempDb();
  await seeded(t.path);
  const before = dumpDatabase(t.path);
  const at = new Date("2026-12-04T10:00:00.000Z");
  // The snapshot's file is a full disk.
  await Deno.mkdir(snapshotDir(t.path), { recursive: true });
  const target = `${snapshotDir(t.path)}/pre-21-20261204T100000000Z.db`;
  await Deno.symlink("/dev/full", target);
  await assert.rejects(
    openDatabase(t.path, [...BASE, NEXT], { now: () => at }),
    (err: unknown) => {
      assert.ok(err instanceof SnapshotFailedError);
      assert.equal(err.diskFull, true);
      assert.match(err.message, /Not enough free disk space.*Nothing was changed/);
      return true;
    },
  );
  assert.deepEqual(dumpDatabase(t.path), before);
  assert.deepEqual(await listSnapshots(t.path), [], "no partial snapshot is left");
});

Deno.test("snapshots - the newest five stay; the one just taken always does", async () => {
  await using t = await tempDb();
  const steps: Migration[] = [
    { version: 1, name: "one", up: (db) => db.exec("CREATE TABLE a (x INTEGER)") },
  ];
  await (await openDatabase(t.path, steps)).close();
  // Older snapshots lying around, one with a stamp in the future (a clock that was wrong).
  await Deno.mkdir(snapshotDir(t.path), { recursive: true });
  const old = [1, 2, 3, 4, 5, 6].map((d) => `pre-1-2026010${d}T000000000Z.db`);
  for (const name of [...old, "pre-1-20991231T000000000Z.db", "notes.txt"]) {
    await Deno.writeTextFile(`${snapshotDir(t.path)}/${name}`, "x");
  }
  const at = new Date("2026-12-04T10:00:00.000Z");
  const db = await openDatabase(t.path, [...steps, {
    version: 2,
    name: "two",
    up: (raw) => raw.exec("CREATE TABLE b (y INTEGER)"),
  }], { now: () => at });
  await db.close();
  const names = (await listSnapshots(t.path)).map((s) => s.name);
  assert.equal(names.length, KEEP_SNAPSHOTS);
  assert.ok(names.includes("pre-2-20261204T100000000Z.db"), "the new one is kept");
  assert.deepEqual(names, [
    "pre-1-20991231T000000000Z.db",
    "pre-2-20261204T100000000Z.db",
    old[5],
    old[4],
    old[3],
  ]);
  // Files that are not snapshots are left alone.
  assert.ok(await Deno.stat(`${snapshotDir(t.path)}/notes.txt`));
});
