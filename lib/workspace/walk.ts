/**
 * Reading a workspace without following links out of it: entries as the API shows them, text
 * decoding (binary refused), the bounded tree walk and the bounded search. Callers have confined
 * the starting path; the walk never descends into a link, so nothing below it can lead out.
 */
import type { TreeEntry } from "./types.ts";
import { notText } from "./errors.ts";
import { isInside } from "./confine.ts";
import { readAt } from "../documents/sniff.ts";

/** A file's or folder's entry; a link shows as what it points to when that is inside the root. */
export async function entryOf(
  rootReal: string,
  abs: string,
  rel: string,
  info?: Deno.FileInfo,
): Promise<TreeEntry> {
  let seen = info ?? await Deno.lstat(abs);
  if (seen.isSymlink) {
    try {
      const real = await Deno.realPath(abs);
      if (isInside(rootReal, real)) seen = await Deno.stat(real);
    } catch { /* dangling: shown as a small file, so it can be deleted */ }
  }
  return {
    path: rel,
    kind: seen.isDirectory ? "dir" : "file",
    size: seen.isDirectory ? 0 : seen.size,
    modifiedAt: (seen.mtime ?? new Date(0)).toISOString(),
  };
}

/** `rel` joined under `base` ("" is the root). */
export const joinRel = (base: string, name: string) => base ? `${base}/${name}` : name;

/**
 * The entries below folder `abs` (`rel` in the workspace), breadth first, not into links: only
 * its own with `recursive` false. Sorted by path; at most `limit` (`truncated` says more exist).
 */
export async function listTree(
  rootReal: string,
  abs: string,
  rel: string,
  opts: { recursive: boolean; limit: number },
): Promise<{ entries: TreeEntry[]; truncated: boolean }> {
  const entries: TreeEntry[] = [];
  const queue: [string, string][] = [[abs, rel]];
  let truncated = false;
  while (queue.length && !truncated) {
    const [dir, dirRel] = queue.shift()!;
    const names: string[] = [];
    for await (const e of Deno.readDir(dir)) names.push(e.name);
    names.sort();
    for (const name of names) {
      if (entries.length >= opts.limit) {
        truncated = true;
        break;
      }
      const path = `${dir}/${name}`;
      const info = await Deno.lstat(path).catch(() => null);
      if (!info) continue;
      const entry = await entryOf(rootReal, path, joinRel(dirRel, name), info);
      entries.push(entry);
      if (opts.recursive && info.isDirectory) queue.push([path, entry.path]);
    }
  }
  entries.sort((a, b) => a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
  return { entries, truncated };
}

/**
 * `bytes` as UTF-8 text; 415 `not_text` for a NUL byte or invalid UTF-8. `cut` says the bytes
 * stop mid-file, so a character split at the end is dropped rather than refused.
 */
export function decodeText(bytes: Uint8Array, path: string, cut: boolean): string {
  if (bytes.includes(0)) throw notText(path);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes, { stream: cut });
  } catch {
    throw notText(path);
  }
}

/** Reads at most `max` bytes of the file at `abs`; answers them, the size and whether cut. */
export async function readHead(
  abs: string,
  max: number,
): Promise<{ bytes: Uint8Array; size: number; truncated: boolean }> {
  using file = await Deno.open(abs, { read: true });
  const { size } = await file.stat();
  const bytes = await readAt(file, 0, Math.min(size, max));
  return { bytes, size, truncated: size > bytes.length };
}

/** A line matched by `search`. */
export interface Match {
  path: string;
  line: number;
  text: string;
}

/** Search bounds: files larger than this are skipped, lines shown cut to this, time spent. */
export const SEARCH_FILE_BYTES = 1024 * 1024;
export const SEARCH_LINE_CHARS = 300;
export const SEARCH_MS = 3_000;

/**
 * Lines matching `test` in the text files below `abs` (not into links, binary files and files
 * over `SEARCH_FILE_BYTES` skipped), at most `limit` matches and `SEARCH_MS` of time.
 */
export async function searchTree(
  abs: string,
  rel: string,
  test: (line: string) => boolean,
  limit: number,
  now = () => performance.now(),
): Promise<{ matches: Match[]; truncated: boolean }> {
  const started = now();
  const matches: Match[] = [];
  const info = await Deno.lstat(abs);
  const files: [string, string][] = [];
  if (info.isFile) files.push([abs, rel]);
  else if (info.isDirectory) {
    const stack: [string, string][] = [[abs, rel]];
    while (stack.length) {
      const [dir, dirRel] = stack.pop()!;
      for await (const e of Deno.readDir(dir)) {
        const item: [string, string] = [`${dir}/${e.name}`, joinRel(dirRel, e.name)];
        if (e.isDirectory) stack.push(item);
        else if (e.isFile) files.push(item);
      }
    }
  }
  files.sort((a, b) => a[1] < b[1] ? -1 : 1);
  for (const [path, pathRel] of files) {
    if (now() - started > SEARCH_MS) return { matches, truncated: true };
    const head = await readHead(path, SEARCH_FILE_BYTES).catch(() => null);
    if (!head || head.truncated) continue;
    let text: string;
    try {
      text = decodeText(head.bytes, pathRel, false);
    } catch {
      continue;
    }
    const lines = text.split("\n");
    for (let i = 0; i < lines.length; i++) {
      if (!test(lines[i])) continue;
      if (matches.length >= limit) return { matches, truncated: true };
      matches.push({ path: pathRel, line: i + 1, text: lines[i].slice(0, SEARCH_LINE_CHARS) });
    }
  }
  return { matches, truncated: false };
}
