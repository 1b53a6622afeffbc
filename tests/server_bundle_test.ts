/**
 * The server bundle `deno task build` writes (what `deno task start` runs, `_build/hearth.js`):
 * the modules the server starts on their own are in it, where `moduleUrl` looks for them, and
 * each runs from there and answers as its caller expects: the extraction child (a `deno run`
 * without the project's config), the chunking worker and the workspace search worker. The
 * server itself runs from the bundle in the CLI, streaming and browser suites.
 */
import assert from "node:assert/strict";
import { Worker } from "node:worker_threads";
import { ensureBuilt, ROOT } from "./helpers/server.ts";
import { moduleUrl, OWN_ENTRIES, SERVER_DIR_PREFIX } from "../lib/process/modules.ts";
import { BUNDLE_RUN_FLAGS, SERVER_V8_FLAGS } from "../lib/web/build/server_bundle.ts";
import { buildDocx, buildPdf, wordParagraph } from "../lib/documents/extract/testing.ts";
import { DEFAULT_LIMITS } from "../lib/documents/extract/limits.ts";

/** A module URL inside the bundle `_build/hearth.js` runs, as the bundled code computes it. */
async function bundled(entry: (typeof OWN_ENTRIES)[number]): Promise<URL> {
  // What `import.meta.url` is in one of the bundle's chunks.
  return moduleUrl(entry, `file://${await bundleDir()}/chunk-TEST.js`);
}

function inWorker<T>(url: URL, workerData: unknown, done: (msg: T) => boolean): Promise<T> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(url, { workerData });
    worker.on("message", (msg: T) => {
      if (!done(msg)) return;
      void worker.terminate();
      resolve(msg);
    });
    worker.once("error", reject);
  });
}

/** The folder of the bundle `_build/hearth.js` runs. */
async function bundleDir(): Promise<string> {
  await ensureBuilt();
  const launcher = await Deno.readTextFile(`${ROOT}/_build/hearth.js`);
  const dir = new RegExp(`"\\./(${SERVER_DIR_PREFIX}[0-9a-f]+)/`).exec(launcher)?.[1];
  assert.ok(dir, launcher);
  return `${ROOT}/_build/${dir}`;
}

Deno.test("server bundle - the server's start loads no node:* module but node:sqlite", async () => {
  // Any other loads Deno's Node layer: ~10 MiB of idle memory (lib/hash.ts). Static imports
  // only: a dynamic `import("node:…")` loads with the feature that needs it.
  const dir = await bundleDir();
  const statics = /import\s*(?:[\w$*{][^"`;()]*?from\s*)?"([^"]+)"/g;
  const seen = new Set<string>();
  const nodes = new Map<string, string>();
  const queue = [`${dir}/cli/bin.js`];
  while (queue.length) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const code = await Deno.readTextFile(file);
    for (const [, spec] of code.matchAll(statics)) {
      if (spec.startsWith("node:")) nodes.set(spec, file.slice(dir.length + 1));
      else if (spec.startsWith(".")) {
        const path = new URL(spec, `file://${file}`).pathname;
        // Islands' code is embedded as strings that look like imports: only real files count.
        if (await Deno.stat(path).then((s) => s.isFile, () => false)) queue.push(path);
      }
    }
  }
  assert.ok(seen.size > 3, `the closure of cli/bin.js was read (${seen.size} files)`);
  assert.deepEqual([...nodes.keys()], ["node:sqlite"], JSON.stringify(Object.fromEntries(nodes)));
});

Deno.test("server bundle - deno.json runs it with the build's flags", async () => {
  // V8 refuses a code cache written under other flags: the build's warm-up, the tests and the
  // benchmarks use BUNDLE_RUN_FLAGS, and so must the tasks people run.
  const { tasks } = JSON.parse(await Deno.readTextFile(`${ROOT}/deno.json`));
  const command = (name: string): string => tasks[name].command ?? tasks[name];
  for (const name of ["start", "demo"]) {
    const run = /deno run (.*) _build\/hearth\.js start$/.exec(command(name));
    assert.ok(run, command(name));
    const flags = run[1].split(/\s+/).filter((f) => !f.startsWith("--allow-"));
    assert.deepEqual(flags, [...BUNDLE_RUN_FLAGS], name);
  }
  // A compiled binary carries its V8 flags.
  assert.ok(command("compile").startsWith(`deno compile ${SERVER_V8_FLAGS} `), command("compile"));
});

Deno.test("server bundle - every module started on its own is in it", async () => {
  for (const entry of OWN_ENTRIES) {
    const url = await bundled(entry);
    assert.ok((await Deno.stat(url)).isFile, url.href);
  }
});

Deno.test("server bundle - the extraction child reads a docx and a PDF without the config", async () => {
  const dir = await Deno.makeTempDir({ prefix: "hearth-bundle-" });
  try {
    const files: [string, Uint8Array, RegExp][] = [
      ["a.docx", buildDocx([wordParagraph("Bundled words")]), /Bundled words/],
      ["b.pdf", buildPdf([["Bundled page"]]), /Bundled page/],
    ];
    for (const [name, bytes, expected] of files) {
      const file = `${dir}/${name}`;
      await Deno.writeFile(file, bytes);
      // The arguments process.ts gives the child.
      const out = await new Deno.Command(Deno.execPath(), {
        args: [
          "run",
          "--quiet",
          "--no-prompt",
          "--unsafe-proto",
          "--no-config",
          `--allow-read=${file}`,
          (await bundled("lib/documents/extract/child.ts")).pathname,
          file,
          name.endsWith(".pdf") ? "pdf" : "docx",
          name,
          JSON.stringify(DEFAULT_LIMITS),
        ],
        cwd: dir,
        clearEnv: true,
        env: { HOME: Deno.env.get("HOME") ?? dir, NO_COLOR: "1" },
      }).output();
      const text = new TextDecoder().decode(out.stdout);
      assert.ok(out.success, new TextDecoder().decode(out.stderr));
      assert.equal(JSON.parse(text.slice(0, text.indexOf("\n"))).ok, true, text);
      assert.match(text, expected);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("server bundle - the chunking and search workers answer from it", async () => {
  const chunks = await inWorker<{ text: string }[]>(
    await bundled("lib/documents/ingest/chunk_worker.ts"),
    "# Title\n\nFirst paragraph.\n\n## Part\n\nSecond paragraph.",
    () => true,
  );
  assert.ok(chunks.length > 0 && chunks.some((c) => c.text.includes("Second paragraph")));

  const dir = await Deno.makeTempDir({ prefix: "hearth-bundle-" });
  try {
    await Deno.writeTextFile(`${dir}/notes.txt`, "one\nthe bundle works\nthree\n");
    const msg = await inWorker<{ found?: { matches: { line: number }[] } }>(
      await bundled("lib/workspace/search_worker.ts"),
      { abs: dir, rel: "", pattern: "bund+le", limit: 10 },
      (m) => m.found !== undefined,
    );
    assert.equal(msg.found?.matches.length, 1, JSON.stringify(msg));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
