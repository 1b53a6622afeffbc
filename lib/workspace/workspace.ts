/**
 * A conversation's workspace (SPEC §10): the folder `<data>/workspaces/<conversation id>/` as the
 * agent's tools and the workspace routes see it. Every path goes through `confine.ts` first:
 * reads may follow a link that stays inside, changes never go through one. Every change (and
 * every read's check-and-open) runs under the workspace lock, as commands, snapshots and zip
 * loads do, so nothing swaps a checked folder for a link in between. Sizes are kept in the
 * workspace's row (`usage.ts`): each write is checked against the profile's quota first.
 * Writes are atomic: the bytes go to a temp file in the workspace's store (outside the
 * workspace, same disk) and are renamed into place.
 */
import type { HearthPaths } from "../config/paths.ts";
import { privateDir } from "../config/private.ts";
import type { Db } from "../db/mod.ts";
import type { Database } from "../db/schema.ts";
import type { Kysely } from "kysely";
import { newId } from "../db/ids.ts";
import {
  bodyToFile,
  cancelBody,
  declaredLength,
  refuseDeclaredOver,
  removeQuietly,
} from "../http/body_file.ts";
import { BodyTooLargeError } from "../http/body.ts";
import { HttpError } from "../http/errors.ts";
import { formatSize } from "../i18n/format.ts";
import type { WorkspaceFiles } from "../tools/types.ts";
import { confine, confineForChange, isInside, lstatOrNull, normalizeRelative } from "./confine.ts";
import {
  ambiguousMatch,
  fileExists,
  fileNotFound,
  fileTooLarge,
  folderNotEmpty,
  moveIntoItself,
  noMatch,
  notAFile,
  notAFolder,
  pathIsLink,
  tooManyEntries,
} from "./errors.ts";
import { withWorkspaceLock } from "./lock.ts";
import { workspaceDir, workspacesDir, workspaceStoreDir, workspaceStoresDir } from "./paths.ts";
import { searchFiles } from "./search.ts";
import { type TreeEntry, WORKSPACE_LIMITS } from "./types.ts";
import {
  addUsage,
  checkRoom,
  countTree,
  ensureWorkspaceRow,
  roomLeft,
  setUsage,
  workspaceUsage,
} from "./usage.ts";
import { decodeText, entryOf, listTree, type Match, readHead } from "./walk.ts";

/** What a text read answers at most unless asked for less (the tools ask for less). */
export const READ_TEXT_BYTES = 1024 * 1024;

/** Makes the missing folders of `parent` (0700); a file on the way is 409 `not_a_folder`. */
async function makeParents(parent: string, rel: string): Promise<void> {
  try {
    await Deno.mkdir(parent, { recursive: true, mode: 0o700 });
  } catch (err) {
    if (err instanceof Deno.errors.AlreadyExists || err instanceof Deno.errors.NotADirectory) {
      throw notAFolder(rel.split("/").slice(0, -1).join("/"));
    }
    throw err;
  }
}

/** A conversation's workspace; see the module comment. Make one with `openWorkspace`. */
export class Workspace implements WorkspaceFiles {
  constructor(
    readonly db: Kysely<Database>,
    readonly profileId: string,
    readonly conversationId: string,
    /** The root's real path. */
    readonly root: string,
    /** The workspace's store (temp files, snapshots): never reachable by a path of the tools. */
    readonly store: string,
  ) {}

  #locked<T>(fn: () => Promise<T>): Promise<T> {
    return withWorkspaceLock(this.conversationId, fn);
  }

  /** A temp file's path in the store (same disk as the root, so a rename moves it in). */
  async #temp(): Promise<string> {
    const dir = `${this.store}/tmp`;
    await privateDir(dir);
    return `${dir}/${newId()}`;
  }

  resolve(path: string): Promise<string> {
    return confine(this.root, path);
  }

  /** Takes the lock. */
  list(
    path = "",
    opts: { recursive?: boolean; limit?: number } = {},
  ): Promise<{ entries: TreeEntry[]; truncated: boolean }> {
    return this.#locked(async () => {
      const rel = normalizeRelative(path);
      const abs = await confine(this.root, rel);
      const info = await lstatOrNull(abs);
      if (!info) throw fileNotFound(rel);
      if (!info.isDirectory) throw notAFolder(rel);
      return await listTree(this.root, abs, rel, {
        recursive: opts.recursive ?? false,
        limit: Math.min(opts.limit ?? WORKSPACE_LIMITS.treeEntries, WORKSPACE_LIMITS.entries),
      });
    });
  }

  /** The file's absolute path (links followed inside) and its stat; 404/409 otherwise. */
  async #file(path: string): Promise<{ rel: string; abs: string; info: Deno.FileInfo }> {
    const rel = normalizeRelative(path);
    const abs = await confine(this.root, rel);
    const info = await Deno.stat(abs).catch((err) => {
      if (err instanceof Deno.errors.NotFound) throw fileNotFound(rel);
      throw err;
    });
    if (!info.isFile) throw notAFile(rel);
    return { rel, abs, info };
  }

  /** Takes the lock. */
  readText(
    path: string,
    opts: { maxBytes?: number } = {},
  ): Promise<{ text: string; size: number; truncated: boolean }> {
    return this.#locked(async () => {
      const { rel, abs } = await this.#file(path);
      const head = await readHead(abs, opts.maxBytes ?? READ_TEXT_BYTES);
      const text = decodeText(head.bytes, rel, head.truncated);
      return { text, size: head.size, truncated: head.truncated };
    });
  }

  /**
   * Opens a file for a download or a preview: checked and opened under the lock, read after
   * it (the open file stays the checked one whatever happens to its path). Takes the lock.
   */
  openFile(path: string): Promise<{ file: Deno.FsFile; entry: TreeEntry }> {
    return this.#locked(async () => {
      const { rel, abs, info } = await this.#file(path);
      const file = await Deno.open(abs, { read: true });
      return { file, entry: await entryOf(this.root, abs, rel, info) };
    });
  }

  /** Takes the lock. */
  write(
    path: string,
    data: string | Uint8Array,
    opts: { overwrite?: boolean } = {},
  ): Promise<TreeEntry> {
    const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
    return this.#locked(async () => {
      const temp = await this.#temp();
      await Deno.writeFile(temp, bytes, { createNew: true, mode: 0o600 });
      return await this.#place(temp, bytes.byteLength, path, opts.overwrite ?? true);
    });
  }

  /**
   * Moves the finished temp file `temp` (of `size` bytes) to `path`, within the file size and
   * the quota; the temp file is gone afterwards whatever happens. Lock held.
   */
  async #place(temp: string, size: number, path: string, overwrite: boolean): Promise<TreeEntry> {
    try {
      if (size > WORKSPACE_LIMITS.fileBytes) {
        throw fileTooLarge(formatSize(WORKSPACE_LIMITS.fileBytes, "en"));
      }
      const { path: abs, parent, rel } = await confineForChange(this.root, path);
      const before = await lstatOrNull(abs);
      if (before?.isSymlink) throw pathIsLink(rel);
      if (before?.isDirectory) throw notAFile(rel);
      if (before && !overwrite) throw fileExists(rel);
      if (!before) await this.#checkEntries();
      const delta = size - (before?.size ?? 0);
      if (delta > 0) await checkRoom(this.db, this.profileId, delta);
      await makeParents(parent, rel);
      await Deno.rename(temp, abs);
      await addUsage(this.db, this.profileId, this.conversationId, {
        bytes: delta,
        files: before ? 0 : 1,
      });
      return await entryOf(this.root, abs, rel);
    } finally {
      await removeQuietly(temp);
    }
  }

  async #checkEntries(): Promise<void> {
    const { files } = await this.usage();
    if (files >= WORKSPACE_LIMITS.entries) throw tooManyEntries(WORKSPACE_LIMITS.entries);
  }

  /**
   * Receives an upload's raw body as the file `path`: 413 before reading when `Content-Length`
   * is over the file size or the quota left; streamed to a temp file in the store WITHOUT the
   * lock (a slow upload holds nothing up), then placed under it. Nothing partial is left.
   */
  async receive(path: string, req: Request, limit: number = WORKSPACE_LIMITS.fileBytes) {
    let cap = limit;
    try {
      refuseDeclaredOver(req, limit);
      // The path is checked before a byte is read, and again when placing.
      const { path: abs, rel } = await confineForChange(this.root, path);
      const before = await lstatOrNull(abs);
      if (before?.isSymlink) throw pathIsLink(rel);
      const replaced = before?.isFile ? before.size : 0;
      const declared = declaredLength(req) ?? 0;
      if (declared - replaced > 0) await checkRoom(this.db, this.profileId, declared - replaced);
      // A chunked body stops being read once it passes the room left, too.
      cap = Math.min(limit, await roomLeft(this.db, this.profileId) + replaced);
    } catch (err) {
      cancelBody(req);
      throw err;
    }
    const temp = await this.#temp();
    let size: number;
    try {
      size = (await bodyToFile(req, temp, cap)).size;
    } catch (err) {
      if (err instanceof BodyTooLargeError && cap < limit) {
        await checkRoom(this.db, this.profileId, Infinity);
      }
      throw err;
    }
    return await this.#locked(() => this.#place(temp, size, path, true));
  }

  /** Takes the lock. */
  edit(
    path: string,
    search: string,
    replace: string,
    opts: { all?: boolean } = {},
  ): Promise<{ replacements: number; entry: TreeEntry }> {
    return this.#locked(async () => {
      const { path: abs, rel } = await confineForChange(this.root, path);
      const info = await lstatOrNull(abs);
      if (!info) throw fileNotFound(rel);
      if (info.isSymlink) throw pathIsLink(rel);
      if (!info.isFile) throw notAFile(rel);
      if (info.size > WORKSPACE_LIMITS.fileBytes) {
        throw fileTooLarge(formatSize(WORKSPACE_LIMITS.fileBytes, "en"));
      }
      if (!search) throw noMatch(rel);
      const text = decodeText(await Deno.readFile(abs), rel, false);
      const count = text.split(search).length - 1;
      if (count === 0) throw noMatch(rel);
      if (count > 1 && !opts.all) throw ambiguousMatch(rel, count);
      const next = text.split(search).join(replace);
      const bytes = new TextEncoder().encode(next);
      const temp = await this.#temp();
      await Deno.writeFile(temp, bytes, { createNew: true, mode: 0o600 });
      const entry = await this.#place(temp, bytes.byteLength, rel, true);
      return { replacements: count, entry };
    });
  }

  /** Removes a file, a link (never its target) or, with `recursive`, a folder. Takes the lock. */
  remove(path: string, opts: { recursive?: boolean } = {}): Promise<void> {
    return this.#locked(async () => {
      const { path: abs, rel } = await confineForChange(this.root, path);
      const info = await lstatOrNull(abs);
      if (!info) throw fileNotFound(rel);
      let freed = { bytes: info.size, files: 1 };
      if (info.isDirectory) {
        freed = await countTree(abs);
        let empty = true;
        for await (const _ of Deno.readDir(abs)) {
          empty = false;
          break;
        }
        if (!empty && !opts.recursive) throw folderNotEmpty(rel);
      }
      await Deno.remove(abs, { recursive: info.isDirectory });
      await addUsage(this.db, this.profileId, this.conversationId, {
        bytes: -freed.bytes,
        files: -freed.files,
      });
    });
  }

  /** Renames a file, folder or link (the link itself); never over something. Takes the lock. */
  move(from: string, to: string): Promise<TreeEntry> {
    return this.#locked(async () => {
      const src = await confineForChange(this.root, from);
      const dst = await confineForChange(this.root, to);
      const info = await lstatOrNull(src.path);
      if (!info) throw fileNotFound(src.rel);
      if (await lstatOrNull(dst.path)) throw fileExists(dst.rel);
      if (info.isDirectory && isInside(src.path, dst.path)) throw moveIntoItself(src.rel);
      await makeParents(dst.parent, dst.rel);
      await Deno.rename(src.path, dst.path);
      return await entryOf(this.root, dst.path, dst.rel);
    });
  }

  /** Makes a folder (and its parents); an existing folder is fine. Takes the lock. */
  mkdir(path: string): Promise<TreeEntry> {
    return this.#locked(async () => {
      const { path: abs, rel } = await confineForChange(this.root, path);
      const info = await lstatOrNull(abs);
      if (info && !info.isDirectory) throw fileExists(rel);
      if (!info) {
        await this.#checkEntries();
        await makeParents(abs, `${rel}/x`);
      }
      return await entryOf(this.root, abs, rel);
    });
  }

  /** Takes the lock (a regex search runs in a worker with a deadline). */
  search(
    query: string,
    opts: { path?: string; regex?: boolean; limit?: number } = {},
  ): Promise<{ matches: Match[]; truncated: boolean }> {
    return this.#locked(async () => {
      const rel = normalizeRelative(opts.path ?? "");
      const abs = await confine(this.root, rel);
      if (!await lstatOrNull(abs)) throw fileNotFound(rel);
      return await searchFiles(abs, rel, query, {
        regex: opts.regex ?? false,
        limit: Math.min(opts.limit ?? 100, 1000),
      });
    });
  }

  usage(): Promise<{ bytes: number; files: number }> {
    return workspaceUsage(this.db, this.profileId, this.conversationId);
  }

  /** Recounts from the disk. Does NOT take the lock (a command's tool calls it holding it). */
  async rescan(): Promise<void> {
    // Counting follows no link, the root included (a command may have replaced it).
    await confine(this.root, "");
    await setUsage(this.db, this.profileId, this.conversationId, await countTree(this.root));
  }
}

/** 500: the workspace's folder is not where Hearth put it. */
const dirOutside = () =>
  new HttpError(
    500,
    "workspace_dir_outside",
    "The workspace folder is not inside Hearth's data folder.",
  );

/**
 * The profile's workspace of `conversationId`: 404 for a conversation that is not the
 * profile's; makes the folder (0700), the store folder and the row when missing, and checks the
 * folder really is inside the data folder.
 */
export async function openWorkspace(
  deps: { db: Db; paths: Pick<HearthPaths, "dataDir"> },
  profileId: string,
  conversationId: string,
): Promise<Workspace> {
  await ensureWorkspaceRow(deps.db.kysely, profileId, conversationId);
  const dir = workspaceDir(deps.paths, conversationId);
  const store = workspaceStoreDir(deps.paths, conversationId);
  // A folder a command replaced with a link is not followed (not even to tighten its mode).
  for (const path of [dir, store]) if ((await lstatOrNull(path))?.isSymlink) throw dirOutside();
  await Promise.all([privateDir(dir), privateDir(store)]);
  const [data, root, storeReal] = await Promise.all([
    Deno.realPath(deps.paths.dataDir),
    Deno.realPath(dir),
    Deno.realPath(store),
  ]);
  if (!isInside(`${data}/workspaces`, root) || !isInside(`${data}/workspace-store`, storeReal)) {
    throw dirOutside();
  }
  return new Workspace(deps.db.kysely, profileId, conversationId, root, storeReal);
}

/**
 * Removes a conversation's workspace and its store from the disk (their row goes with the
 * conversation's). Takes the lock, so a command still finishing is not pulled from under.
 */
export async function deleteWorkspace(
  paths: Pick<HearthPaths, "dataDir">,
  conversationId: string,
): Promise<void> {
  await withWorkspaceLock(conversationId, async () => {
    for (
      const dir of [workspaceDir(paths, conversationId), workspaceStoreDir(paths, conversationId)]
    ) {
      // A recursive remove deletes links, never what they point to.
      await Deno.remove(dir, { recursive: true }).catch((err) => {
        if (!(err instanceof Deno.errors.NotFound)) throw err;
      });
    }
  });
}

/** The conversations of `profileId` that have a workspace (to remove with the profile). */
export async function profileWorkspaceIds(db: Db, profileId: string): Promise<string[]> {
  const rows = await db.kysely.selectFrom("workspaces").select("conversation_id")
    .where("profile_id", "=", profileId).execute();
  return rows.map((r) => r.conversation_id);
}

/**
 * At start: removes workspace and store folders without a row (their conversation was deleted
 * while a removal failed, or the box stopped in between) and every store's temp files (nothing
 * is writing yet). Answers how many folders and temp files went.
 */
export async function sweepWorkspaces(
  db: Db,
  paths: Pick<HearthPaths, "dataDir">,
): Promise<{ folders: number; temps: number }> {
  const rows = await db.kysely.selectFrom("workspaces").select("conversation_id").execute();
  const live = new Set(rows.map((r) => r.conversation_id));
  let folders = 0;
  let temps = 0;
  for (const base of [workspacesDir(paths), workspaceStoresDir(paths)]) {
    let names: string[];
    try {
      names = (await Array.fromAsync(Deno.readDir(base))).map((e) => e.name);
    } catch (err) {
      if (err instanceof Deno.errors.NotFound) continue;
      throw err;
    }
    for (const name of names) {
      if (!live.has(name)) {
        await Deno.remove(`${base}/${name}`, { recursive: true });
        folders++;
      } else if (base === workspaceStoresDir(paths)) {
        temps += await removeTemps(`${base}/${name}/tmp`);
      }
    }
  }
  return { folders, temps };
}

async function removeTemps(dir: string): Promise<number> {
  let removed = 0;
  try {
    for await (const e of Deno.readDir(dir)) {
      await Deno.remove(`${dir}/${e.name}`, { recursive: true });
      removed++;
    }
  } catch (err) {
    if (!(err instanceof Deno.errors.NotFound)) throw err;
  }
  return removed;
}
