import assert from "node:assert/strict";
import { hashedEmbedding } from "../ollama/fake_embed.ts";
import { chunkMarkdown } from "./chunk.ts";
import { retrieve, type RetrieveDeps, tolerantQuery } from "./retrieve.ts";
import { saveChunks, saveVectors } from "./store.ts";
import { insertDocument, ragDb } from "./testing.ts";
import { VectorIndex } from "./vectors.ts";
import type { Db } from "../db/mod.ts";

const vector = (text: string) => Float32Array.from(hashedEmbedding(text, 256));

async function addDocument(
  db: Db,
  index: VectorIndex,
  owner: string,
  name: string,
  md: string,
  shared = false,
) {
  const id = await insertDocument(db, owner, name, shared);
  const chunks = await saveChunks(db, id, chunkMarkdown(md));
  await saveVectors(
    db,
    index,
    "m",
    id,
    chunks.map((c) => ({ chunkId: c.id, vec: vector(c.text) })),
  );
  return id;
}

async function library() {
  const { db, ann, ben } = await ragDb();
  const index = new VectorIndex(db);
  const annLease = await addDocument(
    db,
    index,
    ann,
    "Ann's lease",
    "# Lease\n\n## Deposit\n\nThe deposit is three months of rent.\n\n## Pets\n\nCats are allowed.",
  );
  const benNotes = await addDocument(
    db,
    index,
    ben,
    "Ben's notes",
    "# Notes\n\nMy deposit for the bike locker is ten euros.",
  );
  const shared = await addDocument(
    db,
    index,
    ben,
    "House rules",
    "# Rules\n\n## Deposit\n\nThe key deposit is paid back when the key is returned.\n\n## Quiet\n\nQuiet hours start at ten.",
    true,
  );
  return { db, index, ann, ben, annLease, benNotes, shared };
}

/** Deps whose embedding ignores the query and answers `as`'s vector (or none). */
const deps = (db: Db, index: VectorIndex, as: string | null): RetrieveDeps => ({
  db,
  index,
  embed: (texts) =>
    Promise.resolve(as === null ? null : { model: "m", vectors: texts.map(() => vector(as)) }),
});

Deno.test("tolerantQuery - any meaningful word, quoted, as a prefix of its stem", () => {
  assert.equal(tolerantQuery("How do I clean the filters?"), '"clean"* OR "filter"*');
  assert.equal(tolerantQuery('NEAR "AND" OR'), '"near"*');
  assert.equal(tolerantQuery("Is the car ok?"), '"car" OR "ok"');
  assert.equal(tolerantQuery("what is the?"), null);
});

Deno.test("retrieve - only what the profile may read: its own documents and shared ones", async () => {
  const { db, index, ann, ben, annLease, benNotes, shared } = await library();
  for (const as of [null, "deposit"]) {
    const forAnn = await retrieve(deps(db, index, as), { profileId: ann, query: "deposit" });
    assert.deepEqual(new Set(forAnn.map((p) => p.documentId)), new Set([annLease, shared]));
    const forBen = await retrieve(deps(db, index, as), { profileId: ben, query: "deposit" });
    assert.deepEqual(new Set(forBen.map((p) => p.documentId)), new Set([benNotes, shared]));
  }
  // Vectors alone (a query with no word the full-text index knows) keep to the same rule.
  const byVector = await retrieve(deps(db, index, "deposit rent bike key"), {
    profileId: ann,
    query: "zzz",
    k: 10,
  });
  assert.ok(byVector.length > 0);
  assert.ok(byVector.every((p) => p.documentId !== benNotes));
  await db.close();
});

Deno.test("retrieve - a passage found by both full-text and vectors ranks first; names and headings come along", async () => {
  const { db, index, ann, annLease, benNotes, shared } = await library();
  const [first, ...rest] = await retrieve(deps(db, index, "deposit three months rent"), {
    profileId: ann,
    query: "How many months of rent is the deposit?",
  });
  assert.equal(first.documentId, annLease);
  assert.equal(first.name, "Ann's lease");
  assert.equal(first.heading, "Lease › Deposit");
  assert.match(first.text, /three months/);
  assert.ok(rest.every((p) => p.score <= first.score));
  // A documents filter keeps to those documents (still only readable ones).
  const only = await retrieve(deps(db, index, "deposit"), {
    profileId: ann,
    query: "deposit",
    documents: [shared],
  });
  assert.ok(only.length >= 1 && only.every((p) => p.documentId === shared));
  assert.equal(only[0].heading, "Rules › Deposit");
  const others = await retrieve(deps(db, index, "deposit"), {
    profileId: ann,
    query: "deposit",
    documents: [benNotes],
  });
  assert.deepEqual(others, [], "another's private document stays out, even when named");
  await db.close();
});

Deno.test("retrieve - full-text alone when the query cannot be embedded; a cancel still cancels", async () => {
  const { db, index, ann, annLease } = await library();
  const errors: unknown[] = [];
  const failing: RetrieveDeps = {
    db,
    index,
    embed: () => Promise.reject(new Error("model server down")),
    onEmbedError: (err) => errors.push(err),
  };
  const passages = await retrieve(failing, { profileId: ann, query: "three months of rent" });
  assert.equal(passages[0].documentId, annLease);
  assert.equal(errors.length, 1);
  const controller = new AbortController();
  const cancelling: RetrieveDeps = {
    db,
    index,
    embed: () => {
      controller.abort(new Error("cancelled"));
      return Promise.reject(new Error("aborted"));
    },
  };
  await assert.rejects(
    retrieve(cancelling, { profileId: ann, query: "rent", signal: controller.signal }),
    /aborted/,
  );
  await db.close();
});
