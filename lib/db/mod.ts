/**
 * Opens Hearth's SQLite database: WAL journal, foreign keys on, a busy timeout, migrations run.
 */
import { DatabaseSync } from "node:sqlite";
import type { Kysely } from "kysely";
import { migrate, type Migration, schemaVersion } from "./migrate.ts";
import { MIGRATIONS } from "./migrations/mod.ts";
import type { Database } from "./schema.ts";
import { kyselyOver } from "./sqlite_dialect.ts";

export { DatabaseTooNewError, type Migration, schemaVersion } from "./migrate.ts";
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

/** Opens (creating if needed) and migrates the database at `path` (`:memory:` for tests). */
export async function openDatabase(
  path: string,
  migrations: Migration[] = MIGRATIONS,
): Promise<Db> {
  if (path !== ":memory:") {
    const dir = path.slice(0, path.lastIndexOf("/"));
    if (dir) await Deno.mkdir(dir, { recursive: true, mode: 0o700 });
  }
  const raw = new DatabaseSync(path);
  let kysely: Kysely<Database> | undefined;
  try {
    raw.exec("PRAGMA busy_timeout = 5000");
    raw.exec("PRAGMA journal_mode = WAL");
    raw.exec("PRAGMA synchronous = NORMAL");
    raw.exec("PRAGMA foreign_keys = ON");
    const applied = migrate(raw, path, migrations);
    kysely = kyselyOver<Database>(raw);
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
