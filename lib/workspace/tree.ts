/**
 * Walking a workspace as it is on disk, for snapshots and zips: every folder, file and link
 * under the root with its `lstat` (links are never followed, other kinds such as sockets and
 * pipes are left out), and a small pool that runs file work a few at a time, since each file
 * operation is a trip to Deno's blocking thread pool.
 */
import { HttpError } from "../http/errors.ts";
import { WORKSPACE_LIMITS } from "./types.ts";

/** One entry of a walked tree; `path` is relative, `/`-separated. */
export interface WalkedEntry {
  path: string;
  kind: "file" | "dir" | "link";
  info: Deno.FileInfo;
}

/** How many file operations run at once (8 measured best on a 2-core box: more contend for the folder). */
export const FILE_CONCURRENCY = 8;

/** Runs `fn` over `items`, at most `limit` at a time; answers the results in order. */
export async function mapPool<T, R>(
  items: readonly T[],
  fn: (item: T, index: number) => Promise<R>,
  limit = FILE_CONCURRENCY,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** 413 `workspace_too_many_files`: more entries than a workspace may hold. */
export function tooManyFiles(): HttpError {
  const max = WORKSPACE_LIMITS.entries;
  return new HttpError(
    413,
    "workspace_too_many_files",
    `The workspace holds more than ${max} files and folders.`,
    {},
    { max },
  );
}

/**
 * Every folder, file and link under `root` (not the root itself), parents before their
 * children, sorted by path; past `maxEntries` it throws `workspace_too_many_files`.
 */
export async function walkTree(
  root: string,
  maxEntries: number = WORKSPACE_LIMITS.entries,
): Promise<WalkedEntry[]> {
  const found: { path: string; kind: WalkedEntry["kind"] }[] = [];
  const dirs = [""];
  while (dirs.length) {
    const rel = dirs.pop()!;
    for await (const entry of Deno.readDir(rel ? `${root}/${rel}` : root)) {
      const path = rel ? `${rel}/${entry.name}` : entry.name;
      const kind = entry.isSymlink
        ? "link"
        : entry.isDirectory
        ? "dir"
        : entry.isFile
        ? "file"
        : null;
      if (!kind) continue;
      if (found.length >= maxEntries) throw tooManyFiles();
      found.push({ path, kind });
      if (kind === "dir") dirs.push(path);
    }
  }
  found.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const infos = await mapPool(found, (e) => Deno.lstat(`${root}/${e.path}`));
  return found.map((e, i) => ({ ...e, info: infos[i] }));
}
