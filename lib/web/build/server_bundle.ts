/**
 * The server bundle (`deno task build`, after `_build/assets.gen.ts`): the server and the modules
 * it starts on their own, bundled by `deno bundle` (minified, code-split) into
 * `_build/server-<hash>/`, and `_build/hearth.js`, which imports this build's bundle. `deno task
 * start` runs `hearth.js`, as Fresh 2 runs `_fresh/server.js`: no TypeScript to strip and no
 * module graph of ~1,100 files to build at start, and a third less memory at idle.
 *
 * A build whose inputs (sources, assets, Deno's version) are those of the last keeps its bundle.
 * A bundle's folder is named by its contents, so two builds at once (tests) agree on one folder,
 * and a running server's later `import()`s find their chunks after a new build: the last
 * `KEEP` folders stay.
 */
import { bundledPath, OWN_ENTRIES, SERVER_DIR_PREFIX } from "../../process/modules.ts";
import { listFiles, replaceFile, sha256 } from "./files.ts";

/** The bundle's entry for the hearth command. */
export const SERVER_ENTRY = "lib/cli/bin.ts";
/** What `deno task start` runs, under `_build/`. */
export const LAUNCHER = "hearth.js";
/**
 * The V8 flags every run of the server passes: `deno task start`, `demo`, `dev` and `compile`,
 * the build's warm-up below, the tests and the benchmarks. `--expose-gc` lets the server give
 * memory back when it goes quiet (lib/system/idle_gc.ts). V8 refuses a code cache written under
 * other flags, and a start that rewrites it holds ~10 MiB more: so one constant, which
 * `tests/server_bundle_test.ts` holds `deno.json` to.
 */
export const SERVER_V8_FLAGS = "--v8-flags=--expose-gc";
/**
 * How `deno run` runs the bundle, before its permissions: with these flags and without reading
 * `deno.json` and `deno.lock`, which a bundle does not need (1.5 MiB less at idle).
 */
export const BUNDLE_RUN_FLAGS = ["--no-config", SERVER_V8_FLAGS] as const;
/** Server bundles kept besides the newest: a server started from one still loads its chunks. */
const KEEP = 3;
const TMP_PREFIX = "tmp-server-";
/** A temporary folder older than this is left from a build that died: removed. */
const STALE_TMP_MS = 10 * 60_000;

const ENTRIES = [SERVER_ENTRY, ...OWN_ENTRIES];

/** The folders and files a server bundle is made of (its tests are not). */
const SOURCES = ["lib", "routes", "components", "islands"];
const SOURCE_FILES = ["main.ts", "utils.ts", "routes.gen.ts", "deno.json", "deno.lock"];

/**
 * A hash of everything a server bundle is made of: the sources, the generated assets module and
 * Deno's version (~1,100 files, tens of milliseconds).
 */
async function inputsHash(root: string, buildDir: string): Promise<string> {
  const files: string[] = [];
  for (const dir of SOURCES) {
    for (const f of await listFiles(`${root}/${dir}`)) {
      if (/\.tsx?$/.test(f) && !/_test\.tsx?$/.test(f)) files.push(`${dir}/${f}`);
    }
  }
  files.push(...SOURCE_FILES);
  const parts = [Deno.version.deno];
  for (const f of files) parts.push(f, await Deno.readTextFile(`${root}/${f}`).catch(() => ""));
  parts.push(await Deno.readTextFile(`${buildDir}/assets.gen.ts`).catch(() => ""));
  return (await sha256(parts.join("\0"))).slice(0, 16);
}

/**
 * Runs the new bundle's `entry` once (`hearth help`, which loads all of it), so the build fails on a bundle
 * that does not load, and Deno's V8 code cache is written now: a server that starts without it
 * writes it itself and holds ~70 MiB more for its first half minute or more (163 against 91 MiB).
 */
async function warm(root: string, entry: string): Promise<void> {
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["run", ...BUNDLE_RUN_FLAGS, "--allow-read", "--allow-env", entry, "help"],
    cwd: root,
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (code !== 0) {
    const said = new TextDecoder().decode(stderr) || new TextDecoder().decode(stdout);
    throw new Error(`the server bundle does not run (hearth help):\n${said}`);
  }
}

/** Removes bundles beyond the `KEEP` newest besides `current`, and dead builds' temporary folders. */
async function prune(buildDir: string, current: string): Promise<void> {
  const bundles: { name: string; at: number }[] = [];
  for await (const entry of Deno.readDir(buildDir)) {
    if (!entry.isDirectory) continue;
    const path = `${buildDir}/${entry.name}`;
    const at = (await Deno.stat(path).catch(() => null))?.mtime?.getTime() ?? 0;
    if (entry.name.startsWith(TMP_PREFIX) && Date.now() - at > STALE_TMP_MS) {
      await Deno.remove(path, { recursive: true }).catch(() => {});
    } else if (entry.name.startsWith(SERVER_DIR_PREFIX) && entry.name !== current) {
      bundles.push({ name: entry.name, at });
    }
  }
  bundles.sort((a, b) => b.at - a.at);
  for (const old of bundles.slice(KEEP)) {
    await Deno.remove(`${buildDir}/${old.name}`, { recursive: true }).catch(() => {});
  }
}

/** The folder of the bundle `hearth.js` runs, if it was made from `inputs` and is there. */
async function bundleOf(buildDir: string, inputs: string): Promise<string | null> {
  const launcher = await Deno.readTextFile(`${buildDir}/${LAUNCHER}`).catch(() => "");
  const name = new RegExp(`inputs ${inputs}\n.*"\\./(${SERVER_DIR_PREFIX}[0-9a-f]+)/`).exec(
    launcher,
  )?.[1];
  if (!name) return null;
  return (await Deno.stat(`${buildDir}/${name}`).catch(() => null))?.isDirectory ? name : null;
}

/**
 * Whether `_build/hearth.js` runs a bundle of the sources as they are now; false after a change
 * without `deno task build` (the test helpers build then).
 */
export async function serverBundleIsCurrent(root: string): Promise<boolean> {
  const buildDir = `${root}/_build`;
  return await bundleOf(buildDir, await inputsHash(root, buildDir)) !== null;
}

/** Bundles the server of the project at `root` into `buildDir`; returns the bundle's folder name. */
export async function bundleServer(root: string, buildDir: string): Promise<string> {
  // Nothing the bundle is made of changed: the last one stands (a start's build stays ~1 s).
  const inputs = await inputsHash(root, buildDir);
  const last = await bundleOf(buildDir, inputs);
  if (last) return last;
  const tmp = await Deno.makeTempDir({ dir: buildDir, prefix: TMP_PREFIX });
  try {
    const { code, stderr } = await new Deno.Command(Deno.execPath(), {
      args: [
        "bundle",
        "--quiet",
        "--platform",
        "deno",
        "--minify",
        "--code-splitting",
        "--outdir",
        tmp,
        ...ENTRIES,
      ],
      cwd: root,
      stdout: "null",
      stderr: "piped",
    }).output();
    if (code !== 0) {
      throw new Error(`deno bundle (server) failed:\n${new TextDecoder().decode(stderr)}`);
    }
    const files = await listFiles(tmp);
    for (const out of ENTRIES.map(bundledPath)) {
      if (!files.includes(out)) throw new Error(`the server bundle has no ${out}`);
    }
    const texts: string[] = [];
    for (const f of files) {
      const text = lazyRequire(latin1Source(await Deno.readTextFile(`${tmp}/${f}`)));
      await Deno.writeTextFile(`${tmp}/${f}`, text);
      texts.push(`${f}\0${text}`);
    }
    const name = SERVER_DIR_PREFIX +
      (await sha256(texts.join("\0"))).slice(0, 16);
    const dir = `${buildDir}/${name}`;
    try {
      await Deno.rename(tmp, dir);
    } catch (err) {
      // Another build wrote the same bundle first: keep its folder, newly dated.
      if (!(await Deno.stat(dir).catch(() => null))?.isDirectory) throw err;
      const now = new Date();
      await Deno.utime(dir, now, now);
    }
    // Run before the launcher names it: a bundle that does not load is never the one started,
    // nor taken later as the build of these inputs.
    const entry = `${name}/${bundledPath(SERVER_ENTRY)}`;
    await warm(root, `${buildDir}/${entry}`);
    await replaceFile(
      `${buildDir}/${LAUNCHER}`,
      [
        "// Generated by `deno task build`: runs this build's server bundle. Do not edit.",
        `// inputs ${inputs}`,
        `import "./${entry}";`,
        "",
      ].join("\n"),
    );
    await prune(buildDir, name);
    return name;
  } finally {
    await Deno.remove(tmp, { recursive: true }).catch(() => {});
  }
}

/**
 * `code` with every character above U+00FF written as a `\u` escape (a pair for one above
 * U+FFFF). V8 keeps a module's source for as long as it runs, in one byte per character only when
 * every character fits in one: one "“" made the 1.7 MB main chunk 3.4 MB of memory. The escape
 * means the same in a string, a template, a regular expression (with or without `u`) and an
 * identifier; after an odd run of backslashes (an identity escape, `\“`) it replaces that
 * backslash. Bundles have no `String.raw`, whose raw text would see the difference.
 */
export function latin1Source(code: string): string {
  let out = "";
  let from = 0;
  for (let i = 0; i < code.length; i++) {
    const unit = code.charCodeAt(i);
    if (unit <= 0xff) continue;
    let slashes = 0;
    while (i - 1 - slashes >= from && code.charCodeAt(i - 1 - slashes) === 0x5c) slashes++;
    out += code.slice(from, slashes % 2 ? i - 1 : i) + `\\u${unit.toString(16).padStart(4, "0")}`;
    from = i + 1;
  }
  return out + code.slice(from);
}

/** deno bundle's `require` for CommonJS code, made as its shared runtime chunk loads. */
const EAGER_REQUIRE =
  /import\{createRequire as __deno_internal_createRequire\} from "node:module";var ([\w$]+)=__deno_internal_createRequire\(import\.meta\.url\);/;

/**
 * `code` with deno bundle's CommonJS `require` made on its first call. The runtime chunk every
 * chunk shares made it at start with `node:module`, which loads Deno's Node layer (lib/hash.ts)
 * for two callers: linkedom's optional `canvas` and mammoth in the
 * extraction worker. `process.getBuiltinModule` reaches `node:module` without an import.
 */
export function lazyRequire(code: string): string {
  return code.replace(
    EAGER_REQUIRE,
    (_, name) =>
      `var __hearth_require,${name}=(id)=>(__hearth_require??=globalThis.process.getBuiltinModule("node:module").createRequire(import.meta.url))(id);`,
  );
}
