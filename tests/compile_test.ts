/**
 * Compile-readiness: `deno compile` cannot run here (it downloads its runtime), so prove the
 * same property another way. One bundled file, run from an unrelated folder, must serve the
 * home page with its island: nothing may be read from the source tree at run time.
 */
import assert from "node:assert/strict";
import { ROOT, startServer } from "./helpers/server.ts";

Deno.test("compile - a single bundled main.ts run from another folder serves the page and its island", async () => {
  const outDir = await Deno.makeTempDir({ prefix: "hearth-bundle-" });
  const elsewhere = await Deno.makeTempDir({ prefix: "hearth-cwd-" });
  try {
    const bundle = await new Deno.Command(Deno.execPath(), {
      args: ["bundle", "--quiet", "--platform", "deno", "-o", `${outDir}/hearth.js`, "main.ts"],
      cwd: ROOT,
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.equal(bundle.code, 0, new TextDecoder().decode(bundle.stderr));
    await using server = await startServer({
      args: ["run", "-A", `${outDir}/hearth.js`, "start", "--port", "0", "--host", "127.0.0.1"],
      cwd: elsewhere,
    });
    // The home page sends a device without a profile to the picker, itself a page with islands.
    const res = await fetch(`${server.url}/`);
    assert.equal(new URL(res.url).pathname, "/profiles");
    const html = await res.text();
    assert.match(html, /<!--hearth-island:ProfilePicker:0-->/);
    const island = /import i0 from "([^"]+)"/.exec(html)?.[1];
    assert.ok(island, "the boot script imports the island");
    const js = await fetch(`${server.url}${island}`);
    assert.equal(js.status, 200);
    assert.match(js.headers.get("content-type") ?? "", /javascript/);
    assert.match(js.headers.get("cache-control") ?? "", /immutable/);
    assert.ok((await js.text()).length > 100);
    const css = await fetch(`${server.url}/styles.css`);
    assert.equal(css.status, 200);
    await css.body?.cancel();
    const session = await fetch(`${server.url}/api/session`);
    assert.equal(session.status, 200);
    await session.body?.cancel();
  } finally {
    await Deno.remove(outDir, { recursive: true });
    await Deno.remove(elsewhere, { recursive: true });
  }
});
