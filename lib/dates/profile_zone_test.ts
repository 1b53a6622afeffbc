import assert from "node:assert/strict";
import { createMember, getProfile, updateProfile } from "../auth/mod.ts";
import { openDatabase } from "../db/mod.ts";
import { defaultTimeZone } from "./zones.ts";

Deno.test("profile zone - a row inserted without one gets the box's zone; an empty one is refused", async () => {
  const db = await openDatabase(":memory:");
  try {
    const at = new Date().toISOString();
    const row = { name: "Ann", avatar: "🙂", pin_hash: null, is_admin: 0, password_hash: null };
    await db.kysely.insertInto("profiles")
      .values({ id: "ann", ...row, created_at: at, updated_at: at }).execute();
    assert.equal((await getProfile(db, "ann")).timeZone, defaultTimeZone());
    await assert.rejects(
      db.kysely.insertInto("profiles").values({
        id: "bob",
        ...row,
        name: "Bob",
        created_at: at,
        updated_at: at,
        time_zone: "",
      }).execute(),
      /CHECK constraint failed/,
    );
  } finally {
    await db.close();
  }
});

Deno.test("profile zone - createMember and updateProfile keep a valid zone, refuse others", async () => {
  const db = await openDatabase(":memory:");
  try {
    const zoe = await createMember(db, { name: "Zoe", avatar: "🙂", timeZone: "Asia/Tokyo" });
    assert.equal(zoe.timeZone, "Asia/Tokyo");
    const { profile } = await updateProfile(db, zoe.id, { timeZone: "America/New_York" });
    assert.equal(profile.timeZone, "America/New_York");
    // Changing the name leaves the zone alone.
    const renamed = await updateProfile(db, zoe.id, { name: "Zoë" });
    assert.equal(renamed.profile.timeZone, "America/New_York");
    await assert.rejects(updateProfile(db, zoe.id, { timeZone: "Mars/Base" }), /time zone/);
    assert.equal((await getProfile(db, zoe.id)).timeZone, "America/New_York");
  } finally {
    await db.close();
  }
});
