/**
 * Pre-upgrade snapshots: before a migration touches a file database, `openDatabase` copies it to
 * `<db folder>/snapshots/pre-<target version>-<UTC stamp>.db` with SQLite's `VACUUM INTO` (a
 * consistent copy, WAL included) and checks the copy. A failed upgrade puts the copy back
 * (`restoreFile`), so a person never loses chats to an upgrade. The newest `KEEP_SNAPSHOTS` stay.
 */
import { backup, DatabaseSync } from "node:sqlite";
import { privateDir, privateFile } from "../config/private.ts";

/** How many snapshots stay; older ones are removed after each new one. */
export const KEEP_SNAPSHOTS = 5;
/** The most directory entries looked at when listing (a folder someone filled stays bounded). */
const MAX_ENTRIES = 10_000;
const NAME = /^pre-(\d{1,9})-(\d{8}T\d{9}Z)\.db$/;

/** One snapshot on disk. */
export interface SnapshotInfo {
  name: string;
  path: string;
  bytes: number;
  /** When it was taken (from its name). */
  createdAt: Date;
  /** The schema version the upgrade was going to. */
  targetVersion: number;
}

/** Taking the snapshot failed: the database was not migrated and is unchanged. */
export class SnapshotFailedError extends Error {
  constructor(readonly path: string, readonly diskFull: boolean, cause: unknown) {
    super(
      diskFull
        ? `Not enough free disk space for the safety copy of the database (${path}) that Hearth ` +
          `takes before an upgrade. Nothing was changed. Free some space and start Hearth again.`
        : `Could not take the safety copy of the database (${path}) that Hearth takes before an ` +
          `upgrade: ${(cause as Error)?.message ?? cause}. Nothing was changed.`,
      { cause },
    );
    this.name = "SnapshotFailedError";
  }
}

/** The snapshot folder of the database at `dbPath`. */
export function snapshotDir(dbPath: string): string {
  const slash = dbPath.lastIndexOf("/");
  return `${slash >= 0 ? dbPath.slice(0, slash) : "."}/snapshots`;
}

/** `20261204T163600123Z` for a date: sorts as time does, safe in any file system. */
function stamp(at: Date): string {
  return at.toISOString().replace(/[-:.]/g, "");
}

function parseStamp(s: string): Date {
  const iso = `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}T${s.slice(9, 11)}:` +
    `${s.slice(11, 13)}:${s.slice(13, 15)}.${s.slice(15, 18)}Z`;
  return new Date(iso);
}

/** Whether `name` is a snapshot's file name (and nothing else: no folders, no dots before). */
export function isSnapshotName(name: string): boolean {
  return NAME.test(name);
}

function sqliteFull(err: unknown): boolean {
  const e = err as { errcode?: number; code?: string; message?: string };
  // SQLITE_FULL is 13; the driver also names it in the message.
  return e?.errcode === 13 || /database or disk is full|SQLITE_FULL|ENOSPC|No space/i.test(
    e?.message ?? "",
  );
}

/** Whether the SQLite file at `path` passes `PRAGMA quick_check`. */
export function checkFile(path: string): string {
  const db = new DatabaseSync(path, { readOnly: true });
  try {
    const rows = db.prepare("PRAGMA quick_check").all() as { quick_check: string }[];
    return rows.map((r) => r.quick_check).join("; ");
  } finally {
    db.close();
  }
}

/**
 * Copies the open database `raw` (at `dbPath`) into a new snapshot for `targetVersion`, checks
 * the copy, and returns its path. Throws `SnapshotFailedError` (leaving no partial file) when it
 * cannot: the caller then must not migrate.
 */
export async function takeSnapshot(
  raw: DatabaseSync,
  dbPath: string,
  targetVersion: number,
  now = new Date(),
): Promise<string> {
  const dir = snapshotDir(dbPath);
  const path = `${dir}/pre-${Math.trunc(targetVersion)}-${stamp(now)}.db`;
  try {
    await privateDir(dir);
    // Made empty and 0600 first: VACUUM INTO accepts an empty file and keeps its mode. A file
    // by that name with content (it would take a clash to the millisecond) is not overwritten.
    (await Deno.open(path, { write: true, create: true, mode: 0o600 })).close();
    if ((await Deno.stat(path)).size > 0) throw new Deno.errors.AlreadyExists(path);
    raw.prepare("VACUUM INTO ?").run(path);
    await privateFile(path);
    const check = checkFile(path);
    if (check !== "ok") throw new Error(`the copy failed its integrity check: ${check}`);
    return path;
  } catch (err) {
    if (err instanceof Deno.errors.AlreadyExists) {
      throw new SnapshotFailedError(dbPath, false, new Error(`${path} already exists`));
    }
    await Deno.remove(path).catch(() => {});
    throw new SnapshotFailedError(dbPath, sqliteFull(err), err);
  }
}

/** The snapshots next to the database at `dbPath`, newest first. */
export async function listSnapshots(dbPath: string): Promise<SnapshotInfo[]> {
  const dir = snapshotDir(dbPath);
  const found: SnapshotInfo[] = [];
  let seen = 0;
  try {
    for await (const entry of Deno.readDir(dir)) {
      if (++seen > MAX_ENTRIES) break;
      const m = entry.isFile ? NAME.exec(entry.name) : null;
      if (!m) continue;
      const path = `${dir}/${entry.name}`;
      const bytes = await Deno.stat(path).then((s) => s.size).catch(() => -1);
      if (bytes < 0) continue;
      found.push({
        name: entry.name,
        path,
        bytes,
        createdAt: parseStamp(m[2]),
        targetVersion: Number(m[1]),
      });
    }
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return [];
    throw err;
  }
  return found.sort((a, b) =>
    b.createdAt.getTime() - a.createdAt.getTime() || (a.name < b.name ? 1 : -1)
  );
}

/**
 * Keeps the newest `keep` snapshots and removes the rest; `protect` (the one just taken, and
 * one about to be restored) is never removed. Returns the names removed.
 */
export async function pruneSnapshots(
  dbPath: string,
  protect: string | string[],
  keep = KEEP_SNAPSHOTS,
): Promise<string[]> {
  const all = await listSnapshots(dbPath);
  const kept = new Set(all.slice(0, Math.max(1, keep)).map((s) => s.path));
  for (const p of [protect].flat()) kept.add(p);
  const removed: string[] = [];
  for (const s of all) {
    if (kept.has(s.path)) continue;
    await Deno.remove(s.path).catch(() => {});
    removed.push(s.name);
  }
  return removed;
}

/** The schema version in the snapshot at `path` (its `user_version`), or null if unreadable. */
export function snapshotVersion(path: string): number | null {
  try {
    const db = new DatabaseSync(path, { readOnly: true });
    try {
      return (db.prepare("PRAGMA user_version").get() as { user_version: number }).user_version;
    } finally {
      db.close();
    }
  } catch {
    return null;
  }
}

/**
 * Puts the snapshot at `snapshot` in place of the database at `dbPath`, whose connections this
 * process has closed. When no other connection is open (SQLite removed the WAL file when the
 * last one closed), the copy is written beside the database and fsynced, the WAL and SHM files
 * (which belong to the replaced file) are removed, then the copy is renamed over the database:
 * a crash leaves either the old file or the restored one, never a mix. When another process
 * still has it open, swapping files under it would corrupt it: SQLite's online backup copies
 * the pages in instead, under SQLite's own locks.
 */
export async function restoreFile(snapshot: string, dbPath: string): Promise<void> {
  const exists = (p: string) => Deno.lstat(p).then(() => true, () => false);
  if (await exists(`${dbPath}-wal`)) {
    const source = new DatabaseSync(snapshot, { readOnly: true });
    try {
      await backup(source, dbPath);
    } finally {
      source.close();
    }
    return;
  }
  const temp = `${dbPath}.restoring`;
  await Deno.remove(temp).catch(() => {});
  try {
    await Deno.copyFile(snapshot, temp);
    await Deno.chmod(temp, 0o600).catch(() => {});
    const file = await Deno.open(temp, { read: true, write: true });
    try {
      await file.sync();
    } finally {
      file.close();
    }
  } catch (err) {
    await Deno.remove(temp).catch(() => {});
    throw err;
  }
  for (const suffix of ["-wal", "-shm", "-journal"]) {
    await Deno.remove(dbPath + suffix).catch((err) => {
      if (!(err instanceof Deno.errors.NotFound)) throw err;
    });
  }
  await Deno.rename(temp, dbPath);
}
