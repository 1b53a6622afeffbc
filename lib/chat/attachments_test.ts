import assert from "node:assert/strict";
import type { Db } from "../db/mod.ts";
import { MAX_UNSENT, removeStaleAttachments, saveAttachment } from "./attachments.ts";
import { chatTestDb, pngBytes } from "./testing.ts";

const photo = async () =>
  new Request("http://x/", {
    method: "POST",
    headers: { "content-type": "image/png" },
    body: await pngBytes(4, 4),
  });

/** A test database closed by `await using`. */
async function testDb() {
  const db = await chatTestDb();
  return Object.assign(db, { [Symbol.asyncDispose]: () => db.close() });
}

const unsent = (db: Db, profile: string) =>
  db.raw.prepare("SELECT count(*) AS n FROM attachments WHERE profile_id = ?").get(profile)?.n;

Deno.test("attachments - unsent photos older than a day go at start and at the owner's next upload", async () => {
  await using db = await testDb();
  const day = 24 * 60 * 60 * 1000;
  const old = new Date(Date.now() - day - 1000);
  await saveAttachment(db.kysely, "ann", await photo(), old);
  await saveAttachment(db.kysely, "bob", await photo());
  await saveAttachment(db.kysely, "bob", await photo(), old);
  // Ann's next upload takes her stale one with it, not Bob's.
  await saveAttachment(db.kysely, "ann", await photo());
  assert.equal(unsent(db, "ann"), 1);
  assert.equal(unsent(db, "bob"), 2);
  assert.equal(await removeStaleAttachments(db.kysely), 1);
  assert.equal(unsent(db, "bob"), 1);
});

Deno.test("attachments - a profile holds at most MAX_UNSENT unsent photos", async () => {
  await using db = await testDb();
  for (let i = 0; i < MAX_UNSENT; i++) await saveAttachment(db.kysely, "ann", await photo());
  await assert.rejects(saveAttachment(db.kysely, "ann", await photo()), {
    code: "too_many_attachments",
    status: 409,
  });
  assert.equal(unsent(db, "ann"), MAX_UNSENT);
  await saveAttachment(db.kysely, "bob", await photo());
});
