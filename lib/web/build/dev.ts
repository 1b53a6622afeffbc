/**
 * `deno task dev`: build, start Hearth, and on every change under routes/, islands/,
 * components/, lib/ or static/ rebuild the manifest and bundles and restart the server.
 */
import { build } from "./build.ts";
import { SERVER_V8_FLAGS } from "./server_bundle.ts";

const root = new URL("../../..", import.meta.url).pathname.replace(/\/$/, "");
const WATCH = ["routes", "islands", "components", "lib", "static"].map((d) => `${root}/${d}`);
const args = ["run", SERVER_V8_FLAGS, "-A", `${root}/main.ts`, "start", ...Deno.args];

let child: Deno.ChildProcess | undefined;

async function restart(): Promise<void> {
  if (child) {
    try {
      child.kill("SIGTERM");
    } catch { /* already gone */ }
    await child.status;
  }
  try {
    // The server runs from the sources here: no server bundle to wait for.
    const id = await build(root, { server: false });
    console.log(`[dev] built ${id}`);
  } catch (err) {
    // Keep watching: the next save may fix it.
    console.error(`[dev] build failed: ${(err as Error).message}`);
    child = undefined;
    return;
  }
  child = new Deno.Command(Deno.execPath(), { args, cwd: root }).spawn();
}

await restart();
let timer: ReturnType<typeof setTimeout> | undefined;
for await (const event of Deno.watchFs(WATCH)) {
  // Our own outputs change during a build; only source changes matter.
  if (
    event.paths.every((p) => p.endsWith(".gen.ts") || p.includes("/_build/") || p.endsWith(".tmp"))
  ) continue;
  clearTimeout(timer);
  timer = setTimeout(() => {
    console.log(`[dev] change in ${event.paths[0].slice(root.length + 1)}, restarting`);
    restart();
  }, 150);
}
