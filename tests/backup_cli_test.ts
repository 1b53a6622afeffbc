/** `hearth backup` and `hearth restore` as a person runs them: real processes on a temp home. */
import assert from "node:assert/strict";
import { listBackups } from "../lib/backup/mod.ts";
import { dumpTables, hashFiles, seedWorld } from "../lib/backup/testing.ts";
import { openDatabase } from "../lib/db/mod.ts";
import { ROOT } from "./helpers/server.ts";

async function hearth(args: string[], home: string) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "main.ts", ...args],
    cwd: ROOT,
    env: { NO_COLOR: "1", HEARTH_HOME: home },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decode = (b: Uint8Array) => new TextDecoder().decode(b);
  return { code: out.code, stdout: decode(out.stdout), stderr: decode(out.stderr) };
}

Deno.test("backup cli - backup, wipe, restore gives the data back; add doubles it", async () => {
  const home = await Deno.makeTempDir({ prefix: "hearth-cli-backup-" });
  try {
    let db = await openDatabase(`${home}/hearth.db`);
    await seedWorld(db, home);
    const rows = dumpTables(db);
    await db.close();
    const files = await hashFiles(home);

    const made = await hearth(["backup", "--out", `${home}/mine.zip`], home);
    assert.equal(made.code, 0, made.stderr);
    assert.match(made.stdout, /Backup written: .*mine\.zip/);

    await Deno.remove(`${home}/documents`, { recursive: true });
    await Deno.remove(`${home}/workspaces`, { recursive: true });
    db = await openDatabase(`${home}/hearth.db`);
    db.raw.exec("DELETE FROM conversations; DELETE FROM documents");
    await db.close();

    const restored = await hearth(["restore", `${home}/mine.zip`], home);
    assert.equal(restored.code, 0, restored.stderr);
    assert.match(restored.stdout, /Restored \d+ files/);
    assert.match(restored.stdout, /-pre-restore\.zip/);
    db = await openDatabase(`${home}/hearth.db`);
    assert.deepEqual(dumpTables(db), rows);
    await db.close();
    assert.deepEqual(await hashFiles(home), files);
    assert.equal((await listBackups(home)).length, 1, "the pre-restore backup");

    const added = await hearth(["restore", `${home}/mine.zip`, "--mode", "add"], home);
    assert.equal(added.code, 0, added.stderr);
    db = await openDatabase(`${home}/hearth.db`);
    assert.equal(dumpTables(db).messages.length, rows.messages.length * 2);
    await db.close();

    const bad = await hearth(["restore", `${home}/nope.zip`], home);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /hearth: /);
    const mode = await hearth(["restore", `${home}/mine.zip`, "--mode", "merge"], home);
    assert.equal(mode.code, 1);
    assert.match(mode.stderr, /--mode is add or replace/);
  } finally {
    await Deno.remove(home, { recursive: true });
  }
});
