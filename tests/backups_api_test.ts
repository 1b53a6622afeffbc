/** The admin's backup API: list, create, download (streamed), delete, restore, schedule. */
import assert from "node:assert/strict";
import { addMessage, createConversation } from "../lib/chat/store.ts";
import { addProfiles } from "../lib/db/testing.ts";
import { adminApp, json } from "./helpers/admin.ts";
import { testApp } from "./helpers/app.ts";

Deno.test("backups api - only an admin may use it", async () => {
  await using app = await testApp();
  for (
    const [method, path] of [
      ["GET", "/api/admin/backups"],
      ["POST", "/api/admin/backups"],
      ["GET", "/api/admin/backups/hearth-backup-20260101T000000000Z.zip"],
      ["DELETE", "/api/admin/backups/hearth-backup-20260101T000000000Z.zip"],
      ["POST", "/api/admin/backups/restore"],
      ["PUT", "/api/admin/backups/schedule"],
    ]
  ) {
    const res = await app.api(path, { method, body: method === "GET" ? undefined : "x" });
    assert.equal(res.status, 401, `${method} ${path}`);
    assert.equal((await res.json()).error.code, "admin_required");
  }
});

Deno.test("backups api - create, list, download streamed, restore the download, delete", async () => {
  await using app = await adminApp();
  const db = app.services.db;
  await addProfiles(db, ["anna"]);
  const conv = await createConversation(db.kysely, "anna", { title: "Tea" });
  await addMessage(db.kysely, "anna", conv.id, { role: "user", content: "Sencha or matcha?" });

  const made = await app.admin("/api/admin/backups", { method: "POST" });
  assert.equal(made.status, 201);
  const info = await made.json();
  assert.match(info.name, /^hearth-backup-\d{8}T\d{9}Z\.zip$/);
  const list = await (await app.admin("/api/admin/backups")).json();
  assert.deepEqual(list.backups.map((b: { name: string }) => b.name), [info.name]);
  assert.equal(list.schedule.frequency, "off");

  const down = await app.admin(`/api/admin/backups/${info.name}`);
  assert.equal(down.status, 200);
  assert.equal(down.headers.get("content-type"), "application/zip");
  assert.match(down.headers.get("content-disposition")!, /^attachment; filename="hearth-backup-/);
  assert.equal(down.headers.get("content-length"), String(info.bytes));
  assert.ok(down.body instanceof ReadableStream);
  const bytes = new Uint8Array(await down.arrayBuffer());
  assert.equal(bytes.byteLength, info.bytes);

  const added = await app.admin("/api/admin/backups/restore?mode=add", {
    method: "POST",
    headers: { "content-type": "application/zip" },
    body: bytes,
  });
  assert.equal(added.status, 200, await added.clone().text());
  assert.equal((await added.json()).added.messages, 1);
  const n = db.raw.prepare("SELECT count(*) AS n FROM conversations").get() as { n: number };
  assert.equal(n.n, 2);

  // Restoring the stored one by name, replacing: back to one conversation, a pre-restore kept.
  const replaced = await app.admin(
    "/api/admin/backups/restore",
    json("POST", { name: info.name, mode: "replace" }),
  );
  assert.equal(replaced.status, 200, await replaced.clone().text());
  assert.match((await replaced.json()).preRestoreBackup, /-pre-restore\.zip$/);
  const m = db.raw.prepare("SELECT count(*) AS n FROM conversations").get() as { n: number };
  assert.equal(m.n, 1);
  // The admin's own login survives (it was in the data backed up).
  assert.equal((await app.admin("/api/admin/backups")).status, 200);

  const gone = await app.admin(`/api/admin/backups/${info.name}`, { method: "DELETE" });
  assert.equal(gone.status, 204);
  const again = await app.admin(`/api/admin/backups/${info.name}`);
  assert.equal(again.status, 404);
  assert.equal((await again.json()).error.code, "backup_not_found");
  const sneaky = await app.admin("/api/admin/backups/..%2Fhearth.db");
  assert.equal(sneaky.status, 404);
  await sneaky.body?.cancel();
});

Deno.test("backups api - a damaged or too large upload is refused and changes nothing", async () => {
  await using app = await adminApp();
  const count = () =>
    (app.services.db.raw.prepare("SELECT count(*) AS n FROM profiles").get() as { n: number }).n;
  const before = count();
  const junk = await app.admin("/api/admin/backups/restore?mode=replace", {
    method: "POST",
    headers: { "content-type": "application/zip" },
    body: new TextEncoder().encode("PK\x03\x04 not really a zip"),
  });
  assert.equal(junk.status, 422);
  assert.equal((await junk.json()).error.code, "backup_damaged");
  const big = await app.admin("/api/admin/backups/restore", {
    method: "POST",
    headers: { "content-type": "application/zip", "content-length": String(65 * 1024 ** 3) },
    body: new Uint8Array(10),
  });
  assert.equal(big.status, 413);
  assert.equal((await big.json()).error.code, "body_too_large");
  const mode = await app.admin("/api/admin/backups/restore?mode=merge", {
    method: "POST",
    body: new Uint8Array(10),
  });
  assert.equal(mode.status, 422);
  await mode.body?.cancel();
  assert.equal(count(), before);
  const list = await (await app.admin("/api/admin/backups")).json();
  assert.deepEqual(list.backups, []);
  const leftovers = [...Deno.readDirSync(`${app.home}/backups`)].map((e) => e.name);
  assert.deepEqual(leftovers, [], "the upload's temp file is removed");
});

Deno.test("backups api - the schedule is stored and checked", async () => {
  await using app = await adminApp();
  const put = await app.admin(
    "/api/admin/backups/schedule",
    json("PUT", { frequency: "weekly", time: "02:30", weekday: 1, keep: 4 }),
  );
  assert.equal(put.status, 200);
  const got = await (await app.admin("/api/admin/backups/schedule")).json();
  assert.equal(got.frequency, "weekly");
  assert.equal(got.keep, 4);
  const bad = await app.admin(
    "/api/admin/backups/schedule",
    json("PUT", { frequency: "hourly", time: "25:00", weekday: 1, keep: 0 }),
  );
  assert.equal(bad.status, 422);
  await bad.body?.cancel();
});
