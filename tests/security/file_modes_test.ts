/**
 * Everything Hearth keeps under HEARTH_HOME is its owner's alone: files 0600 (config, database,
 * WAL, SHM), folders 0700, whether Hearth made them or an older Hearth left them looser.
 */
import assert from "node:assert/strict";
import { Logger } from "../../lib/log/logger.ts";
import { closeServices, createServices } from "../../lib/services.ts";

/** Every path under `dir` with its permission bits. */
async function modes(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (path: string) => {
    for await (const entry of Deno.readDir(path)) {
      const child = `${path}/${entry.name}`;
      out[child.slice(dir.length + 1)] = ((await Deno.stat(child)).mode! & 0o777).toString(8);
      if (entry.isDirectory) await walk(child);
    }
  };
  out["."] = ((await Deno.stat(dir)).mode! & 0o777).toString(8);
  await walk(dir);
  return out;
}

async function run(home: string, change: boolean) {
  const services = await createServices({
    env: { HEARTH_HOME: home, HEARTH_FAKE_OLLAMA: "1" },
    log: new Logger({ write: null }),
  });
  try {
    if (change) await services.config.update({ locale: "de" });
    return await modes(home);
  } finally {
    await closeServices(services);
  }
}

Deno.test({
  name: "file modes - HEARTH_HOME holds 0600 files in 0700 folders, new or found looser",
  ignore: Deno.build.os === "windows",
  async fn() {
    const tmp = await Deno.makeTempDir({ prefix: "hearth-modes-" });
    try {
      const home = `${tmp}/home`;
      const fresh = await run(home, true);
      assert.deepEqual(fresh, {
        ".": "700",
        "config.json": "600",
        "hearth.db": "600",
        "hearth.db-shm": "600",
        "hearth.db-wal": "600",
      });
      for (const [path, mode] of [[".", 0o755], ["config.json", 0o644], ["hearth.db", 0o644]]) {
        await Deno.chmod(`${home}/${path}`, mode as number);
      }
      // Found looser: tightened at start, before anything is written.
      assert.deepEqual(await run(home, false), fresh);
    } finally {
      await Deno.remove(tmp, { recursive: true });
    }
  },
});
