import assert from "node:assert/strict";
import { resolvePaths } from "../config/paths.ts";
import { ConfigStore } from "../config/store.ts";
import { VectorIndex } from "../rag/vectors.ts";
import { openDatabase } from "../db/mod.ts";
import { HttpError } from "../http/errors.ts";
import { createBackup, listBackups, pruneBackups } from "./create.ts";
import { FORMAT } from "./manifest.ts";
import { restoreBackup } from "./restore.ts";
import { dumpTables, hashFiles, seedWorld } from "./testing.ts";
import { readEntries, ZipWriter } from "./zip64.ts";

async function home() {
  const dir = await Deno.makeTempDir({ prefix: "hearth-backup-" });
  const paths = resolvePaths({ HEARTH_HOME: dir });
  await Deno.writeTextFile(
    paths.configFile,
    JSON.stringify({ models: { chat: "m" }, providers: { openai: { apiKey: "sk-secret" } } }),
  );
  const db = await openDatabase(paths.dbFile);
  return { dir, paths, db, [Symbol.asyncDispose]: () => db.close() };
}

async function rejects(p: Promise<unknown>, code: string) {
  await assert.rejects(p, (err) => err instanceof HttpError && err.code === code);
}

Deno.test("backup - a bundle restored with replace after a wipe gives identical rows and files", async () => {
  await using h = await home();
  await seedWorld(h.db, h.dir);
  const rows = dumpTables(h.db);
  const files = await hashFiles(h.dir);
  assert.ok(Object.keys(files).length >= 5);
  const made = await createBackup({ db: h.db, paths: h.paths });
  assert.deepEqual((await listBackups(h.dir)).map((b) => b.name), [made.name]);
  // The config inside has no secrets.
  using f = await Deno.open(made.path);
  const names = [...(await readEntries(f)).keys()];
  assert.ok(names.includes("config.json") && names.includes("manifest.json"));
  const text = new TextDecoder().decode(await Deno.readFile(made.path));
  assert.ok(!text.includes("sk-secret"), "a secret reached the bundle");
  // Wipe: every row and file goes.
  for (const t of Object.keys(rows)) {
    if (!t.startsWith("search_fts")) h.db.raw.exec(`DELETE FROM "${t}"`);
  }
  h.db.raw.exec("DELETE FROM search_fts");
  for (const d of ["documents", "workspaces", "workspace-store"]) {
    await Deno.remove(`${h.dir}/${d}`, { recursive: true });
  }
  assert.deepEqual(Object.values(dumpTables(h.db)).flat(), []);
  // The settings changed since the backup: a replace brings the bundle's back, and keeps this
  // box's secret (never in a bundle) and what the environment sets.
  const config = await ConfigStore.load(h.paths.configFile, { HEARTH_PORT: "9999" });
  // A vector index the running server holds in memory is loaded (of the wiped table).
  const vectors = new VectorIndex(h.db);
  await vectors.ready("embed");
  assert.equal(vectors.stats().model, "embed");
  await config.update({ models: { chat: "other" }, providers: { openai: { apiKey: "sk-new" } } });
  const result = await restoreBackup({
    db: h.db,
    paths: h.paths,
    config,
    file: made.path,
    mode: "replace",
  });
  assert.equal(result.mode, "replace");
  assert.deepEqual(result.config, { restored: true });
  // It forgot what it loaded: the next search reads the restored rows.
  assert.equal(vectors.stats().model, null);
  assert.equal(config.current.models.chat, "m");
  assert.equal(config.current.providers.openai.apiKey, "sk-new");
  assert.equal(config.current.server.port, 9999);
  assert.ok(result.preRestoreBackup?.endsWith("-pre-restore.zip"));
  assert.deepEqual(dumpTables(h.db), rows);
  assert.deepEqual(await hashFiles(h.dir), files);
  // The search index came back with the rows.
  const hit = h.db.raw.prepare(
    "SELECT count(*) AS n FROM search_fts WHERE search_fts MATCH 'Manteigaria'",
  )
    .get() as { n: number };
  assert.equal(hit.n, 1);
  assert.equal(h.db.raw.prepare("PRAGMA foreign_key_check").all().length, 0);
});

Deno.test("backup - restore add of the same bundle duplicates everything under new ids", async () => {
  await using h = await home();
  const world = await seedWorld(h.db, h.dir);
  const before = dumpTables(h.db);
  const made = await createBackup({ db: h.db, paths: h.paths });
  const result = await restoreBackup({ db: h.db, paths: h.paths, file: made.path, mode: "add" });
  const after = dumpTables(h.db);
  for (const t of ["conversations", "messages", "documents", "document_chunks", "chunk_vectors"]) {
    assert.equal(after[t].length, before[t].length * 2, t);
  }
  assert.equal(after.profiles.length, before.profiles.length * 2);
  assert.equal(result.added!.messages, 3);
  assert.equal(h.db.raw.prepare("PRAGMA foreign_key_check").all().length, 0);
  const admins = h.db.raw.prepare("SELECT count(*) AS n FROM profiles WHERE is_admin = 1").get();
  assert.equal((admins as { n: number }).n, 1);
  const names = (h.db.raw.prepare("SELECT name FROM profiles ORDER BY name").all() as {
    name: string;
  }[]).map((r) => r.name);
  assert.deepEqual(names, ["Admin", "Admin (2)", "anna", "anna (2)"]);
  // The copy's tree hangs together: its leaf and parents are its own messages.
  const copy = h.db.raw.prepare("SELECT id, leaf_id, profile_id FROM conversations WHERE id != ?")
    .get(world.conversationId) as { id: string; leaf_id: string; profile_id: string };
  assert.notEqual(copy.profile_id, "anna");
  const msgs = h.db.raw.prepare(
    "SELECT id, parent_id, profile_id FROM messages WHERE conversation_id = ?",
  )
    .all(copy.id) as { id: string; parent_id: string | null; profile_id: string }[];
  const ids = new Set(msgs.map((m) => m.id));
  assert.ok(ids.has(copy.leaf_id));
  for (const m of msgs) {
    assert.ok(m.parent_id === null || ids.has(m.parent_id));
    assert.equal(m.profile_id, copy.profile_id);
  }
  // Searching finds both copies; files follow the new ids.
  const hits = h.db.raw.prepare(
    "SELECT count(*) AS n FROM search_fts WHERE search_fts MATCH 'Manteigaria'",
  )
    .get() as { n: number };
  assert.equal(hits.n, 2);
  const doc = h.db.raw.prepare("SELECT id FROM documents WHERE id != ?").get(world.documentId) as {
    id: string;
  };
  assert.equal(await Deno.readTextFile(`${h.dir}/documents/${doc.id}.md`), "# Lisbon notes\n");
  assert.equal(
    await Deno.readTextFile(`${h.dir}/workspaces/${copy.id}/src/main.py`),
    "print('hi')\n",
  );
  assert.ok((await Deno.stat(`${h.dir}/workspace-store/${copy.id}/objects/ab12`)).isFile);
});

Deno.test("backup - a damaged bundle or one from a newer Hearth changes nothing", async () => {
  await using h = await home();
  await seedWorld(h.db, h.dir);
  const made = await createBackup({ db: h.db, paths: h.paths });
  const rows = dumpTables(h.db);
  const files = await hashFiles(h.dir);
  // One byte of a stored file flipped (CRC and checksum no longer match).
  const bytes = await Deno.readFile(made.path);
  const at = new TextDecoder("latin1").decode(bytes).indexOf("print('hi')");
  assert.ok(at > 0);
  bytes[at] ^= 1;
  const bad = `${h.dir}/bad.zip`;
  await Deno.writeFile(bad, bytes);
  await rejects(
    restoreBackup({ db: h.db, paths: h.paths, file: bad, mode: "replace" }),
    "backup_damaged",
  );
  // A manifest from the future (a well-formed bundle otherwise).
  const future = `${h.dir}/future.zip`;
  const zip = await ZipWriter.create(future);
  const db = await zip.add("hearth.db", h.paths.dbFile);
  const manifest = {
    format: FORMAT,
    hearthVersion: "99.0.0",
    schemaVersion: 999,
    createdAt: new Date().toISOString(),
    files: [{ path: "hearth.db", ...db }],
  };
  await zip.add("manifest.json", new TextEncoder().encode(JSON.stringify(manifest)));
  await zip.finish();
  await rejects(
    restoreBackup({ db: h.db, paths: h.paths, file: future, mode: "add" }),
    "backup_too_new",
  );
  await rejects(
    restoreBackup({ db: h.db, paths: h.paths, file: `${h.dir}/config.json`, mode: "add" }),
    "backup_damaged",
  );
  assert.deepEqual(dumpTables(h.db), rows);
  assert.deepEqual(await hashFiles(h.dir), files);
  assert.equal((await listBackups(h.dir)).length, 1, "no pre-restore backup for a refused one");
});

Deno.test("backup - retention keeps the newest N", async () => {
  await using h = await home();
  for (let i = 0; i < 4; i++) {
    await createBackup({ db: h.db, paths: h.paths, now: new Date(Date.UTC(2026, 0, 1 + i)) });
  }
  const gone = await pruneBackups(h.dir, 2);
  assert.equal(gone.length, 2);
  assert.deepEqual((await listBackups(h.dir)).map((b) => b.createdAt), [
    "2026-01-04T00:00:00.000Z",
    "2026-01-03T00:00:00.000Z",
  ]);
});

Deno.test("backup - a bundle from an older schema is migrated as it is restored", async () => {
  await using h = await home();
  const { MIGRATIONS } = await import("../db/mod.ts");
  const oldPath = `${h.dir}/old.db`;
  const old = await openDatabase(oldPath, MIGRATIONS.slice(0, -1));
  const oldVersion = MIGRATIONS.at(-2)!.version;
  await old.close();
  const file = `${h.dir}/old.zip`;
  const zip = await ZipWriter.create(file);
  const db = await zip.add("hearth.db", oldPath);
  await zip.add(
    "manifest.json",
    new TextEncoder().encode(JSON.stringify({
      format: FORMAT,
      hearthVersion: "0.0.9",
      schemaVersion: oldVersion,
      createdAt: new Date().toISOString(),
      files: [{ path: "hearth.db", ...db }],
    })),
  );
  await zip.finish();
  const r = await restoreBackup({ db: h.db, paths: h.paths, file, mode: "replace" });
  assert.equal(r.schemaVersion, oldVersion);
  const v = h.db.raw.prepare("PRAGMA user_version").get() as { user_version: number };
  assert.equal(v.user_version, MIGRATIONS.at(-1)!.version);
});
