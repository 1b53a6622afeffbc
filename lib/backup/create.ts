/**
 * Making a backup: the database copied through SQLite's online backup (node:sqlite `backup()`,
 * page by page off the event loop, a consistent copy while Hearth keeps serving), the data
 * folders, and the config with every secret redacted, stream-written into one stored Zip64
 * (`zip64.ts`) under `<data>/backups/` by a temporary name, renamed when complete. Never in a
 * bundle: the push (VAPID) private key, the TLS CA and its keys (they live in the config folder),
 * sessions' secrets outside the database, earlier backups and upgrade snapshots.
 */
import { backup as sqliteBackup } from "node:sqlite";
import type { HearthPaths } from "../config/paths.ts";
import { privateDir } from "../config/private.ts";
import { redactSecrets } from "../config/redact.ts";
import type { Db } from "../db/mod.ts";
import { schemaVersion } from "../db/mod.ts";
import { HttpError } from "../http/errors.ts";
import { VERSION } from "../version.ts";
import { FORMAT, type Manifest } from "./manifest.ts";
import { CHUNK, type OpenedFile, openForZip, ZipWriter } from "./zip64.ts";

/** Files opened and read ahead of the bundle's writer. */
const READ_AHEAD = 8;

/** The data folders a bundle holds (under `<data>/`, as `data/<folder>/…` in the zip). */
export const DATA_FOLDERS = ["documents", "workspaces", "workspace-store"] as const;

/** One stored backup. */
export interface BackupInfo {
  name: string;
  bytes: number;
  createdAt: string;
}

const NAME = /^hearth-backup-(\d{8}T\d{6}\d{3}Z)(-[a-z-]{1,20})?\.zip$/;

/** The folder backups are kept in. */
export const backupsDir = (dataDir: string) => `${dataDir}/backups`;

/** True for a name `createBackup` makes (so a request can never name another file). */
export function isBackupName(name: string): boolean {
  return NAME.test(name);
}

function stampOf(d: Date): string {
  return d.toISOString().replace(/[-:.]/g, "");
}

function createdAtOf(stamp: string): string {
  const s = stamp;
  return `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}T${s.slice(9, 11)}:${s.slice(11, 13)}:${
    s.slice(13, 15)
  }.${s.slice(15, 18)}Z`;
}

/** The stored backups, newest first. */
export async function listBackups(dataDir: string): Promise<BackupInfo[]> {
  const out: BackupInfo[] = [];
  try {
    for await (const e of Deno.readDir(backupsDir(dataDir))) {
      const m = e.isFile ? NAME.exec(e.name) : null;
      if (!m) continue;
      const { size } = await Deno.stat(`${backupsDir(dataDir)}/${e.name}`).catch(() => ({
        size: -1,
      }));
      if (size >= 0) out.push({ name: e.name, bytes: size, createdAt: createdAtOf(m[1]) });
    }
  } catch (err) {
    if (!(err instanceof Deno.errors.NotFound)) throw err;
  }
  return out.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.name.localeCompare(a.name));
}

/** The path of stored backup `name`; 404 `backup_not_found` when there is none. */
export async function backupFile(dataDir: string, name: string): Promise<string> {
  const path = `${backupsDir(dataDir)}/${name}`;
  if (!isBackupName(name) || !(await Deno.stat(path).catch(() => null))?.isFile) {
    throw new HttpError(404, "backup_not_found", "There is no such backup.");
  }
  return path;
}

/** Deletes stored backup `name` (404 when there is none). */
export async function deleteBackup(dataDir: string, name: string): Promise<void> {
  await Deno.remove(await backupFile(dataDir, name));
}

/** Deletes the oldest backups beyond `keep`; answers the names deleted. */
export async function pruneBackups(dataDir: string, keep: number): Promise<string[]> {
  const gone = (await listBackups(dataDir)).slice(Math.max(1, keep)).map((b) => b.name);
  for (const name of gone) await Deno.remove(`${backupsDir(dataDir)}/${name}`).catch(() => {});
  return gone;
}

/** Every regular file under `dir`, as paths relative to it, in name order (links skipped). */
export async function* walkFiles(dir: string, prefix = ""): AsyncGenerator<string> {
  let entries: Deno.DirEntry[];
  try {
    entries = await Array.fromAsync(Deno.readDir(prefix ? `${dir}/${prefix}` : dir));
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return;
    throw err;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory) yield* walkFiles(dir, rel);
    else if (e.isFile) yield rel;
  }
}

const running = new Set<string>();

/** Runs `fn` unless a backup or restore of `dataDir` runs already (409 `backup_busy`). */
export async function exclusive<T>(dataDir: string, fn: () => Promise<T>): Promise<T> {
  if (running.has(dataDir)) {
    throw new HttpError(409, "backup_busy", "A backup or restore is running; try again after it.");
  }
  running.add(dataDir);
  try {
    return await fn();
  } finally {
    running.delete(dataDir);
  }
}

/** What `createBackup` needs. */
export interface CreateOptions {
  db: Db;
  paths: HearthPaths;
  now?: Date;
  /** A name suffix (`pre-restore`). */
  suffix?: string;
  /** Write here instead of `<data>/backups/<name>` (the CLI's `--out`). */
  out?: string;
}

/** Makes a backup bundle; answers where it is. Callers hold `exclusive`. */
export async function createBackupUnlocked(
  o: CreateOptions,
): Promise<BackupInfo & { path: string }> {
  const now = o.now ?? new Date();
  const dir = backupsDir(o.paths.dataDir);
  await privateDir(dir);
  const name = `hearth-backup-${stampOf(now)}${o.suffix ? `-${o.suffix}` : ""}.zip`;
  const final = o.out ?? `${dir}/${name}`;
  const part = `${dir}/.${name}.${crypto.randomUUID().slice(0, 8)}.part`;
  const dbCopy = `${part}.db`;
  try {
    await sqliteBackup(o.db.raw, dbCopy);
    const zip = await ZipWriter.create(part, now);
    const files: Manifest["files"] = [];
    let schema: number;
    {
      const { DatabaseSync } = await import("node:sqlite");
      const copy = new DatabaseSync(dbCopy, { readOnly: true });
      try {
        schema = schemaVersion(copy);
      } finally {
        copy.close();
      }
    }
    files.push({ path: "hearth.db", ...await zip.add("hearth.db", dbCopy) });
    await Deno.remove(dbCopy);
    const config = await Deno.readTextFile(o.paths.configFile).catch(() => null);
    if (config !== null) {
      let redacted: string;
      try {
        redacted = JSON.stringify(redactSecrets(JSON.parse(config)), null, 2);
      } catch {
        redacted = ""; // an unreadable config is left out rather than copied with its secrets
      }
      if (redacted) {
        files.push({
          path: "config.json",
          ...await zip.add("config.json", new TextEncoder().encode(redacted)),
        });
      }
    }
    // The next few files are opened and read ahead while the writer adds one, so many small
    // files' opens and reads overlap (at most READ_AHEAD in flight, each at most 1 MB read).
    // Their buffers are reused: READ_AHEAD of them, one per file in flight.
    const free: Uint8Array<ArrayBuffer>[] = Array.from(
      { length: READ_AHEAD },
      () => new Uint8Array(CHUNK),
    );
    const ahead: { path: string; opened: Promise<OpenedFile>; buffer: Uint8Array<ArrayBuffer> }[] =
      [];
    const addNext = async () => {
      const { path, opened, buffer } = ahead.shift()!;
      try {
        files.push({ path, ...await zip.add(path, await opened) });
      } catch (err) {
        // Deleted since the folder was listed: it is not part of the data any more.
        if (!(err instanceof Deno.errors.NotFound)) throw err;
      } finally {
        free.push(buffer);
      }
    };
    try {
      for (const folder of DATA_FOLDERS) {
        const root = `${o.paths.dataDir}/${folder}`;
        for await (const rel of walkFiles(root)) {
          const buffer = free.pop()!;
          const opened = openForZip(`${root}/${rel}`, buffer);
          opened.catch(() => {}); // awaited in order by addNext
          ahead.push({ path: `data/${folder}/${rel}`, opened, buffer });
          if (ahead.length >= READ_AHEAD) await addNext();
        }
      }
      while (ahead.length) await addNext();
    } finally {
      // On a failure, files opened ahead are closed.
      for (const { opened } of ahead.splice(0)) opened.then((f) => f.file.close(), () => {});
    }
    const manifest: Manifest = {
      format: FORMAT,
      hearthVersion: VERSION,
      schemaVersion: schema,
      createdAt: now.toISOString(),
      files,
    };
    await zip.add("manifest.json", new TextEncoder().encode(JSON.stringify(manifest)));
    await zip.finish();
    await Deno.rename(part, final).catch(async (err) => {
      // `--out` on another disk: rename cannot cross it, so copy (then the part file is removed).
      if (!o.out || !/EXDEV|cross-device/i.test(`${(err as { code?: string }).code} ${err}`)) {
        throw err;
      }
      await Deno.copyFile(part, final);
      await Deno.remove(part);
    });
  } catch (err) {
    await Deno.remove(part).catch(() => {});
    await Deno.remove(dbCopy).catch(() => {});
    throw err;
  }
  const bytes = (await Deno.stat(final)).size;
  return { name, bytes, createdAt: now.toISOString(), path: final };
}

/** Makes a backup bundle (one at a time per data folder). */
export function createBackup(o: CreateOptions): Promise<BackupInfo & { path: string }> {
  return exclusive(o.paths.dataDir, () => createBackupUnlocked(o));
}
