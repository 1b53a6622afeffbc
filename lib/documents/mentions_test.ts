import assert from "node:assert/strict";
import { chatTestDb } from "../chat/testing.ts";
import { insertDocument } from "../rag/chat_testing.ts";
import { findMentions, mentionTokens, normalizeName } from "./mentions.ts";
import { visibleDocumentIds } from "./store.ts";

const doc = (profileId: string, name: string, shared = false) => ({
  profileId,
  name,
  shared,
  passages: [],
});

Deno.test("mentions - a name is compared lowercase, without its extension and punctuation", () => {
  assert.deepEqual(normalizeName("Lease 2026.pdf"), "lease2026");
  assert.deepEqual(normalizeName("Mietvertrag_Überblick.docx"), "mietvertragüberblick");
  assert.deepEqual(mentionTokens("see #lease-2026, and #Lease_2026. Or #lease2026!"), [
    "lease2026",
  ]);
  assert.deepEqual(mentionTokens("a#b is no mention, (#notes) is; #x-. too"), ["notes", "x"]);
});

Deno.test("mentions - at most five mentions are read from one message", () => {
  assert.deepEqual(mentionTokens("#a1 #a2 #a3 #a4 #a5 #a6 #a7").length, 5);
});

Deno.test("mentions - #name finds the profile's own and shared documents by name or unique prefix", async () => {
  const db = await chatTestDb();
  using _ = { [Symbol.dispose]: () => void db.close() };
  const lease = await insertDocument(db.kysely, doc("ann", "Lease 2026.pdf"));
  const recipes = await insertDocument(db.kysely, doc("bob", "Family recipes.md", true));
  await insertDocument(db.kysely, doc("ann", "Insurance car.pdf"));
  await insertDocument(db.kysely, doc("ann", "Insurance home.pdf"));

  for (const text of ["#lease-2026 pets?", "#Lease_2026", "(#lease2026)", "#leas"]) {
    assert.deepEqual(await findMentions(db, "ann", text), [{
      id: lease.id,
      name: "Lease 2026.pdf",
    }]);
  }
  assert.deepEqual((await findMentions(db, "ann", "#familyrecipes and #lease")).map((d) => d.id), [
    recipes.id,
    lease.id,
  ]);
  // Too short for a prefix, ambiguous, or no mention at all: nothing.
  assert.deepEqual(await findMentions(db, "ann", "#le"), []);
  assert.deepEqual(await findMentions(db, "ann", "#insurance"), []);
  assert.deepEqual(await findMentions(db, "ann", "lease2026 without a hash"), []);
});

Deno.test("mentions - another profile's private document is never matched", async () => {
  const db = await chatTestDb();
  using _ = { [Symbol.dispose]: () => void db.close() };
  const secret = await insertDocument(db.kysely, doc("bob", "Diary.md"));
  assert.deepEqual(await findMentions(db, "ann", "#diary"), []);
  assert.deepEqual(await findMentions(db, "ann", "#dia"), []);
  assert.deepEqual(await findMentions(db, "bob", "#diary"), [{ id: secret.id, name: "Diary.md" }]);
  // Ann's own "Diary notes" is the only candidate for her prefix.
  const mine = await insertDocument(db.kysely, doc("ann", "Diary notes.md"));
  assert.deepEqual(await findMentions(db, "ann", "#dia"), [{
    id: mine.id,
    name: "Diary notes.md",
  }]);
  assert.deepEqual(await visibleDocumentIds(db, "ann", [secret.id, mine.id]), [mine.id]);
  assert.ok((await visibleDocumentIds(db, "bob", [secret.id, mine.id])).length === 1);
});
