/**
 * Keeping every path inside its workspace (SPEC §10). Two steps:
 *
 * 1. `normalizeRelative` is lexical: the path a tool, a route or a person gave is taken apart
 *    on `/`; `..` anywhere, an absolute path, NUL and other control characters and backslashes
 *    are refused, empty and `.` segments are folded, and names, the whole path and its depth
 *    are bounded (WORKSPACE_LIMITS). The answer never holds `..`, so a join cannot climb.
 * 2. `confine` walks the real file system one component at a time with `lstat`. A component
 *    that is a symbolic link (made by a command, say) is resolved with `realPath` and must land
 *    inside the root's own real path, compared per component: `/ws/abc-x` is NOT inside
 *    `/ws/abc` (the sibling-prefix bug a plain `startsWith(root)` has). The walk then goes on
 *    from the link's real target, so a link to a link is checked again at each step.
 *
 * The policy on links: reading may go through a link whose target stays inside (`confine`);
 * a change never does (`confineForChange`): every folder on the way must be a real folder, and
 * the last component is answered as-is (not followed), so a write or an edit of a link is
 * refused by the Workspace, and a delete or a move acts on the link itself, never its target.
 * Hearth's own changes run under the workspace lock, as commands do, so a component checked
 * here is not swapped for a link before it is used.
 */
import { badPath, notAFolder, pathIsLink, pathOutside } from "./errors.ts";
import { WORKSPACE_LIMITS } from "./types.ts";

const encoder = new TextEncoder();

// C0 controls, DEL, and the C1 controls.
// deno-lint-ignore no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * The workspace-relative form of `path` ("" is the root): `/`-separated, no leading `/`, no
 * empty, `.` or `..` segment. Throws 400 `path_outside` for `..` or an absolute path, 400
 * `bad_path` for anything else unusable.
 */
export function normalizeRelative(path: string): string {
  if (typeof path !== "string") throw badPath("not text");
  if (CONTROL.test(path)) throw badPath("control characters");
  if (path.includes("\\")) throw badPath("backslashes");
  if (path.startsWith("/") || /^[A-Za-z]:/.test(path)) throw pathOutside();
  if (encoder.encode(path).byteLength > WORKSPACE_LIMITS.pathBytes) throw badPath("too long");
  const parts: string[] = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") throw pathOutside();
    if (encoder.encode(part).byteLength > WORKSPACE_LIMITS.nameBytes) {
      throw badPath("a name is too long");
    }
    parts.push(part);
  }
  if (parts.length > WORKSPACE_LIMITS.depth) throw badPath("too deep");
  return parts.join("/");
}

/** `path` is `root` or below it, compared by whole components. */
export function isInside(root: string, path: string): boolean {
  const base = root.endsWith("/") ? root : `${root}/`;
  return path === root || path.startsWith(base);
}

/** `Deno.lstat`, or null when nothing is there. */
export async function lstatOrNull(path: string): Promise<Deno.FileInfo | null> {
  try {
    return await Deno.lstat(path);
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return null;
    throw err;
  }
}

/** The real path of `link`, which must lie inside `rootReal` (a dangling link counts as outside). */
async function followInside(rootReal: string, link: string): Promise<string> {
  let real: string;
  try {
    real = await Deno.realPath(link);
  } catch (err) {
    // A dangling or looping link: nothing inside to answer.
    if (err instanceof Deno.errors.NotFound || err instanceof Deno.errors.FilesystemLoop) {
      throw pathOutside();
    }
    throw err;
  }
  if (!isInside(rootReal, real)) throw pathOutside();
  return real;
}

/**
 * The root's real path. The root itself must be a real folder, not a link: a command that
 * replaced the workspace folder with a link to `/` must not make everything "inside".
 */
async function realRoot(root: string): Promise<string> {
  const info = await lstatOrNull(root);
  if (!info || info.isSymlink || !info.isDirectory) throw pathOutside();
  return await Deno.realPath(root);
}

/**
 * The absolute path of workspace-relative `rel` under `root`, for reading: links on the way are
 * followed when they stay inside the root's real path, else 400 `path_outside`. The path need
 * not exist (the components past the first missing one are joined as they are).
 */
export async function confine(root: string, rel: string): Promise<string> {
  const parts = normalizeRelative(rel);
  const rootReal = await realRoot(root);
  let at = rootReal;
  if (!parts) return at;
  const names = parts.split("/");
  for (let i = 0; i < names.length; i++) {
    const next = `${at}/${names[i]}`;
    const info = await lstatOrNull(next);
    if (!info) return [next, ...names.slice(i + 1)].join("/");
    at = info.isSymlink ? await followInside(rootReal, next) : next;
    if (i < names.length - 1 && !info.isSymlink && !info.isDirectory) {
      throw notAFolder(names.slice(0, i + 1).join("/"));
    }
  }
  return at;
}

/**
 * The absolute path of `rel` for a change: every folder on the way must be a real folder (a link
 * there is 400 `path_is_link`), and the last component is not followed, so the caller sees a
 * link as the link (`Deno.lstat`); a folder link pointing outside is 400 `path_outside`. Answers the path and its parent's.
 */
export async function confineForChange(
  root: string,
  rel: string,
): Promise<{ path: string; parent: string; rel: string }> {
  const parts = normalizeRelative(rel);
  if (!parts) throw badPath("the workspace itself");
  const rootReal = await realRoot(root);
  const names = parts.split("/");
  let at = rootReal;
  for (let i = 0; i < names.length - 1; i++) {
    at = `${at}/${names[i]}`;
    const info = await lstatOrNull(at);
    if (!info) {
      // Missing from here on: no link can be below a missing folder.
      at = [at, ...names.slice(i + 1, -1)].join("/");
      break;
    }
    if (info.isSymlink) {
      // Out of the workspace is an escape (`path_outside`); inside, still not through a link.
      await followInside(rootReal, at);
      throw pathIsLink(names.slice(0, i + 1).join("/"));
    }
    if (!info.isDirectory) throw notAFolder(names.slice(0, i + 1).join("/"));
  }
  return { path: `${at}/${names.at(-1)}`, parent: at, rel: parts };
}
