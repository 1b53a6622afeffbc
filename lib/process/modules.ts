/**
 * Where a module that runs on its own (a worker thread, a child process) is found: `lib/x/y.ts`
 * in the source tree, or `x/y.js` in the server bundle `deno task build` writes to
 * `_build/server-<hash>/`, which bundles each of `OWN_ENTRIES` as its own entry point beside the
 * server's. `new URL("./y.ts", import.meta.url)` works only from the source tree: in the bundle,
 * `import.meta.url` is the chunk the caller was bundled into.
 */

/** The modules that are started on their own, as `moduleUrl` names them. */
export const OWN_ENTRIES = [
  "lib/workspace/search_worker.ts",
  "lib/documents/extract/worker.ts",
  "lib/documents/extract/child.ts",
  "lib/documents/ingest/chunk_worker.ts",
  "lib/db/checkpoint_worker.ts",
] as const;

export type OwnEntry = typeof OWN_ENTRIES[number];

/** The folder a server bundle is written to, under `_build/`: this prefix and a content hash. */
export const SERVER_DIR_PREFIX = "server-";

const BUNDLE_ROOT = new RegExp(`^(.*/${SERVER_DIR_PREFIX}[0-9a-f]+/)`);

/** The bundle's root when `here` is a module of a server bundle, else null (the source tree). */
export function bundleRoot(here: string): string | null {
  return here.endsWith(".js") ? BUNDLE_ROOT.exec(here)?.[1] ?? null : null;
}

/**
 * Where the bundle writes an entry (`lib/x/y.ts`): `x/y.js`. It keeps the entries' paths below
 * their common folder, which is `lib/` for all of them.
 */
export function bundledPath(entry: string): string {
  return entry.replace(/^lib\//, "").replace(/\.tsx?$/, ".js");
}

/** The URL of `entry` for code running from `here` (this module's own URL by default). */
export function moduleUrl(entry: OwnEntry, here: string = import.meta.url): URL {
  const root = bundleRoot(here);
  return root ? new URL(bundledPath(entry), root) : new URL(`../../${entry}`, here);
}

/** Whether this code runs from a server bundle, where the child needs no `deno.json`. */
export const BUNDLED = bundleRoot(import.meta.url) !== null;
