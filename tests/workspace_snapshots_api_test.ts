/**
 * Snapshots and zips of a workspace over the API: list, take, restore; the zip as a download
 * (API and the cookie page route) and a zip loaded into the workspace, with its snapshot first;
 * another profile's conversation answers 404 everywhere.
 */
import assert from "node:assert/strict";
import { unzipSync, zipSync } from "fflate";
import { createConversation } from "../lib/chat/store.ts";
import { workspaceDir, workspaceStoreDir } from "../lib/workspace/paths.ts";
import { readTree, writeTree } from "../lib/workspace/snapshot_testing.ts";
import { receiveZip, snapshotTargetOf, workspaceTarget } from "../lib/workspace/archive.ts";
import { takeSnapshot } from "../lib/workspace/snapshots.ts";
import { workspaceUsage } from "../lib/workspace/usage.ts";
import type { RestoreResult, SnapshotInfo } from "../lib/workspace/types.ts";
import { expectError, type TestApp, testApp } from "./helpers/app.ts";
import { member } from "./helpers/profile.ts";

const enc = (s: string) => new TextEncoder().encode(s);

async function setup(app: TestApp) {
  const ann = await member(app, "Ann");
  const bob = await member(app, "Bob");
  const conv = await createConversation(app.services.db.kysely, ann.id, {
    title: "Garden plan",
    agent: true,
  });
  const root = workspaceDir({ dataDir: app.services.paths.dataDir }, conv.id);
  await Deno.mkdir(root, { recursive: true });
  return { ann, bob, id: conv.id, root, base: `/api/workspaces/${conv.id}` };
}

Deno.test("workspace snapshots api - take, list newest first, restore with its way back", async () => {
  await using app = await testApp();
  const { ann, id, root, base } = await setup(app);
  await writeTree(root, { "plan.md": "# Beds", "seeds/list.txt": "peas" });
  const taken = await ann.fetch(`${base}/snapshots`, { method: "POST" });
  assert.equal(taken.status, 201);
  assert.match(taken.headers.get("content-type") ?? "", /^application\/json/);
  const snap: SnapshotInfo = await taken.json();
  assert.deepEqual([snap.reason, snap.files, snap.bytes, snap.conversationId], [
    "manual",
    2,
    10,
    id,
  ]);

  await Deno.remove(`${root}/seeds`, { recursive: true });
  await Deno.writeTextFile(`${root}/plan.md`, "gone");
  const res = await ann.fetch(`${base}/snapshots/${snap.id}/restore`, { method: "POST" });
  assert.equal(res.status, 200);
  const restored: RestoreResult = await res.json();
  assert.equal(restored.restored.id, snap.id);
  assert.equal(restored.before.reason, "restore");
  assert.deepEqual(await readTree(root), {
    "plan.md": "# Beds",
    "seeds": "dir",
    "seeds/list.txt": "peas",
  });
  const usage = await workspaceUsage(app.services.db.kysely, ann.id, id);
  assert.deepEqual({ ...usage }, { bytes: 10, files: 2 });

  const list = await (await ann.fetch(`${base}/snapshots`)).json();
  assert.deepEqual(list.snapshots.map((s: SnapshotInfo) => s.id), [restored.before.id, snap.id]);
  await expectError(
    await ann.fetch(`${base}/snapshots/nope/restore`, { method: "POST" }),
    404,
    "snapshot_not_found",
  );
});

Deno.test("workspace snapshots api - another profile's workspace is not found", async () => {
  await using app = await testApp();
  const { ann, bob, id, base } = await setup(app);
  const snap = await (await ann.fetch(`${base}/snapshots`, { method: "POST" })).json();
  await expectError(await bob.fetch(`${base}/snapshots`), 404, "conversation_not_found");
  await expectError(
    await bob.fetch(`${base}/snapshots`, { method: "POST" }),
    404,
    "conversation_not_found",
  );
  await expectError(
    await bob.fetch(`${base}/snapshots/${snap.id}/restore`, { method: "POST" }),
    404,
    "conversation_not_found",
  );
  await expectError(
    await bob.fetch(`${base}/zip`, { method: "POST" }),
    404,
    "conversation_not_found",
  );
  await expectError(
    await bob.fetch(`${base}/zip`, { method: "PUT", body: zipSync({ "x.txt": enc("x") }) }),
    404,
    "conversation_not_found",
  );
  const page = await app.fetch(`/chat/${id}/zip`, { headers: { cookie: bob.cookie } });
  assert.equal(page.status, 404);
  await page.body?.cancel();
});

Deno.test("workspace zip api - download by API and by a plain link with the cookie", async () => {
  await using app = await testApp();
  const { ann, id, root, base } = await setup(app);
  await writeTree(root, { "plan.md": "# Beds", "seeds/list.txt": "peas" });
  const res = await ann.fetch(`${base}/zip`, { method: "POST" });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("content-type"), "application/zip");
  assert.match(
    res.headers.get("content-disposition") ?? "",
    /^attachment; filename="Garden-plan\.zip"/,
  );
  const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
  assert.deepEqual(Object.keys(files).sort(), ["plan.md", "seeds/", "seeds/list.txt"]);

  // No session header: the device cookie is enough for the page route, and needed.
  const link = await app.fetch(`/chat/${id}/zip`, { headers: { cookie: ann.cookie } });
  assert.equal(link.status, 200);
  assert.equal(link.headers.get("content-type"), "application/zip");
  assert.equal(
    new TextDecoder().decode(unzipSync(new Uint8Array(await link.arrayBuffer()))["plan.md"]),
    "# Beds",
  );
  const anonymous = await app.fetch(`/chat/${id}/zip`);
  assert.equal(anonymous.status, 401);
  await anonymous.body?.cancel();
});

Deno.test("workspace zip api - a zip loads after a snapshot; an unsafe one changes nothing", async () => {
  await using app = await testApp();
  const { ann, id, root, base } = await setup(app);
  await writeTree(root, { "plan.md": "old" });
  const res = await ann.fetch(`${base}/zip`, {
    method: "PUT",
    body: zipSync({
      "plan.md": enc("new plan"),
      "photos/": new Uint8Array(0),
      "a/b.txt": enc("b"),
    }),
  });
  assert.equal(res.status, 200, await res.clone().text());
  const loaded = await res.json();
  assert.deepEqual([loaded.files, loaded.bytes, loaded.snapshot.reason], [2, 9, "zip"]);
  assert.deepEqual(await readTree(root), {
    "a": "dir",
    "a/b.txt": "b",
    "photos": "dir",
    "plan.md": "new plan",
  });
  assert.deepEqual({ ...await workspaceUsage(app.services.db.kysely, ann.id, id) }, {
    bytes: 9,
    files: 2,
  });
  // The snapshot taken first is the way back.
  await ann.fetch(`${base}/snapshots/${loaded.snapshot.id}/restore`, { method: "POST" });
  assert.deepEqual(await readTree(root), { "plan.md": "old" });

  const body = await expectError(
    await ann.fetch(`${base}/zip`, {
      method: "PUT",
      body: zipSync({ "fine.txt": enc("ok"), "../../escape.txt": enc("x") }),
    }),
    422,
    "zip_unsafe",
  );
  assert.match(body.error.message, /escape\.txt/);
  assert.deepEqual(await readTree(root), { "plan.md": "old" });
  await expectError(
    await ann.fetch(`${base}/zip`, { method: "PUT", body: "not a zip" }),
    422,
    "zip_invalid",
  );
  // Nothing is left in the store's staging.
  const staging = [...Deno.readDirSync(`${workspaceStoreDir(app.services.paths, id)}/staging`)];
  assert.deepEqual(staging, []);
});

Deno.test("workspace zip api - an upload over the cap is refused while it streams, a zip over the quota before unpacking", async () => {
  await using app = await testApp();
  const { ann, id, root, base } = await setup(app);
  const target = await workspaceTarget(app.services, ann.id, id);
  const stream = ReadableStream.from([new Uint8Array(600), new Uint8Array(600)]);
  const req = new Request(
    "http://x/",
    { method: "PUT", body: stream, duplex: "half" } as RequestInit,
  );
  await assert.rejects(receiveZip(target, req, 1000), (err) => {
    assert.equal((err as { code: string }).code, "body_too_large");
    return true;
  });
  assert.deepEqual(
    [...Deno.readDirSync(`${target.store}/staging`)],
    [],
    "the partial upload is removed",
  );

  await app.services.db.kysely.insertInto("agent_settings")
    .values({ profile_id: ann.id, quota_bytes: 1000, updated_at: new Date().toISOString() })
    .execute();
  await expectError(
    await ann.fetch(`${base}/zip`, {
      method: "PUT",
      body: zipSync({ "big.bin": new Uint8Array(5000) }),
    }),
    413,
    "zip_too_large",
  );
  assert.deepEqual(await readTree(root), {});
});

Deno.test("workspace snapshots - an open workspace's target snapshots its files into its store", async () => {
  await using app = await testApp();
  const { ann, id, root } = await setup(app);
  await writeTree(root, { "a.txt": "a" });
  const target = snapshotTargetOf(app.services, { profileId: ann.id, conversationId: id, root });
  const snap = await takeSnapshot(target, { reason: "turn", messageId: "m1" });
  assert.deepEqual([snap.files, snap.messageId, snap.reason], [1, "m1", "turn"]);
  assert.equal(target.store, workspaceStoreDir(app.services.paths, id));
});
