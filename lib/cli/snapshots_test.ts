import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { resolvePaths } from "../config/paths.ts";
import { MIGRATIONS, openDatabase } from "../db/mod.ts";
import { listSnapshots, snapshotVersion } from "../db/snapshots.ts";
import { dumpDatabase, seedChats } from "../db/snapshots_testing.ts";
import { restoreSnapshot } from "./snapshots.ts";

/** A home whose schema-20 data with chats was upgraded to the newest (one snapshot). */
async function upgradedHome() {
  const home = await Deno.makeTempDir({ prefix: "hearth-cli-snap-" });
  const dbFile = resolvePaths({ HEARTH_HOME: home }).dbFile;
  const old = await openDatabase(dbFile, MIGRATIONS.slice(0, 20));
  seedChats(old.raw);
  await old.close();
  const before = dumpDatabase(dbFile);
  await (await openDatabase(dbFile)).close();
  const [snap] = await listSnapshots(dbFile);
  return {
    home,
    dbFile,
    before,
    snap,
    [Symbol.asyncDispose]: () => Deno.remove(home, { recursive: true }),
  };
}

Deno.test("snapshots cli - hearth doctor lists each snapshot and how to restore it", async () => {
  await using h = await upgradedHome();
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "main.ts", "doctor"],
    cwd: new URL("../..", import.meta.url).pathname,
    env: { HEARTH_HOME: h.home, HEARTH_FAKE_OLLAMA: "1", NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout);
  assert.match(text, /Snapshots: +\S+\/snapshots \(taken before each upgrade; the newest 5/);
  const line = text.split("\n").find((l) => l.includes(h.snap.name));
  assert.ok(line, text);
  assert.match(line, /\d+(\.\d+)? (KB|kB|MB|B)/, "its size");
  assert.match(line, /\d{4}-\d\d-\d\d \d\d:\d\d UTC/, "its date");
  assert.match(line, /schema 20$/, "the schema version inside it");
  assert.match(text, /stop Hearth, then run .*restore-snapshot NAME/);
});

Deno.test("snapshots cli - restore-snapshot puts the old data back, keeping today's as a snapshot", async () => {
  await using h = await upgradedHome();
  const now = new DatabaseSync(h.dbFile);
  now.exec("UPDATE messages SET content = 'changed after the upgrade'");
  now.close();
  const after = dumpDatabase(h.dbFile);
  const lines: string[] = [];
  const code = await restoreSnapshot(h.snap.name, {
    env: { HEARTH_HOME: h.home },
    print: (l) => lines.push(l),
  });
  assert.equal(code, 0, lines.join("\n"));
  assert.deepEqual(dumpDatabase(h.dbFile), h.before, "the snapshot's data, schema 20");
  const safety = (await listSnapshots(h.dbFile)).find((s) => s.name !== h.snap.name);
  assert.ok(safety, "the data as it was is a snapshot too");
  assert.equal(snapshotVersion(safety.path), MIGRATIONS.at(-1)!.version);
  assert.deepEqual(dumpDatabase(safety.path), after);
  assert.match(lines.join("\n"), /next start upgrades it/);
});

Deno.test("snapshots cli - restore-snapshot refuses while the database is open, and bad names", async () => {
  await using h = await upgradedHome();
  const before = dumpDatabase(h.dbFile);
  const lines: string[] = [];
  const print = (l: string) => lines.push(l);
  const env = { HEARTH_HOME: h.home };
  const server = new DatabaseSync(h.dbFile);
  server.prepare("SELECT count(*) FROM messages").get();
  try {
    assert.equal(await restoreSnapshot(h.snap.name, { env, print }), 1);
    assert.match(lines.at(-1)!, /open in another program: stop Hearth first/);
  } finally {
    server.close();
  }
  assert.deepEqual(dumpDatabase(h.dbFile), before, "untouched");
  for (const name of [undefined, "../hearth.db", "pre-1-x.db", "pre-21-20990101T000000000Z.db"]) {
    assert.equal(await restoreSnapshot(name, { env, print }), 1, String(name));
  }
  assert.match(lines.at(-1)!, /there is no snapshot/);
  assert.deepEqual(dumpDatabase(h.dbFile), before);
  assert.equal((await listSnapshots(h.dbFile)).length, 1, "no snapshot taken by a refusal");
});
