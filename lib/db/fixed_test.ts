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

Deno.test("fixed query - runs inside its transaction, never inside another, and not after it ended", async () => {
  const dir = await Deno.makeTempDir();
  const db = await openDatabase(`${dir}/h.db`);
  try {
    const a = await createMember(db, { name: "A", avatar: "🙂" });
    const names = (r: { rows: { name: string }[] }) => r.rows.map((row) => row.name);
    const named = fixedQuery((k: Kysely<Database>, id: string) =>
      k.selectFrom("profiles").select("name").where("id", "=", id)
    );
    const rename = fixedQuery((k: Kysely<Database>, id: string, name: string) =>
      k.updateTable("profiles").set({ name }).where("id", "=", id)
    );
    // Several fixed queries in one transaction see its writes; a rollback takes them back.
    let kept: Kysely<Database> | undefined;
    await assert.rejects(
      db.kysely.transaction().execute(async (tx) => {
        kept = tx;
        await rename(tx, a.id, "B");
        assert.deepEqual(names(await named(tx, a.id)), ["B"]);
        await rename(tx, a.id, "C");
        assert.deepEqual(names(await named(tx, a.id)), ["C"]);
        throw new Error("undo");
      }),
      /undo/,
    );
    assert.deepEqual(names(await named(db.kysely, a.id)), ["A"]);
    // The ended transaction's object refuses queries, as Kysely's own do.
    await assert.rejects(named(kept!, a.id), /rolled back/);
    // A query outside waits for the open transaction to end rather than run inside it.
    let release!: () => void;
    let wrote!: () => void;
    const held = new Promise<void>((resolve) => release = resolve);
    const written = new Promise<void>((resolve) => wrote = resolve);
    const tx = db.kysely.transaction().execute(async (tx) => {
      await rename(tx, a.id, "D");
      wrote();
      await held;
      await rename(tx, a.id, "E");
    });
    await written;
    const outside = named(db.kysely, a.id);
    release();
    await tx;
    assert.deepEqual(names(await outside), ["E"]);
  } finally {
    await db.close();
    await Deno.remove(dir, { recursive: true });
  }
});
