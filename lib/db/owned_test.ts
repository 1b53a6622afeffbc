import assert from "node:assert/strict";
import { HttpError } from "../http/errors.ts";
import { openDatabase } from "./mod.ts";
import { owned } from "./owned.ts";
import type { Kysely } from "kysely";

interface TestDb {
  lists: { id: string; profile_id: string; name: string };
  items: { id: string; profile_id: string; list_id: string; text: string };
  shared: { id: string; profile_id: string | null; text: string };
  plain: { id: string; text: string };
}

async function withDb(fn: (kysely: Kysely<TestDb>) => Promise<void>) {
  const db = await openDatabase(":memory:", []);
  db.raw.exec(`
    CREATE TABLE lists (id TEXT PRIMARY KEY, profile_id TEXT NOT NULL, name TEXT NOT NULL);
    CREATE TABLE items (id TEXT PRIMARY KEY, profile_id TEXT NOT NULL, list_id TEXT NOT NULL,
      text TEXT NOT NULL);
  `);
  try {
    await fn(db.kysely as unknown as Kysely<TestDb>);
  } finally {
    await db.close();
  }
}

Deno.test("owned - inserts are stamped with the owner and updates cannot move a row", () =>
  withDb(async (kysely) => {
    const ann = owned(kysely, "ann");
    await ann.insertInto("lists", { id: "l1", name: "Groceries" }).execute();
    // A value built at run time that smuggles another owner in is overruled.
    const smuggled = { id: "l2", name: "Tools", profile_id: "bob" };
    await ann.insertInto("lists", [smuggled]).execute();
    await ann.update("lists", "l1", { name: "Food", ...{ profile_id: "bob" } });
    const rows = await kysely.selectFrom("lists").selectAll().orderBy("id").execute();
    assert.deepEqual(rows.map((r) => ({ ...r })), [
      { id: "l1", profile_id: "ann", name: "Food" },
      { id: "l2", profile_id: "ann", name: "Tools" },
    ]);
  }));

Deno.test("owned - another profile's id is the table's own 404, exactly like a missing one", () =>
  withDb(async (kysely) => {
    await owned(kysely, "ann").insertInto("lists", { id: "l1", name: "Groceries" }).execute();
    const bob = owned(kysely, "bob", {
      lists: (id) => new HttpError(404, "list_not_found", `No list ${id}.`),
    });
    for (const id of ["l1", "nope"]) {
      await assert.rejects(bob.get("lists", id), { code: "list_not_found", status: 404 });
      await assert.rejects(bob.update("lists", id, { name: "x" }), { code: "list_not_found" });
      await assert.rejects(bob.delete("lists", id), { code: "list_not_found" });
    }
    // Tables without their own 404 answer the generic one.
    await assert.rejects(bob.get("items", "i1"), { code: "record_not_found", status: 404 });
    assert.equal((await owned(kysely, "ann").get("lists", "l1")).name, "Groceries");
  }));

Deno.test("owned - a correlated subquery over a second owned table is filtered too", () =>
  withDb(async (kysely) => {
    await owned(kysely, "ann").insertInto("lists", { id: "l1", name: "Ann's" }).execute();
    // A row of Bob's that points into Ann's list must not make her list match.
    await owned(kysely, "bob").insertInto("items", { id: "i1", list_id: "l1", text: "milk" })
      .execute();
    const ann = owned(kysely, "ann");
    const matching = () =>
      ann.selectFrom("lists").select("lists.id").where((eb) =>
        eb.exists(
          ann.selectFrom("items", eb).select("items.id")
            .whereRef("items.list_id", "=", "lists.id").where("items.text", "=", "milk"),
        )
      ).execute();
    assert.deepEqual(await matching(), []);
    await ann.insertInto("items", { id: "i2", list_id: "l1", text: "milk" }).execute();
    assert.deepEqual((await matching()).map((r) => r.id), ["l1"]);
  }));

Deno.test("owned - works inside a transaction, which rolls back as a whole", () =>
  withDb(async (kysely) => {
    await assert.rejects(
      kysely.transaction().execute(async (tx) => {
        const ann = owned(tx, "ann");
        await ann.insertInto("lists", { id: "l1", name: "Groceries" }).execute();
        assert.equal((await ann.get("lists", "l1")).name, "Groceries");
        await ann.get("lists", "missing");
      }),
      { code: "record_not_found" },
    );
    assert.deepEqual(await kysely.selectFrom("lists").selectAll().execute(), []);
  }));

Deno.test("owned - only tables with a non-null profile_id are accepted", () =>
  withDb((kysely) => {
    const ann = owned(kysely, "ann");
    // @ts-expect-error: `plain` has no owner column.
    assert.ok(ann.selectFrom("plain"));
    // @ts-expect-error: `shared` rows may be household-wide (null owner).
    assert.ok(ann.deleteFrom("shared"));
    // @ts-expect-error: the owner is stamped, never given.
    assert.ok(ann.insertInto("lists", { id: "l9", name: "x", profile_id: "bob" }));
    return Promise.resolve();
  }));
