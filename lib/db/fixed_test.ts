import assert from "node:assert/strict";
import { openDatabase } from "./mod.ts";
import { fixedQuery } from "./fixed.ts";
import { createMember } from "../auth/profiles.ts";
import type { Database } from "./schema.ts";
import type { Kysely } from "kysely";

Deno.test("fixed query - compiled once, each call binds its own values, in a transaction too", async () => {
  const dir = await Deno.makeTempDir();
  const db = await openDatabase(`${dir}/h.db`);
  try {
    const a = await createMember(db, { name: "A", avatar: "🙂" });
    const b = await createMember(db, { name: "B", avatar: "🙂" });
    let builds = 0;
    // node:sqlite's rows have no prototype.
    const names = (r: { rows: { name: string }[] }) => r.rows.map((row) => row.name);
    const named = fixedQuery((k: Kysely<Database>, id: string) => {
      builds++;
      return k.selectFrom("profiles").select("name").where("id", "=", id);
    });
    assert.deepEqual(names(await named(db.kysely, a.id)), ["A"]);
    assert.deepEqual(names(await named(db.kysely, b.id)), ["B"]);
    assert.deepEqual(names(await named(db.kysely, "nobody")), []);
    await db.kysely.transaction().execute(async (tx) => {
      assert.deepEqual(names(await named(tx, b.id)), ["B"]);
    });
    assert.equal(builds, 1);
  } finally {
    await db.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("fixed query - refuses an argument that would change the SQL, and one it left out", async () => {
  const dir = await Deno.makeTempDir();
  const db = await openDatabase(`${dir}/h.db`);
  try {
    const byIds = fixedQuery((k: Kysely<Database>, id: string) =>
      k.selectFrom("profiles").select("name").where("id", "=", id)
    );
    await assert.rejects(byIds(db.kysely, ["a", "b"] as unknown as string), TypeError);
    const unused = fixedQuery((k: Kysely<Database>, _id: string) =>
      k.selectFrom("profiles").select("name")
    );
    await assert.rejects(unused(db.kysely, "a"), /left an argument out/);
  } finally {
    await db.close();
    await Deno.remove(dir, { recursive: true });
  }
});
