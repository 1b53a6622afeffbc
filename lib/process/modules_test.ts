import assert from "node:assert/strict";
import { bundleRoot, moduleUrl, OWN_ENTRIES } from "./modules.ts";

Deno.test("moduleUrl - the source tree: each entry is a file beside its caller", async () => {
  for (const entry of OWN_ENTRIES) {
    const url = moduleUrl(entry);
    assert.ok(url.href.endsWith(`/${entry}`), url.href);
    assert.ok((await Deno.stat(url)).isFile, `${entry} exists`);
  }
});

Deno.test("moduleUrl - in a server bundle, from a chunk or from a nested entry", () => {
  const root = "file:///srv/hearth/_build/server-0a1b2c3d4e5f/";
  for (const here of [`${root}chunk-ABC123.js`, `${root}cli/bin.js`]) {
    assert.equal(bundleRoot(here), root);
    assert.equal(
      moduleUrl("lib/workspace/search_worker.ts", here).href,
      `${root}workspace/search_worker.js`,
    );
  }
  // A .js file outside a server folder is not a bundle.
  assert.equal(bundleRoot("file:///srv/hearth/_build/other/x.js"), null);
});

Deno.test("moduleUrl - `deno task compile` includes every worker (a compiled binary has no child)", async () => {
  const config = JSON.parse(await Deno.readTextFile(new URL("../../deno.json", import.meta.url)));
  const command: string = config.tasks.compile.command;
  for (const entry of OWN_ENTRIES.filter((e) => e !== "lib/documents/extract/child.ts")) {
    assert.ok(command.includes(`--include ${entry}`), `${entry} in: ${command}`);
  }
});
