/**
 * `deno task build`: regenerates `routes.gen.ts`, bundles the islands for the browser with
 * `deno bundle` (minified, code-split), and writes `_build/assets.gen.ts`, a module that embeds
 * every bundle and every file of `static/`. The server imports that module statically, so it
 * never reads files from its own folder at run time and `deno compile` can include everything.
 * Last, the server itself is bundled (`server_bundle.ts`): `deno task start` runs that.
 */
import { getMimeType } from "hono/utils/mime";
import { islandName } from "../route_pattern.ts";
import { scanProject, writeManifest } from "./manifest.ts";
import { LOCALES } from "../../i18n/mod.ts";
import { serviceWorker, SW_PATH } from "./sw.ts";
import { manifestPath, webManifest } from "./webmanifest.ts";
import { bundleServer } from "./server_bundle.ts";

/** Where the browser loads bundles from; the build id in the path makes them immutable. */
export const JS_PREFIX = "/_hearth/js";
const BOOT_ENTRY = "lib/web/client/boot.ts";
/** What the offline page the worker precaches is rendered from, besides the bundled files. */
const OFFLINE_SOURCES = ["routes/offline.tsx", "routes/_app.tsx", "lib/i18n/messages/common.ts"];

async function sha256(data: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", data as Uint8Array<ArrayBuffer>);
  return new Uint8Array(digest).toHex();
}

async function listFiles(dir: string, base = ""): Promise<string[]> {
  const out: string[] = [];
  try {
    for await (const entry of Deno.readDir(dir)) {
      const rel = base ? `${base}/${entry.name}` : entry.name;
      if (entry.isDirectory) out.push(...await listFiles(`${dir}/${entry.name}`, rel));
      else if (entry.isFile) out.push(rel);
    }
  } catch (err) {
    if (!(err instanceof Deno.errors.NotFound)) throw err;
  }
  return out.sort();
}

function typeOf(path: string): string {
  return getMimeType(path) ?? "application/octet-stream";
}

function isText(type: string): boolean {
  return type.startsWith("text/") || type.includes("json") || type.includes("svg");
}

/** Bundles the islands and the boot script into `outDir`; throws with deno's output on failure. */
async function bundle(root: string, entries: string[], outDir: string): Promise<void> {
  const { code, stderr } = await new Deno.Command(Deno.execPath(), {
    args: [
      "bundle",
      "--quiet",
      "--platform",
      "browser",
      "--minify",
      "--code-splitting",
      "--outdir",
      outDir,
      ...entries,
    ],
    cwd: root,
    stdout: "null",
    stderr: "piped",
  }).output();
  if (code !== 0) {
    throw new Error(`deno bundle failed:\n${new TextDecoder().decode(stderr)}`);
  }
}

/** Runs the whole build for the project at `root`. Returns the build id. */
export async function build(root: string): Promise<string> {
  await writeManifest(root);
  const { islands } = await scanProject(root);
  const islandFiles = islands.map((p) => p.slice(2));
  const buildDir = `${root}/_build`;
  // A private folder per run, so two builds at once (a test starting the server while the
  // suite runs) never see each other's half-written files.
  await Deno.mkdir(buildDir, { recursive: true });
  const jsDir = await Deno.makeTempDir({ dir: buildDir, prefix: "js-" });
  await bundle(root, [BOOT_ENTRY, ...islandFiles], jsDir);

  const jsFiles = await listFiles(jsDir);
  const jsTexts = await Promise.all(jsFiles.map((f) => Deno.readTextFile(`${jsDir}/${f}`)));
  const buildId = (await sha256(
    new TextEncoder().encode(jsFiles.map((f, i) => `${f}\0${jsTexts[i]}`).join("\0")),
  )).slice(0, 12);
  const prefix = `${JS_PREFIX}/${buildId}/`;
  const jsOut = (entry: string) => prefix + entry.replace(/\.(tsx?|jsx?)$/, ".js");

  const staticEntries: string[] = [];
  const statics: { path: string; hash: string }[] = [];
  const addStatic = async (path: string, bytes: Uint8Array) => {
    const type = typeOf(path);
    const hash = (await sha256(bytes)).slice(0, 12);
    const body = isText(type)
      ? `text: ${JSON.stringify(new TextDecoder().decode(bytes))}`
      : `base64: ${JSON.stringify(bytes.toBase64())}`;
    staticEntries.push(
      `  ${JSON.stringify(path)}: { type: ${JSON.stringify(type)}, hash: ${
        JSON.stringify(hash)
      }, ${body} },`,
    );
    statics.push({ path, hash });
  };
  for (const rel of await listFiles(`${root}/static`)) {
    if ("/" + rel === SW_PATH) throw new Error(`static${SW_PATH} would hide the generated worker`);
    await addStatic("/" + rel, await Deno.readFile(`${root}/static/${rel}`));
  }
  for (const locale of LOCALES) {
    await addStatic(manifestPath(locale), new TextEncoder().encode(webManifest(locale)));
  }
  // The service worker, last: it precaches everything above, under a version hashed from it.
  const sw = await serviceWorker({
    scripts: jsFiles.map((f) => prefix + f),
    statics,
    sources: await Promise.all(OFFLINE_SOURCES.map((f) => Deno.readTextFile(`${root}/${f}`))),
  });
  await addStatic(SW_PATH, new TextEncoder().encode(sw.text));

  const source = [
    "// Generated by `deno task build`. Do not edit; not checked in.",
    "// Typed where it is imported (lib/web/build/assets.ts), so nothing imports back.",
    "",
    "const assets = {",
    `  buildId: ${JSON.stringify(buildId)},`,
    `  boot: ${JSON.stringify(jsOut(BOOT_ENTRY))},`,
    "  islands: {",
    ...islandFiles.map((f) => `    ${JSON.stringify(islandName(f))}: ${JSON.stringify(jsOut(f))},`),
    "  },",
    "  scripts: {",
    ...jsFiles.map((f, i) => `    ${JSON.stringify(prefix + f)}: ${JSON.stringify(jsTexts[i])},`),
    "  },",
    "  static: {",
    ...staticEntries,
    "  },",
    "};",
    "",
    "export default assets;",
    "",
  ].join("\n");
  await Deno.remove(jsDir, { recursive: true });
  const target = `${buildDir}/assets.gen.ts`;
  const old = await Deno.readTextFile(target).catch(() => "");
  if (old !== source) {
    // Rename over the old file, so a reader sees the old build or the new one, never half.
    const tmp = `${target}.${crypto.randomUUID().slice(0, 8)}.tmp`;
    await Deno.writeTextFile(tmp, source);
    await Deno.rename(tmp, target);
  }
  // The server imports the assets module, so its bundle comes after it.
  await bundleServer(root, buildDir);
  return buildId;
}

if (import.meta.main) {
  const root = new URL("../../..", import.meta.url).pathname.replace(/\/$/, "");
  const started = performance.now();
  const id = await build(root);
  console.log(`Built ${id} in ${Math.round(performance.now() - started)} ms`);
}
