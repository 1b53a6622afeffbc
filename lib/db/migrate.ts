/**
 * Runs versioned schema migrations (the list is in `migrations/mod.ts`). The schema version lives in SQLite's `user_version`; each
 * migration runs in its own transaction together with the version bump, so a crash leaves the
 * database at the previous version, never in between.
 */
import type { DatabaseSync } from "node:sqlite";

/** One step of the schema. `up` runs inside a transaction. */
export interface Migration {
  version: number;
  name: string;
  up(db: DatabaseSync): void;
}

/** Thrown when the database was written by a newer Hearth. */
export class DatabaseTooNewError extends Error {
  constructor(readonly found: number, readonly known: number, path: string) {
    super(
      `The database at ${path} has schema version ${found}, but this Hearth only knows up to ` +
        `${known}. It was written by a newer Hearth: upgrade Hearth, or restore a backup. ` +
        `Hearth will not touch it.`,
    );
    this.name = "DatabaseTooNewError";
  }
}

/** The schema version stored in the database. */
export function schemaVersion(db: DatabaseSync): number {
  const row = db.prepare("PRAGMA user_version").get() as { user_version: number };
  return row.user_version;
}

/**
 * Brings the database up to the newest schema. Returns the versions applied. Refuses (without
 * changing anything) a database newer than `migrations` knows.
 */
export function migrate(db: DatabaseSync, path: string, migrations: Migration[]): number[] {
  const known = migrations.at(-1)?.version ?? 0;
  const current = schemaVersion(db);
  if (current > known) throw new DatabaseTooNewError(current, known, path);
  const applied: number[] = [];
  for (const m of migrations) {
    if (m.version <= current) continue;
    db.exec("BEGIN IMMEDIATE");
    try {
      m.up(db);
      db.exec(`PRAGMA user_version = ${Math.trunc(m.version)}`);
      db.exec("COMMIT");
    } catch (err) {
      db.exec("ROLLBACK");
      throw new Error(`Migration ${m.version} (${m.name}) failed: ${(err as Error).message}`, {
        cause: err,
      });
    }
    applied.push(m.version);
  }
  return applied;
}
