/**
 * Snapshots of a workspace (SPEC §10). A snapshot is a manifest (`<store>/snapshots/<id>.json`:
 * every folder, file and link with its mode, a file's size, times, inode and content hash, a
 * link's target, never followed) over the content-addressed object store (`objects.ts`), plus
 * its row in `workspace_snapshots`. The manifest is written first, atomically, then the row, so
 * a row never lacks its manifest; pruning deletes rows before manifests, and garbage collection
 * removes objects (and manifests) no row names.
 *
 * A file whose size, mtime, ctime and inode equal those the newest snapshot recorded is not read
 * again: its hash is taken from there, but only when those times were older than that snapshot's
 * start, read from the file system's own clock (the mtime of the marker a snapshot writes first).
 * File times tick coarsely (a few milliseconds on Linux), so a same-size write in the tick of the
 * one recorded leaves them unchanged; a file that recent is read again, as Git does with an entry
 * it calls "racily clean". Restoring first takes a `restore` snapshot of the
 * workspace as it is (so a restore can be undone), then makes the files equal to the snapshot,
 * touching only what differs, and sets the workspace's usage to the snapshot's counts.
 *
 * Every exported function but the `…Locked` ones takes the workspace's lock itself.
 */
import type { Kysely } from "kysely";
import { writeFileAtomic } from "../config/atomic.ts";
import { newId } from "../db/ids.ts";
import type { Database, WorkspaceSnapshotsTable } from "../db/schema.ts";
import { HttpError } from "../http/errors.ts";
import { withWorkspaceLock } from "./lock.ts";
import {
  collectGarbage,
  copyObjectTo,
  ensureStore,
  listObjects,
  manifestsDir,
  putObject,
  writingMarker,
} from "./objects.ts";
import { type RestoreResult, type SnapshotInfo, WORKSPACE_LIMITS } from "./types.ts";
import { checkRoom, setUsage, workspaceUsage } from "./usage.ts";
import { mapPool, walkTree } from "./tree.ts";

/** Whose workspace, and where its files and its store are (`paths.ts`). */
export interface SnapshotTarget {
  db: Kysely<Database>;
  profileId: string;
  conversationId: string;
  /** `workspaceDir(paths, conversationId)`. */
  root: string;
  /** `workspaceStoreDir(paths, conversationId)`. */
  store: string;
}

/** One entry of a manifest. */
export interface ManifestEntry {
  path: string;
  kind: "file" | "dir" | "link";
  /** Permission bits. */
  mode: number;
  size: number;
  mtime: number;
  ctime: number;
  ino: number;
  /** A file's content. */
  hash?: string;
  /** A link's target, as written. */
  target?: string;
}

/** A snapshot's manifest file. */
export interface Manifest {
  version: 1;
  id: string;
  /** When the walk began, by the file system's clock (ms); without it nothing is trusted. */
  startedAt?: number;
  entries: ManifestEntry[];
}

/** What a snapshot is taken for. */
export interface SnapshotOptions {
  reason: SnapshotInfo["reason"];
  messageId?: string | null;
}

/** A manifest's file: gzipped JSON (10,000 entries are ~2 MB of JSON, ~0.8 MB gzipped). */
export const manifestPath = (store: string, id: string) => `${manifestsDir(store)}/${id}.json.gz`;

/** Writes a manifest atomically (temp file, fsync, rename). */
export async function writeManifest(store: string, manifest: Manifest): Promise<void> {
  const { gzipSync } = await import("node:zlib");
  const bytes = gzipSync(JSON.stringify(manifest), { level: 1 });
  await writeFileAtomic(manifestPath(store, manifest.id), new Uint8Array(bytes));
}

/** The API's shape of a row. */
export function snapshotInfo(row: WorkspaceSnapshotsTable): SnapshotInfo {
  return {
    id: row.id,
    conversationId: row.conversation_id,
    messageId: row.message_id,
    reason: row.reason,
    files: row.files,
    bytes: row.bytes,
    addedBytes: row.added_bytes,
    createdAt: row.created_at,
  };
}

function rowsOf(t: Pick<SnapshotTarget, "db" | "profileId" | "conversationId">) {
  return t.db.selectFrom("workspace_snapshots").selectAll()
    .where("profile_id", "=", t.profileId)
    .where("conversation_id", "=", t.conversationId)
    .orderBy("created_at", "desc").orderBy("id", "desc");
}

/** The workspace's snapshots, newest first (none for another profile's conversation). */
export async function listSnapshots(
  db: Kysely<Database>,
  profileId: string,
  conversationId: string,
): Promise<SnapshotInfo[]> {
  return (await rowsOf({ db, profileId, conversationId }).execute()).map(snapshotInfo);
}

/** A snapshot's manifest; null when it is missing or unreadable. */
export async function readManifest(store: string, id: string): Promise<Manifest | null> {
  try {
    const bytes = await Deno.readFile(manifestPath(store, id));
    const { gunzipSync } = await import("node:zlib");
    const manifest = JSON.parse(gunzipSync(bytes).toString("utf8"));
    return manifest?.version === 1 && Array.isArray(manifest.entries) ? manifest : null;
  } catch (err) {
    // Missing, or not whole (not gzip, not JSON): either way no manifest to trust.
    if (err instanceof Deno.errors.NotFound || err instanceof SyntaxError) return null;
    if (err instanceof Error && "code" in err && String(err.code).startsWith("Z_")) return null;
    throw err;
  }
}

/** The newest snapshot's manifest, to skip files unchanged since. */
async function newestManifest(t: SnapshotTarget): Promise<Manifest | null> {
  const row = await rowsOf(t).limit(1).executeTakeFirst();
  return row ? await readManifest(t.store, row.id) : null;
}

/** Records the workspace as it is: the entries of a manifest and the bytes new objects added. */
async function record(
  t: SnapshotTarget,
): Promise<{ entries: ManifestEntry[]; added: number; startedAt: number }> {
  await ensureStore(t.store);
  try {
    await Deno.writeFile(writingMarker(t.store), new Uint8Array(0), { createNew: true });
  } catch (err) {
    if (!(err instanceof Deno.errors.AlreadyExists)) throw err;
    // A snapshot died while writing: its objects may be partial and no manifest names them.
    const rows = await rowsOf(t).select("id").execute();
    await collectStoreLocked(t, new Set(rows.map((r) => r.id)));
  }
  // A marker left by a crash is older than this start, which only trusts fewer files next time.
  const startedAt = (await Deno.stat(writingMarker(t.store))).mtime?.getTime() ?? 0;
  const [previous, walked, known] = await Promise.all([
    newestManifest(t),
    walkTree(t.root),
    listObjects(t.store),
  ]);
  const before = new Map(
    (previous?.entries ?? []).filter((e) => e.kind === "file").map((e) => [e.path, e]),
  );
  const settled = previous?.startedAt ?? 0;
  let added = 0;
  const entries = await mapPool(walked, async ({ path, kind, info }) => {
    const entry: ManifestEntry = {
      path,
      kind,
      mode: (info.mode ?? 0o600) & 0o777,
      size: kind === "dir" ? 0 : info.size,
      mtime: info.mtime?.getTime() ?? 0,
      ctime: info.ctime?.getTime() ?? 0,
      ino: info.ino ?? 0,
    };
    const abs = `${t.root}/${path}`;
    if (kind === "link") entry.target = await Deno.readLink(abs);
    if (kind !== "file") return entry;
    const last = before.get(path);
    if (
      last?.hash && known.has(last.hash) && last.size === entry.size &&
      last.mtime === entry.mtime && last.ctime === entry.ctime && last.ino === entry.ino &&
      entry.mtime !== 0 && entry.ino !== 0 && last.mtime < settled && last.ctime < settled
    ) {
      entry.hash = last.hash;
      return entry;
    }
    const stored = await putObject(t.store, abs, info.size, known);
    entry.hash = stored.hash;
    added += stored.added;
    return entry;
  });
  return { entries, added, startedAt };
}

/** Takes a snapshot; the caller holds the workspace's lock. `prune: false` keeps all others. */
export async function takeSnapshotLocked(
  t: SnapshotTarget,
  opts: SnapshotOptions,
  { prune = true }: { prune?: boolean } = {},
): Promise<SnapshotInfo & { manifest: Manifest }> {
  let entries: ManifestEntry[];
  let added: number;
  const id = newId();
  const manifest: Manifest = { version: 1, id, entries: [] };
  try {
    ({ entries, added, startedAt: manifest.startedAt } = await record(t));
    manifest.entries = entries;
    await writeManifest(t.store, manifest);
  } finally {
    // Every object written is whole (a failed write removes its own); only a crash keeps this.
    await Deno.remove(writingMarker(t.store)).catch(() => {});
  }
  let files = 0;
  let bytes = 0;
  for (const e of entries) {
    if (e.kind === "dir") continue;
    files++;
    bytes += e.size;
  }
  const row: WorkspaceSnapshotsTable = {
    id,
    conversation_id: t.conversationId,
    profile_id: t.profileId,
    message_id: opts.messageId ?? null,
    reason: opts.reason,
    files,
    bytes,
    added_bytes: added,
    created_at: new Date().toISOString(),
  };
  await t.db.insertInto("workspace_snapshots").values(row).execute();
  if (prune) await pruneSnapshotsLocked(t);
  return { ...snapshotInfo(row), manifest };
}

/** Takes a snapshot of the workspace as it is now (takes the lock). */
export async function takeSnapshot(
  t: SnapshotTarget,
  opts: SnapshotOptions,
): Promise<SnapshotInfo> {
  const { manifest: _, ...info } = await withWorkspaceLock(
    t.conversationId,
    () => takeSnapshotLocked(t, opts),
  );
  return info;
}

/**
 * Keeps the newest `keep` snapshots (default `WORKSPACE_LIMITS.snapshots`): older rows go, then
 * their manifests, then every object and manifest no remaining row names. The caller holds the
 * lock. Answers the bytes freed.
 */
export async function pruneSnapshotsLocked(
  t: SnapshotTarget,
  keep: number = WORKSPACE_LIMITS.snapshots,
): Promise<number> {
  const rows = await rowsOf(t).select("id").execute();
  const old = rows.slice(keep).map((r) => r.id);
  if (!old.length) return 0;
  await t.db.deleteFrom("workspace_snapshots")
    .where("conversation_id", "=", t.conversationId)
    .where("id", "in", old).execute();
  return await collectStoreLocked(t, new Set(rows.slice(0, keep).map((r) => r.id)));
}

/** Removes manifests of ids not in `live` and objects none of theirs names. */
async function collectStoreLocked(t: SnapshotTarget, live: Set<string>): Promise<number> {
  const referenced = new Set<string>();
  for await (const entry of Deno.readDir(manifestsDir(t.store))) {
    const id = entry.name.replace(/\.json\.gz$/, "");
    if (!live.has(id)) {
      await Deno.remove(`${manifestsDir(t.store)}/${entry.name}`);
      continue;
    }
    const manifest = await readManifest(t.store, id);
    for (const e of manifest?.entries ?? []) if (e.hash) referenced.add(e.hash);
  }
  return await collectGarbage(t.store, referenced);
}

/** Prunes to the limit (takes the lock). */
export function pruneSnapshots(t: SnapshotTarget, keep?: number): Promise<number> {
  return withWorkspaceLock(t.conversationId, () => pruneSnapshotsLocked(t, keep));
}

function snapshotNotFound(): HttpError {
  return new HttpError(404, "snapshot_not_found", "This workspace has no such snapshot.");
}

/** Makes the workspace's files equal to `snapshotId`'s; the caller holds the lock. */
export async function restoreSnapshotLocked(
  t: SnapshotTarget,
  snapshotId: string,
): Promise<RestoreResult> {
  const row = await rowsOf(t).where("id", "=", snapshotId).executeTakeFirst();
  if (!row) throw snapshotNotFound();
  const target = await readManifest(t.store, row.id);
  if (!target) {
    throw new HttpError(
      410,
      "snapshot_damaged",
      "This snapshot's files are missing from the store, so it cannot be restored.",
    );
  }
  const usage = await workspaceUsage(t.db, t.profileId, t.conversationId);
  if (row.bytes > usage.bytes) await checkRoom(t.db, t.profileId, row.bytes - usage.bytes);
  const { manifest: current, ...before } = await takeSnapshotLocked(t, { reason: "restore" }, {
    prune: false,
  });
  await applyManifest(t, current.entries, target.entries);
  // The files now are the snapshot's, which counted them as `countTree` does (links as files of
  // their own size, folders not): no second walk of the tree.
  await setUsage(t.db, t.profileId, t.conversationId, { files: row.files, bytes: row.bytes });
  await pruneSnapshotsLocked(t);
  return { restored: snapshotInfo(row), before };
}

/** Restores a snapshot (takes the lock); 404 `snapshot_not_found` for one not the target's. */
export function restoreSnapshot(t: SnapshotTarget, snapshotId: string): Promise<RestoreResult> {
  return withWorkspaceLock(t.conversationId, () => restoreSnapshotLocked(t, snapshotId));
}

const same = (a: ManifestEntry, b: ManifestEntry) =>
  a.kind === b.kind && (a.kind !== "link" || a.target === b.target) &&
  (a.kind !== "file" || a.hash === b.hash);

/**
 * Changes the tree from `have` (as just recorded) to `want`: removes what `want` lacks or has
 * as another kind, makes the folders, then writes the files and links that differ.
 */
async function applyManifest(
  t: SnapshotTarget,
  have: ManifestEntry[],
  want: ManifestEntry[],
): Promise<void> {
  const wanted = new Map(want.map((e) => [e.path, e]));
  const present = new Map(have.map((e) => [e.path, e]));
  // Paths sort parents first, but a sibling ("a-b") may sort between a folder and its children.
  const gone = new Set<string>();
  const underGone = (path: string) => {
    for (let i = path.indexOf("/"); i !== -1; i = path.indexOf("/", i + 1)) {
      if (gone.has(path.slice(0, i))) return true;
    }
    return false;
  };
  for (const e of have) {
    if (underGone(e.path)) {
      present.delete(e.path);
      continue;
    }
    const w = wanted.get(e.path);
    if (w && w.kind === e.kind && (e.kind !== "link" || w.target === e.target)) continue;
    await Deno.remove(`${t.root}/${e.path}`, { recursive: true });
    present.delete(e.path);
    if (e.kind === "dir") gone.add(e.path);
  }
  const rest: ManifestEntry[] = [];
  for (const w of want) {
    const abs = `${t.root}/${w.path}`;
    if (w.kind !== "dir") {
      rest.push(w);
      continue;
    }
    if (!present.has(w.path)) await Deno.mkdir(abs, { recursive: true });
    if (present.get(w.path)?.mode !== w.mode) await Deno.chmod(abs, w.mode | 0o700);
  }
  await mapPool(rest, async (w) => {
    const abs = `${t.root}/${w.path}`;
    const now = present.get(w.path);
    if (now && same(now, w)) {
      if (w.kind === "file" && now.mode !== w.mode) await Deno.chmod(abs, w.mode);
      return;
    }
    if (w.kind === "link") await Deno.symlink(w.target!, abs);
    else await copyObjectTo(t.store, w.hash!, abs, w.size, w.mode, now !== undefined);
  });
}
