import assert from "node:assert/strict";
import { HttpError } from "../http/errors.ts";
import { createHash } from "node:crypto";
import { listObjects, objectPath, objectsDir, writingMarker } from "./objects.ts";
import {
  listSnapshots,
  manifestPath,
  pruneSnapshots,
  readManifest,
  restoreSnapshot,
  takeSnapshot,
  writeManifest,
} from "./snapshots.ts";
import { readTree, testWorkspace, writeTree } from "./snapshot_testing.ts";
import { WORKSPACE_LIMITS } from "./types.ts";
import { countTree, workspaceUsage } from "./usage.ts";

const rejects = (p: Promise<unknown>, status: number, code: string) =>
  assert.rejects(
    p,
    (err) => err instanceof HttpError && err.status === status && err.code === code,
  );

async function objectNames(store: string): Promise<string[]> {
  const names: string[] = [];
  for (const name of await listObjects(store)) names.push(name);
  return names.sort();
}

Deno.test("snapshots - restore brings back files, folders, deletions and links as they were", async () => {
  await using ws = await testWorkspace();
  const { root } = ws.target;
  await writeTree(root, { "a.txt": "one", "dir/b.txt": "two", "dir/sub/c.txt": "three" });
  await Deno.mkdir(`${root}/empty`);
  await Deno.symlink("a.txt", `${root}/link`);
  await Deno.symlink("/etc/passwd", `${root}/outside`);
  const original = await readTree(root);
  const first = await takeSnapshot(ws.target, { reason: "turn", messageId: "m1" });
  assert.equal(first.files, 5, "three files and two links");
  assert.equal(first.messageId, "m1");

  await Deno.writeTextFile(`${root}/a.txt`, "changed in place");
  await Deno.remove(`${root}/dir/sub`, { recursive: true });
  await Deno.remove(`${root}/dir/b.txt`);
  await Deno.mkdir(`${root}/dir/b.txt`);
  await Deno.remove(`${root}/link`);
  await Deno.symlink("dir", `${root}/link`);
  await Deno.remove(`${root}/empty`);
  await writeTree(root, { "new.txt": "new", "a-b/x.txt": "sibling" });
  const changed = await readTree(root);

  const result = await restoreSnapshot(ws.target, first.id);
  assert.deepEqual(await readTree(root), original);
  assert.equal(result.restored.id, first.id);
  assert.equal(result.before.reason, "restore");
  assert.deepEqual(
    { ...await workspaceUsage(ws.db.kysely, "ann", ws.target.conversationId) },
    await countTree(root),
    "the usage is recounted",
  );
  // The restore's own snapshot undoes it.
  await restoreSnapshot(ws.target, result.before.id);
  assert.deepEqual(await readTree(root), changed);
  const reasons = (await listSnapshots(ws.db.kysely, "ann", ws.target.conversationId))
    .map((s) => s.reason);
  assert.deepEqual(reasons, ["restore", "restore", "turn"], "newest first");
});

Deno.test("snapshots - objects are copies: a file changed in place does not change the snapshot", async () => {
  await using ws = await testWorkspace();
  const { root, store } = ws.target;
  await writeTree(root, { "notes.md": "kept" });
  const snap = await takeSnapshot(ws.target, { reason: "manual" });
  for (const name of await objectNames(store)) {
    assert.equal((await Deno.lstat(objectPath(store, name))).nlink, 1, "not a hard link");
  }
  using file = await Deno.open(`${root}/notes.md`, { write: true });
  await file.write(new TextEncoder().encode("XXXX"));
  file.close();
  await restoreSnapshot(ws.target, snap.id);
  assert.equal(await Deno.readTextFile(`${root}/notes.md`), "kept");
});

Deno.test("snapshots - storage grows by what changed, and unchanged files are not read again", async () => {
  await using ws = await testWorkspace();
  const { root, store } = ws.target;
  const files: Record<string, string> = {};
  for (let i = 0; i < 20; i++) files[`f${i}.txt`] = `file ${i} `.repeat(100);
  await writeTree(root, files);
  const total = Object.values(files).reduce((n, s) => n + s.length, 0);
  const first = await takeSnapshot(ws.target, { reason: "turn" });
  assert.equal(first.addedBytes, total);
  assert.equal(first.bytes, total);

  await Deno.writeTextFile(`${root}/f1.txt`, "new one");
  await Deno.writeTextFile(`${root}/f2.txt`, "new two!");
  const second = await takeSnapshot(ws.target, { reason: "turn" });
  assert.equal(second.addedBytes, "new one".length + "new two!".length);
  assert.equal((await objectNames(store)).length, 22);

  // A file whose size, times and inode are as recorded takes its hash from the last manifest,
  // once its times are older than that snapshot's start: move the start on as if the files were
  // written long before, point f3's record at f4's object, and a snapshot copies the (wrong)
  // record without reading.
  const manifest = (await readManifest(store, second.id))!;
  manifest.startedAt = Date.now() + 60_000;
  const f3 = manifest.entries.find((e) => e.path === "f3.txt")!;
  const f4 = manifest.entries.find((e) => e.path === "f4.txt")!;
  f3.hash = f4.hash;
  await writeManifest(store, manifest);
  const third = await takeSnapshot(ws.target, { reason: "turn" });
  const read = (await readManifest(store, third.id))!.entries;
  assert.equal(read.find((e) => e.path === "f3.txt")!.hash, f4.hash, "f3 was not read again");
  assert.equal(third.addedBytes, 0);
  // A changed mtime is a change: read again.
  await Deno.utime(`${root}/f3.txt`, new Date(2020, 1, 1), new Date(2020, 1, 1));
  const fourth = await takeSnapshot(ws.target, { reason: "turn" });
  assert.notEqual(
    (await readManifest(store, fourth.id))!.entries
      .find((e) => e.path === "f3.txt")!.hash,
    f4.hash,
  );
});

Deno.test("snapshots - a same-size write that leaves the file's times unchanged is still seen", async () => {
  await using ws = await testWorkspace();
  const { root, store } = ws.target;
  await writeTree(root, { "doc.txt": "version 0" });
  const first = await takeSnapshot(ws.target, { reason: "turn" });
  await Deno.writeTextFile(`${root}/doc.txt`, "version 1");
  // A coarse file clock gives two writes in one tick the same times: make the record say so, as
  // it would be after both writes fell in the tick the snapshot started in.
  const info = await Deno.stat(`${root}/doc.txt`);
  const manifest = (await readManifest(store, first.id))!;
  const entry = manifest.entries.find((e) => e.path === "doc.txt")!;
  entry.mtime = info.mtime!.getTime();
  entry.ctime = info.ctime!.getTime();
  await writeManifest(store, manifest);
  const second = await takeSnapshot(ws.target, { reason: "turn" });
  assert.equal(second.addedBytes, "version 1".length, "the file was read again");
  await Deno.writeTextFile(`${root}/doc.txt`, "version 2");
  await restoreSnapshot(ws.target, second.id);
  assert.equal(await Deno.readTextFile(`${root}/doc.txt`), "version 1");

  // A manifest written before snapshots recorded their start is not trusted either. The newest
  // is the restore's own (it recorded "version 2"): make its record match the file as it is now.
  await Deno.writeTextFile(`${root}/doc.txt`, "version 3");
  const now = await Deno.stat(`${root}/doc.txt`);
  const [newest] = await listSnapshots(ws.db.kysely, "ann", ws.target.conversationId);
  assert.equal(newest.reason, "restore");
  const older = (await readManifest(store, newest.id))!;
  delete older.startedAt;
  const record = older.entries.find((e) => e.path === "doc.txt")!;
  Object.assign(record, {
    size: now.size,
    mtime: now.mtime!.getTime(),
    ctime: now.ctime!.getTime(),
    ino: now.ino,
  });
  await writeManifest(store, older);
  const third = await takeSnapshot(ws.target, { reason: "turn" });
  assert.equal(third.addedBytes, "version 3".length);
});

Deno.test("snapshots - pruning keeps the newest and collects what no snapshot names", async () => {
  await using ws = await testWorkspace();
  const { root, store } = ws.target;
  const ids: string[] = [];
  for (let i = 0; i < 4; i++) {
    await Deno.writeTextFile(`${root}/doc.txt`, `version ${i}`);
    ids.push((await takeSnapshot(ws.target, { reason: "turn" })).id);
  }
  await writeManifest(store, { version: 1, id: "orphan", entries: [] });
  assert.equal((await objectNames(store)).length, 4);
  await pruneSnapshots(ws.target, 2);
  const left = await listSnapshots(ws.db.kysely, "ann", ws.target.conversationId);
  assert.deepEqual(left.map((s) => s.id), [ids[3], ids[2]]);
  const manifests = [];
  for await (const e of Deno.readDir(`${store}/snapshots`)) manifests.push(e.name);
  assert.deepEqual(manifests.sort(), [`${ids[2]}.json.gz`, `${ids[3]}.json.gz`].sort());
  assert.equal((await objectNames(store)).length, 2, "versions 0 and 1 are gone");
  await restoreSnapshot(ws.target, ids[2]);
  assert.equal(await Deno.readTextFile(`${root}/doc.txt`), "version 2");
});

Deno.test("snapshots - a workspace keeps at most the limit", async () => {
  await using ws = await testWorkspace();
  await Deno.writeTextFile(`${ws.target.root}/a.txt`, "a");
  for (let i = 0; i <= WORKSPACE_LIMITS.snapshots; i++) {
    await takeSnapshot(ws.target, { reason: "turn" });
  }
  const all = await listSnapshots(ws.db.kysely, "ann", ws.target.conversationId);
  assert.equal(all.length, WORKSPACE_LIMITS.snapshots);
});

Deno.test("snapshots - another profile's, a missing or a damaged snapshot is not restored", async () => {
  await using ws = await testWorkspace();
  const snap = await takeSnapshot(ws.target, { reason: "manual" });
  await rejects(
    restoreSnapshot({ ...ws.target, profileId: "bob" }, snap.id),
    404,
    "snapshot_not_found",
  );
  await rejects(restoreSnapshot(ws.target, "nope"), 404, "snapshot_not_found");
  assert.deepEqual(await listSnapshots(ws.db.kysely, "bob", ws.target.conversationId), []);
  await Deno.writeFile(manifestPath(ws.target.store, snap.id), new Uint8Array([31, 139, 8, 0]));
  await rejects(restoreSnapshot(ws.target, snap.id), 410, "snapshot_damaged");
  await Deno.remove(manifestPath(ws.target.store, snap.id));
  await rejects(restoreSnapshot(ws.target, snap.id), 410, "snapshot_damaged");
});

Deno.test("snapshots - a restore that would pass the profile's quota is refused before any change", async () => {
  await using ws = await testWorkspace();
  const { root } = ws.target;
  await writeTree(root, { "big.txt": "x".repeat(5000) });
  const snap = await takeSnapshot(ws.target, { reason: "manual" });
  await Deno.remove(`${root}/big.txt`);
  await ws.db.kysely.insertInto("agent_settings")
    .values({ profile_id: "ann", quota_bytes: 1000, updated_at: new Date().toISOString() })
    .execute();
  await rejects(restoreSnapshot(ws.target, snap.id), 413, "quota_exceeded");
  assert.deepEqual(await readTree(root), {});
  assert.equal((await listSnapshots(ws.db.kysely, "ann", ws.target.conversationId)).length, 1);
});

Deno.test("snapshots - after a crash mid-snapshot, the next one does not trust a partial object", async () => {
  await using ws = await testWorkspace();
  const { root, store } = ws.target;
  const text = "the whole content of the file";
  await writeTree(root, { "a.txt": text });
  await takeSnapshot(ws.target, { reason: "turn" });
  await Deno.writeTextFile(`${root}/b.txt`, `${text}, again`);
  // What a snapshot killed while writing b.txt's object leaves: the marker and half an object.
  const hash = createHash("sha256").update(`${text}, again`).digest("hex");
  await Deno.mkdir(`${objectsDir(store)}/${hash.slice(0, 2)}`, { recursive: true });
  await Deno.writeTextFile(objectPath(store, hash), "the whole");
  await Deno.writeFile(writingMarker(store), new Uint8Array(0));
  const snap = await takeSnapshot(ws.target, { reason: "turn" });
  await assert.rejects(Deno.lstat(writingMarker(store)), Deno.errors.NotFound);
  await Deno.remove(`${root}/b.txt`);
  await restoreSnapshot(ws.target, snap.id);
  assert.equal(await Deno.readTextFile(`${root}/b.txt`), `${text}, again`);
});
