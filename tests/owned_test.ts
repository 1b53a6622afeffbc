/**
 * Owner scoping, proven before any owned domain exists: a throwaway table and route built the
 * way every owned domain will be. Profile A cannot read, change or delete profile B's rows by
 * id, and "not yours" is the very same 404 as "missing".
 */
import assert from "node:assert/strict";
import type { Kysely } from "kysely";
import { requireProfile } from "../lib/auth/mod.ts";
import { cookieFrom, json, seedHousehold } from "../lib/auth/testing.ts";
import { owned } from "../lib/db/owned.ts";
import { define } from "../utils.ts";
import manifest from "../routes.gen.ts";
import { expectError, testApp } from "./helpers/app.ts";

interface NotesDb {
  test_notes: { id: string; profile_id: string; text: string };
}

Deno.test("auth - profile A cannot read, change or delete profile B's rows by id", async () => {
  // A throwaway owned table and route, built like every owned domain will be.
  const notesRoute = {
    handler: define.handlers({
      async GET(ctx) {
        const profile = requireProfile(ctx);
        const notes = ctx.state.services.db.kysely as unknown as Kysely<NotesDb>;
        return Response.json(await owned(notes, profile.id).get("test_notes", ctx.params.id));
      },
    }),
  };
  await using app = await testApp({
    manifest: {
      ...manifest,
      routes: { ...manifest.routes, "./routes/api/test_notes/[id].ts": notesRoute },
    },
  });
  const { guest: a, kid: b } = await seedHousehold(app.services.db);
  app.services.db.raw.exec(`CREATE TABLE test_notes (id TEXT PRIMARY KEY, profile_id TEXT NOT NULL
    REFERENCES profiles (id) ON DELETE CASCADE, text TEXT NOT NULL) STRICT`);
  const notes = app.services.db.kysely as unknown as Kysely<NotesDb>;
  await notes.insertInto("test_notes").values([
    { id: "a1", profile_id: a.id, text: "A's note" },
    { id: "b1", profile_id: b.id, text: "B's secret" },
  ]).execute();

  const cookieA = cookieFrom(
    await app.api(`/api/profiles/${a.id}/select`, json("POST", {})),
    "hearth_device",
  );
  const mine = await app.api("/api/test_notes/a1", { headers: { cookie: cookieA } });
  assert.deepEqual(await mine.json(), { id: "a1", profile_id: a.id, text: "A's note" });
  const theirs = await expectError(
    await app.api("/api/test_notes/b1", { headers: { cookie: cookieA } }),
    404,
    "record_not_found",
  );
  const missing = await expectError(
    await app.api("/api/test_notes/zz", { headers: { cookie: cookieA } }),
    404,
    "record_not_found",
  );
  assert.equal(theirs.error.message.replace("b1", "ID"), missing.error.message.replace("zz", "ID"));
  await expectError(await app.api("/api/test_notes/a1"), 401, "profile_required");

  const ownedByA = owned(notes, a.id);
  const listed = await ownedByA.selectFrom("test_notes").select(["id"]).execute();
  assert.deepEqual(listed.map((r) => r.id), ["a1"]);
  await assert.rejects(
    ownedByA.update("test_notes", "b1", { text: "pwned" }),
    /nothing with the id b1/,
  );
  await assert.rejects(ownedByA.delete("test_notes", "b1"), /nothing with the id b1/);
  const b1 = await owned(notes, b.id).get("test_notes", "b1");
  assert.equal(b1.text, "B's secret", "B's row is untouched");
  await ownedByA.update("test_notes", "a1", { text: "edited" });
  await ownedByA.delete("test_notes", "a1");
  assert.deepEqual(await ownedByA.selectFrom("test_notes").selectAll().execute(), []);
});
