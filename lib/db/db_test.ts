import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { databaseStatus, DatabaseTooNewError, MIGRATIONS, openDatabase } from "./mod.ts";
import { migrate, type Migration, schemaVersion } from "./migrate.ts";

async function tempDb(): Promise<{ path: string } & AsyncDisposable> {
  const dir = await Deno.makeTempDir({ prefix: "hearth-db-" });
  return {
    path: `${dir}/hearth.db`,
    [Symbol.asyncDispose]: () => Deno.remove(dir, { recursive: true }),
  };
}

Deno.test("db - a fresh database is created, migrated and configured", async () => {
  await using t = await tempDb();
  const db = await openDatabase(t.path);
  try {
    assert.deepEqual(db.applied, MIGRATIONS.map((m) => m.version));
    assert.equal(schemaVersion(db.raw), MIGRATIONS.at(-1)!.version);
    const pragma = (name: string) => Object.values(db.raw.prepare(`PRAGMA ${name}`).get()!)[0];
    assert.equal(pragma("journal_mode"), "wal");
    assert.equal(pragma("foreign_keys"), 1);
    // Waiting for another process's lock is the driver's job, off the event loop (busy_test.ts).
    assert.equal(pragma("busy_timeout"), 0);
    const row = await db.kysely.selectFrom("app_meta").select("value").where(
      "key",
      "=",
      "instance_id",
    )
      .executeTakeFirstOrThrow();
    assert.match(row.value, /^[0-9a-f-]{36}$/);
  } finally {
    await db.close();
  }
});

Deno.test("db - opening again applies nothing and keeps the data", async () => {
  await using t = await tempDb();
  const first = await openDatabase(t.path);
  const id = (await first.kysely.selectFrom("app_meta").selectAll().where("key", "=", "instance_id")
    .executeTakeFirstOrThrow()).value;
  await first.close();
  const second = await openDatabase(t.path);
  try {
    assert.deepEqual(second.applied, []);
    const again =
      (await second.kysely.selectFrom("app_meta").selectAll().where("key", "=", "instance_id")
        .executeTakeFirstOrThrow()).value;
    assert.equal(again, id);
  } finally {
    await second.close();
  }
});

Deno.test("db - a database newer than the code is refused, untouched, with a clear message", async () => {
  await using t = await tempDb();
  await (await openDatabase(t.path)).close();
  const raw = new DatabaseSync(t.path);
  raw.exec("PRAGMA user_version = 999");
  raw.close();
  const before = await Deno.readFile(t.path);
  await assert.rejects(openDatabase(t.path), (err: unknown) => {
    assert.ok(err instanceof DatabaseTooNewError);
    assert.match(err.message, /schema version 999/);
    assert.match(err.message, /upgrade Hearth/);
    return true;
  });
  assert.deepEqual(await Deno.readFile(t.path), before);
  const status = await databaseStatus(t.path);
  assert.equal(status.ok, false);
  assert.match(status.message, /newer/);
});

Deno.test("db - a failing migration rolls back entirely and keeps the old version", () => {
  const raw = new DatabaseSync(":memory:");
  const migrations: Migration[] = [
    { version: 1, name: "one", up: (db) => db.exec("CREATE TABLE a (x INTEGER)") },
    {
      version: 2,
      name: "two",
      up: (db) => {
        db.exec("CREATE TABLE b (y INTEGER)");
        db.exec("INSERT INTO nowhere VALUES (1)");
      },
    },
  ];
  assert.throws(() => migrate(raw, ":memory:", migrations), /Migration 2 \(two\) failed/);
  assert.equal(schemaVersion(raw), 1);
  const tables = raw.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all().map((r) =>
    r.name
  );
  assert.deepEqual(tables, ["a"], "table b from the failed migration is gone");
  raw.close();
});

Deno.test("db - booleans and dates bind through the Kysely adapter", async () => {
  const db = await openDatabase(":memory:", [{
    version: 1,
    name: "t",
    up: (d) => d.exec("CREATE TABLE t (flag INTEGER, at TEXT)"),
  }]);
  try {
    // deno-lint-ignore no-explicit-any
    const k = db.kysely as any;
    await k.insertInto("t").values({ flag: true, at: new Date(0) }).execute();
    const row = await k.selectFrom("t").selectAll().executeTakeFirst();
    assert.deepEqual({ ...row }, { flag: 1, at: "1970-01-01T00:00:00.000Z" });
  } finally {
    await db.close();
  }
});

Deno.test("db - status reports a missing database without creating it", async () => {
  await using t = await tempDb();
  const status = await databaseStatus(t.path);
  assert.equal(status.exists, false);
  assert.equal(status.ok, true);
  await assert.rejects(Deno.stat(t.path), Deno.errors.NotFound);
});

Deno.test("db - migration versions run 1, 2, 3… without gaps", () => {
  assert.deepEqual(MIGRATIONS.map((m) => m.version), MIGRATIONS.map((_, i) => i + 1));
});

Deno.test("db - ids are UUIDv7 and strictly increasing, even within one millisecond", async () => {
  const { newId } = await import("./ids.ts");
  const ids = Array.from({ length: 5000 }, newId);
  for (let i = 1; i < ids.length; i++) assert.ok(ids[i] > ids[i - 1], `${ids[i - 1]} < ${ids[i]}`);
  assert.match(ids[0], /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.equal(new Set(ids).size, ids.length);
});

const modeOf = async (path: string) => (await Deno.stat(path)).mode! & 0o777;

Deno.test({
  name:
    "db - the database and its WAL and SHM files are 0600 in a 0700 folder, even if found looser",
  ignore: Deno.build.os === "windows",
  async fn() {
    await using t = await tempDb();
    const path = t.path.replace(/hearth\.db$/, "data/hearth.db");
    const db = await openDatabase(path);
    const files = [path, `${path}-wal`, `${path}-shm`];
    try {
      for (const file of files) assert.equal(await modeOf(file), 0o600, file);
      assert.equal(await modeOf(path.replace(/\/hearth\.db$/, "")), 0o700);
    } finally {
      await db.close();
    }
    // As an older Hearth left them: readable by everyone. The next open tightens them.
    const folder = path.replace(/\/hearth\.db$/, "");
    await Deno.chmod(folder, 0o755);
    await Deno.chmod(path, 0o644);
    const keep = new DatabaseSync(path); // holds the WAL and SHM files open, as another process
    try {
      keep.exec("SELECT count(*) FROM sqlite_master"); // a read opens them
      for (const file of files.slice(1)) await Deno.chmod(file, 0o644);
      const again = await openDatabase(path);
      await again.close();
      for (const file of files) assert.equal(await modeOf(file), 0o600, file);
      assert.equal(await modeOf(folder), 0o700);
    } finally {
      keep.close();
    }
  },
});
