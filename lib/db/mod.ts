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
import { Checkpointer, type CheckpointerOptions } from "./checkpointer.ts";
import { SearchLater, type SearchLaterOptions } from "./search_later.ts";
import { kyselyOver, type SqliteOptions } from "./sqlite_dialect.ts";
import { pruneSnapshots, restoreFile, takeSnapshot } from "./snapshots.ts";

export { DatabaseTooNewError, type Migration, schemaVersion } from "./migrate.ts";
export { DatabaseBusy, type SqliteOptions } from "./sqlite_dialect.ts";
export { MIGRATIONS } from "./migrations/mod.ts";
export { SnapshotFailedError } from "./snapshots.ts";
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
  /** The snapshot taken before this open's migrations (null: none were pending, or `:memory:`). */
  snapshot: string | null;
  /** Set when an upgrade failed and the data was restored: nothing may write (`query_only`). */
  readOnly: UpgradeFailure | null;
  /** Runs the WAL's checkpoints in a thread of their own, when opened with `checkpointThread`. */
  checkpoints: Checkpointer | null;
  /** Indexes noted messages a moment after writes, when opened with `searchLater`. */
  searchLater: SearchLater | null;
  close(): Promise<void>;
}

/** What a failed upgrade left: the data as it was before, from `snapshot`. */
export interface UpgradeFailure {
  /** The migration's error. */
  error: string;
  /** The snapshot's file name (in `<data>/snapshots/`) the data was restored from. */
  snapshot: string;
  /** The schema version the data is at (restored), and the one the upgrade was going to. */
  version: number;
  targetVersion: number;
}

/** A migration failed; the data was restored from the snapshot taken before it. */
export class UpgradeFailedError extends Error {
  constructor(readonly failure: UpgradeFailure, cause: unknown) {
    super(
      `The upgrade of the database to schema ${failure.targetVersion} failed (${failure.error}). ` +
        `Your data is safe: it was restored from the snapshot ${failure.snapshot} taken just ` +
        `before, at schema ${failure.version}. Check the log and report the problem, or run the ` +
        `older Hearth.`,
      { cause },
    );
    this.name = "UpgradeFailedError";
  }
}

/** Options for `openDatabase`. */
export interface OpenOptions extends SqliteOptions {
  /**
   * When a migration fails after the snapshot: true opens the restored data read-only
   * (`Db.readOnly` says why) so the server can still show it; false (default) throws
   * `UpgradeFailedError` after restoring.
   */
  readOnlyOnFailure?: boolean;
  /** The clock for the snapshot's name (tests). */
  now?: () => Date;
  /**
   * Checkpoint the WAL in a worker thread, not on the event loop (`checkpointer.ts`): for the
   * server, which writes while it streams. Not for `:memory:` or a read-only open.
   */
  checkpointThread?: boolean | Omit<CheckpointerOptions, "path" | "onFallback">;
  /**
   * Index the messages noted for search (migration 22) a moment after writes (`SearchLater`);
   * without it they are indexed before each search only. For the server.
   */
  searchLater?: boolean | Omit<SearchLaterOptions, "onWrote">;
  /**
   * Told of trouble its helpers meet: checkpoints back on the event loop (the thread failed),
   * messages that could not be indexed for search yet.
   */
  onProblem?: (message: string, fields: Record<string, unknown>) => void;
}

/** SQLite's own default: a commit that leaves this many pages in the WAL checkpoints it. */
const AUTO_CHECKPOINT_PAGES = 1000;

function configure(raw: DatabaseSync, options: SqliteOptions): void {
  // While opening, nothing is served yet: SQLite may wait for a lock the blocking way.
  raw.exec(`PRAGMA busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
  raw.exec("PRAGMA journal_mode = WAL");
  raw.exec("PRAGMA synchronous = NORMAL");
  raw.exec("PRAGMA foreign_keys = ON");
}

/**
 * Brings `raw` up to date. A file database with data gets a snapshot first (none can be
 * taken: it throws, nothing changed); a failed migration puts the snapshot back and reopens
 * per `options`. Returns the connection to use from now on.
 */
async function upgrade(
  raw: DatabaseSync,
  path: string,
  migrations: Migration[],
  options: OpenOptions,
): Promise<
  { raw: DatabaseSync; applied: number[]; snapshot: string | null; readOnly: UpgradeFailure | null }
> {
  const current = schemaVersion(raw);
  const target = migrations.at(-1)?.version ?? 0;
  // A brand-new database (version 0) has nothing to lose; a newer one is refused by `migrate`.
  const pending = path !== ":memory:" && current > 0 && target > current;
  const snapshot = pending
    ? await takeSnapshot(raw, path, target, options.now?.() ?? new Date())
    : null;
  if (snapshot) await pruneSnapshots(path, snapshot);
  try {
    return { raw, applied: migrate(raw, path, migrations), snapshot, readOnly: null };
  } catch (err) {
    if (!snapshot) throw err;
    raw.close();
    const name = snapshot.slice(snapshot.lastIndexOf("/") + 1);
    try {
      await restoreFile(snapshot, path);
    } catch (restoreErr) {
      const why = (restoreErr as Error).message;
      throw new Error(
        `${(err as Error).message}. Putting back the snapshot ${snapshot} taken before the ` +
          `upgrade failed too (${why}). Free disk space if it is full, then run ` +
          `"hearth restore-snapshot ${name}", or copy the snapshot over ${path} (removing ` +
          `${path}-wal and -shm), before you start Hearth again.`,
        { cause: restoreErr },
      );
    }
    const failure: UpgradeFailure = {
      error: (err as Error).message,
      snapshot: name,
      version: current,
      targetVersion: target,
    };
    if (!options.readOnlyOnFailure) throw new UpgradeFailedError(failure, err);
    const again = new DatabaseSync(path);
    try {
      configure(again, options);
      // Nothing writes the restored data while this Hearth runs.
      again.exec("PRAGMA query_only = ON");
    } catch (reopenErr) {
      again.close();
      throw reopenErr;
    }
    return { raw: again, applied: [], snapshot, readOnly: failure };
  }
}

/**
 * Opens (creating if needed) and migrates the database at `path` (`:memory:` for tests).
 * `busyTimeoutMs`: how long a statement waits for a lock another process holds (default 5 s).
 * Before migrating a file database with data, it takes a snapshot (`snapshots.ts`); a failed
 * migration restores it (see `OpenOptions.readOnlyOnFailure`).
 */
export async function openDatabase(
  path: string,
  migrations: Migration[] = MIGRATIONS,
  options: OpenOptions = {},
): Promise<Db> {
  const file = path !== ":memory:";
  if (file) {
    const dir = path.slice(0, path.lastIndexOf("/"));
    if (dir) await privateDir(dir);
    // SQLite gives its WAL and SHM files the database file's mode, so this one decides.
    await createPrivateFile(path);
  }
  let raw = new DatabaseSync(path);
  let kysely: Kysely<Database> | undefined;
  try {
    configure(raw, options);
    const opened = await upgrade(raw, path, migrations, options);
    raw = opened.raw;
    const { applied, snapshot, readOnly } = opened;
    // From now on a locked database is the driver's to wait for, without blocking (see there).
    raw.exec("PRAGMA busy_timeout = 0");
    // WAL and SHM files an older Hearth (or another process) left looser.
    if (file) { for (const suffix of ["-wal", "-shm"]) await privateFile(path + suffix); }
    const checkpoints = file && !readOnly && options.checkpointThread
      ? checkpointerFor(raw, path, options)
      : null;
    const later = !readOnly && options.searchLater
      ? new SearchLater(raw, {
        onProblem: options.onProblem,
        ...(typeof options.searchLater === "object" && options.searchLater),
        onWrote: () => checkpoints?.wrote(),
      })
      : null;
    kysely = kyselyOver<Database>(raw, {
      ...options,
      ...((checkpoints || later) && {
        onWrite: () => {
          checkpoints?.wrote();
          later?.wrote();
        },
      }),
    });
    const k = kysely;
    let closed = false;
    return {
      kysely: k,
      raw,
      path,
      applied,
      snapshot,
      readOnly,
      checkpoints,
      searchLater: later,
      async close() {
        if (closed) return;
        closed = true;
        await later?.close();
        // The thread's connection closes first: the last one to close checkpoints everything.
        await checkpoints?.close();
        // Kysely's destroy closes the connection it was given, but only once Kysely ran a
        // query: a database only ever used raw would stay open (and keep its WAL file).
        await k.destroy();
        if (raw.isOpen) raw.close();
      },
    };
  } catch (err) {
    if (raw.isOpen) raw.close();
    throw err;
  }
}

function checkpointerFor(raw: DatabaseSync, path: string, options: OpenOptions): Checkpointer {
  const thread = typeof options.checkpointThread === "object" ? options.checkpointThread : {};
  raw.exec("PRAGMA wal_autocheckpoint = 0");
  return new Checkpointer({
    path,
    ...thread,
    onFallback(reason) {
      if (raw.isOpen) raw.exec(`PRAGMA wal_autocheckpoint = ${AUTO_CHECKPOINT_PAGES}`);
      options.onProblem?.("WAL checkpoints are back on the server's thread", { reason });
    },
  });
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
