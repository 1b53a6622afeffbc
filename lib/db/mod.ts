/**
 * Opens Hearth's SQLite database: WAL journal, foreign keys on, migrations run, the file and
 * its WAL and SHM files 0600 in a 0700 folder. Once open, waiting for a lock another process
 * holds is the driver's job, without blocking the event loop (`sqlite_dialect.ts`).
 */
import { DatabaseSync } from "node:sqlite";
import type { Kysely } from "kysely";
import { createPrivateFile, privateDir, privateFile } from "../config/private.ts";
import { migrate, type Migration, schemaVersion } from "./migrate.ts";
import { MIGRATIONS } from "./migrations/mod.ts";
import type { Database } from "./schema.ts";
import { kyselyOver, type SqliteOptions } from "./sqlite_dialect.ts";

export { DatabaseTooNewError, type Migration, schemaVersion } from "./migrate.ts";
export { DatabaseBusy, type SqliteOptions } from "./sqlite_dialect.ts";
export { MIGRATIONS } from "./migrations/mod.ts";
export type { Database } from "./schema.ts";

/** An open database. */
export interface Db {
  /** Typed query builder; the usual way in. */
  kysely: Kysely<Database>;
  /** The raw connection, for PRAGMAs, FTS5 and migrations. */
  raw: DatabaseSync;
  path: string;
  /** Migrations applied by this open. */
  applied: number[];
  close(): Promise<void>;
}

/**
 * Opens (creating if needed) and migrates the database at `path` (`:memory:` for tests).
 * `busyTimeoutMs`: how long a statement waits for a lock another process holds (default 5 s).
 */
export async function openDatabase(
  path: string,
  migrations: Migration[] = MIGRATIONS,
  options: SqliteOptions = {},
): Promise<Db> {
  const file = path !== ":memory:";
  if (file) {
    const dir = path.slice(0, path.lastIndexOf("/"));
    if (dir) await privateDir(dir);
    // SQLite gives its WAL and SHM files the database file's mode, so this one decides.
    await createPrivateFile(path);
  }
  const raw = new DatabaseSync(path);
  let kysely: Kysely<Database> | undefined;
  try {
    // While opening, nothing is served yet: SQLite may wait for a lock the blocking way.
    raw.exec(`PRAGMA busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
    raw.exec("PRAGMA journal_mode = WAL");
    raw.exec("PRAGMA synchronous = NORMAL");
    raw.exec("PRAGMA foreign_keys = ON");
    const applied = migrate(raw, path, migrations);
    // From now on a locked database is the driver's to wait for, without blocking (see there).
    raw.exec("PRAGMA busy_timeout = 0");
    // WAL and SHM files an older Hearth (or another process) left looser.
    if (file) { for (const suffix of ["-wal", "-shm"]) await privateFile(path + suffix); }
    kysely = kyselyOver<Database>(raw, options);
    const k = kysely;
    let closed = false;
    return {
      kysely: k,
      raw,
      path,
      applied,
      async close() {
        if (closed) return;
        closed = true;
        // Kysely's destroy closes the connection it was given.
        await k.destroy();
      },
    };
  } catch (err) {
    raw.close();
    throw err;
  }
}

/** What `hearth doctor` shows about the database, without changing it. */
export interface DbStatus {
  path: string;
  exists: boolean;
  sizeBytes: number;
  schemaVersion: number;
  knownVersion: number;
  ok: boolean;
  message: string;
}

/** Inspects the database file read-only. */
export async function databaseStatus(path: string): Promise<DbStatus> {
  const knownVersion = MIGRATIONS.at(-1)!.version;
  let sizeBytes = 0;
  try {
    sizeBytes = (await Deno.stat(path)).size;
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) {
      return {
        path,
        exists: false,
        sizeBytes,
        schemaVersion: 0,
        knownVersion,
        ok: true,
        message: "not created yet (created on first start)",
      };
    }
    throw err;
  }
  const db = new DatabaseSync(path, { readOnly: true });
  try {
    const version = schemaVersion(db);
    const check = db.prepare("PRAGMA quick_check").get() as { quick_check: string };
    const healthy = check.quick_check === "ok";
    const message = !healthy
      ? `integrity check failed: ${check.quick_check}`
      : version > knownVersion
      ? `schema ${version} is newer than this Hearth (${knownVersion}): upgrade Hearth`
      : version < knownVersion
      ? `schema ${version}, will migrate to ${knownVersion} on start`
      : `schema ${version}, up to date`;
    return {
      path,
      exists: true,
      sizeBytes,
      schemaVersion: version,
      knownVersion,
      ok: healthy && version <= knownVersion,
      message,
    };
  } finally {
    db.close();
  }
}
