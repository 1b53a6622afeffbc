/**
 * Restoring a bundle. First everything is checked and unpacked into a staging folder inside the
 * data folder: the manifest (format, and not from a newer Hearth: 422 `backup_too_new`), that the
 * zip holds exactly the files the manifest lists, each file's CRC, size and SHA-256 (422
 * `backup_damaged`). A bundle that fails any check changes nothing. An older schema is migrated
 * in the staged copy before it is used.
 *
 * `replace`: a backup of the current data is made first (`-pre-restore`, so a wrong restore can
 * be undone), then SQLite's online backup API copies the staged database over the live one in a
 * single step (node:sqlite `backup(…, { rate: -1 })`): under SQLite's own lock, so the running
 * server's connection sees the old data or the new, never a mix, and rows, the search index and
 * the schema version come across page for page (no triggers fire). The data folders are then
 * swapped by rename. `add`: see `add.ts`; files kept in folders named by ids follow their rows.
 */
import { backup as sqliteBackup, DatabaseSync } from "node:sqlite";
import type { HearthPaths } from "../config/paths.ts";
import type { ConfigStore } from "../config/store.ts";
import { privateDir } from "../config/private.ts";
import { type Db, openDatabase } from "../db/mod.ts";
import { indexesOver } from "../rag/vectors.ts";
import { addRows } from "./add.ts";
import { createBackupUnlocked, DATA_FOLDERS, exclusive } from "./create.ts";
import { FORMAT, type Manifest, manifestSchema, refuseTooNew } from "./manifest.ts";
import { CHUNK, copyEntry, damaged, readEntries, readSmallEntry, WritePool } from "./zip64.ts";
import { indexPending } from "../db/search_later.ts";

/** How a bundle is restored. */
export type RestoreMode = "replace" | "add";

/** What `restoreBackup` needs. */
export interface RestoreOptions {
  db: Db;
  paths: HearthPaths;
  /** The bundle. */
  file: string;
  mode: RestoreMode;
  now?: Date;
  /**
   * The running config: a replace applies the bundle's settings to it (its secrets, never in a
   * bundle, stay this box's; keys the environment sets stay as they are). Absent: config untouched.
   */
  config?: ConfigStore;
}

/** What a restore did. */
export interface RestoreResult {
  mode: RestoreMode;
  hearthVersion: string;
  schemaVersion: number;
  files: number;
  /** The backup of the data as it was before a replace. */
  preRestoreBackup?: string;
  /** Rows added per table (`add`). */
  added?: Record<string, number>;
  /** A replace's settings: applied, or kept as they were and why. */
  config?: { restored: true } | { restored: false; why: string };
}

const MANIFEST_MAX = 256 * 1024 * 1024;
const ALLOWED = new RegExp(`^(hearth\\.db|config\\.json|data/(${DATA_FOLDERS.join("|")})/.+)$`);

/** Checks the bundle at `file` and unpacks it into `staging`; answers its manifest. */
export async function verifyAndStage(file: string, staging: string | null): Promise<Manifest> {
  using zip = await Deno.open(file, { read: true });
  const entries = await readEntries(zip);
  const m = entries.get("manifest.json");
  if (!m) throw damaged("it has no manifest.json (is it a Hearth backup?)");
  if (m.size > MANIFEST_MAX) throw damaged("its manifest is too large");
  const tmp = new Uint8Array(m.size);
  await zip.seek(m.dataOffset, Deno.SeekMode.Start);
  for (let at = 0; at < m.size;) {
    const n = await zip.read(tmp.subarray(at));
    if (n === null) throw damaged("its manifest is cut off");
    at += n;
  }
  let manifest: Manifest;
  try {
    const raw = JSON.parse(new TextDecoder().decode(tmp));
    if (raw?.format !== FORMAT) throw damaged(`it is not in the format ${FORMAT}`);
    manifest = manifestSchema.parse(raw);
  } catch (err) {
    if (err instanceof Error && err.name === "HttpError") throw err;
    throw damaged("its manifest is unreadable");
  }
  refuseTooNew(manifest);
  const listed = new Map(manifest.files.map((f) => [f.path, f]));
  if (listed.size !== manifest.files.length) throw damaged("its manifest lists a file twice");
  if (!listed.has("hearth.db")) throw damaged("it holds no database");
  if (entries.size !== listed.size + 1) throw damaged("its files differ from its manifest");
  for (const [path, f] of listed) {
    const e = entries.get(path);
    if (!e || e.size !== f.bytes) throw damaged(`"${path}" differs from the manifest`);
    if (!ALLOWED.test(path)) throw damaged(`"${path}" is not a file Hearth restores`);
  }
  const made = new Set<string>();
  // Small files are read here one after another and written a few at a time (their opens and
  // closes overlap); large ones stream through one buffer.
  const pool = new WritePool();
  // One buffer per write in flight, and one being read: reused, so memory stays flat.
  const free: Uint8Array<ArrayBuffer>[] = Array.from(
    { length: pool.limit + 1 },
    () => new Uint8Array(CHUNK),
  );
  try {
    for (const [path, f] of listed) {
      let out: string | null = null;
      if (staging) {
        out = `${staging}/${path}`;
        const dir = out.slice(0, out.lastIndexOf("/"));
        if (!made.has(dir)) await Deno.mkdir(dir, { recursive: true, mode: 0o700 });
        made.add(dir);
      }
      const entry = entries.get(path)!;
      if (entry.size <= CHUNK) {
        const buffer = free.pop()!;
        const { bytes, sha256 } = await readSmallEntry(zip, entry, buffer);
        if (sha256 !== f.sha256) throw damaged(`"${path}" does not match its checksum`);
        const to = out;
        if (!to) {
          free.push(buffer);
          continue;
        }
        await pool.add(() =>
          Deno.writeFile(to, bytes, { createNew: true, mode: 0o600 }).finally(() =>
            free.push(buffer)
          )
        );
        continue;
      }
      const sha = await copyEntry(zip, entry, out);
      if (sha !== f.sha256) throw damaged(`"${path}" does not match its checksum`);
    }
  } finally {
    // Nothing is left writing into the staging folder its caller removes.
    await pool.drain().catch(() => {});
  }
  await pool.drain();
  return manifest;
}

async function replaceDatabase(live: string, staged: string): Promise<void> {
  const src = new DatabaseSync(staged, { readOnly: true });
  try {
    // One step (`rate: -1`) under SQLite's lock; if a write of the server holds it, wait a bit.
    for (let attempt = 0;; attempt++) {
      try {
        await sqliteBackup(src, live, { rate: -1 });
        return;
      } catch (err) {
        if (attempt >= 50 || !/locked|busy/i.test((err as Error).message)) throw err;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  } finally {
    src.close();
  }
}

async function moveFiles(from: string, to: string, rename: (name: string) => string) {
  let entries: Deno.DirEntry[];
  try {
    entries = await Array.fromAsync(Deno.readDir(from));
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return;
    throw err;
  }
  await privateDir(to);
  for (const e of entries) {
    const target = `${to}/${rename(e.name)}`;
    // A name already there is kept (its row kept its id, so the file is the same one's).
    if (await Deno.lstat(target).catch(() => null)) continue;
    await Deno.rename(`${from}/${e.name}`, target);
  }
}

/**
 * Applies a bundle's settings to the running config: its secrets were redacted (`REDACTED` keeps
 * this box's), and keys the environment sets are left out. The data is restored by now, so a
 * settings file this Hearth cannot take is reported (`kept`, with why), not thrown.
 */
async function restoreConfig(config: ConfigStore, file: string): Promise<RestoreResult["config"]> {
  let patch: Record<string, unknown>;
  try {
    patch = JSON.parse(await Deno.readTextFile(file));
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return { restored: false, why: "no settings in it" };
    return { restored: false, why: "its settings are unreadable" };
  }
  for (const path of Object.keys(config.readOnly)) deletePath(patch, path.split("."));
  try {
    await config.update(patch);
    return { restored: true };
  } catch (err) {
    return { restored: false, why: (err as Error).message };
  }
}

function deletePath(obj: Record<string, unknown>, path: string[]): void {
  const [head, ...rest] = path;
  if (!rest.length) {
    delete obj[head];
    return;
  }
  const next = obj[head];
  if (next && typeof next === "object" && !Array.isArray(next)) {
    deletePath(next as Record<string, unknown>, rest);
  }
}

/** Restores the bundle at `o.file` (one backup or restore at a time). */
export function restoreBackup(o: RestoreOptions): Promise<RestoreResult> {
  return exclusive(o.paths.dataDir, async () => {
    const staging = `${o.paths.dataDir}/.restore-${crypto.randomUUID().slice(0, 8)}`;
    await privateDir(staging);
    try {
      const manifest = await verifyAndStage(o.file, staging);
      const stagedDb = `${staging}/hearth.db`;
      // An older schema is brought up to this Hearth's in the staged copy.
      await (await openDatabase(stagedDb)).close();
      const result: RestoreResult = {
        mode: o.mode,
        hearthVersion: manifest.hearthVersion,
        schemaVersion: manifest.schemaVersion,
        files: manifest.files.length,
      };
      if (o.mode === "replace") {
        const pre = await createBackupUnlocked({
          db: o.db,
          paths: o.paths,
          now: o.now,
          suffix: "pre-restore",
        });
        result.preRestoreBackup = pre.name;
        await replaceDatabase(o.paths.dbFile, stagedDb);
        await privateDir(`${staging}/old`);
        for (const folder of DATA_FOLDERS) {
          const live = `${o.paths.dataDir}/${folder}`;
          await Deno.rename(live, `${staging}/old/${folder}`).catch((err) => {
            if (!(err instanceof Deno.errors.NotFound)) throw err;
          });
          await Deno.rename(`${staging}/data/${folder}`, live).catch(async (err) => {
            if (!(err instanceof Deno.errors.NotFound)) throw err;
            await privateDir(live);
          });
        }
        if (o.config) result.config = await restoreConfig(o.config, `${staging}/config.json`);
      } else {
        const { added, renamed } = await addRows(o.db, stagedDb);
        result.added = added;
        const docs = renamed.get("documents");
        const convs = renamed.get("conversations");
        await moveFiles(`${staging}/data/documents`, `${o.paths.dataDir}/documents`, (name) => {
          const [id, ext] = name.endsWith(".md") ? [name.slice(0, -3), ".md"] : [name, ""];
          return `${docs?.get(id) ?? id}${ext}`;
        });
        for (const folder of ["workspaces", "workspace-store"]) {
          await moveFiles(
            `${staging}/data/${folder}`,
            `${o.paths.dataDir}/${folder}`,
            (id) => String(convs?.get(id) ?? id),
          );
        }
      }
      // Restored messages are noted for the search index (lib/db/search_later.ts): indexed now.
      // Failing that (a full disk), they stay noted and the next search indexes them.
      try {
        indexPending(o.db.raw);
      } catch { /* indexed at the next search */ }
      // The rows under the in-memory vector indexes changed: they load again when next searched.
      for (const index of indexesOver(o.db)) index.reset();
      return result;
    } finally {
      await Deno.remove(staging, { recursive: true }).catch(() => {});
    }
  });
}
