import assert from "node:assert/strict";
import { decodeVector, encodeVector, normalize, VectorIndex } from "./vectors.ts";
import { saveChunks, saveVectors } from "./store.ts";
import { insertDocument, ragDb } from "./testing.ts";
import type { ChunkDraft } from "./chunk.ts";

let seed = 7;
const random = () => (seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32 - 0.5;
const randomVector = (dims: number) => normalize(Float32Array.from({ length: dims }, random));
const drafts = (n: number): ChunkDraft[] =>
  Array.from({ length: n }, (_, seq) => ({
    seq,
    heading: "",
    text: `chunk ${seq}`,
    start: seq,
    end: seq + 1,
    tokens: 2,
  }));

/**
 * `docs` documents of `per` chunks each, with vectors of model `m`: each document's near a
 * centre of its own (as a document's passages share a topic).
 */
async function seeded(docs: number, per: number, dims = 64) {
  const { db, ann } = await ragDb();
  const index = new VectorIndex(db);
  const vectors = new Map<number, { doc: string; vec: Float32Array }>();
  for (let d = 0; d < docs; d++) {
    const doc = await insertDocument(db, ann, `doc ${d}`);
    const chunks = await saveChunks(db, doc, drafts(per));
    const centre = randomVector(dims);
    const items = chunks.map((c) => ({
      chunkId: c.id,
      vec: normalize(Float32Array.from(randomVector(dims), (x, i) => 0.8 * x + centre[i])),
    }));
    await saveVectors(db, index, "m", doc, items);
    for (const item of items) vectors.set(item.chunkId, { doc, vec: item.vec });
  }
  return { db, ann, index, vectors };
}

const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i], 0);

Deno.test("vector index - encodes little-endian float32, as chunk_vectors keeps it", () => {
  const v = Float32Array.from([1, -0.5, 0.25]);
  const bytes = encodeVector(v);
  assert.deepEqual([...bytes.slice(0, 4)], [0, 0, 0x80, 0x3f]);
  assert.deepEqual(decodeVector(bytes), v);
});

Deno.test("vector index - finds the exact nearest chunks (recall@10 against brute force)", async () => {
  const { db, index, vectors } = await seeded(40, 50, 256);
  const stored = [...vectors.values()];
  let hits = 0;
  for (let q = 0; q < 20; q++) {
    // A query near a stored vector, as a question is near its passage.
    const near = stored[q * 97].vec;
    const query = normalize(Float32Array.from(randomVector(256), (x, i) => 0.5 * x + near[i]));
    const truth = [...vectors].map(([id, { vec }]) => [id, dot(query, vec)] as const)
      .sort((a, b) => b[1] - a[1]).slice(0, 10).map(([id]) => id);
    const found = index.search("m", query, 10);
    assert.equal(found.length, 10);
    assert.ok(found.every((h, i) => i === 0 || found[i - 1].score >= h.score), "best first");
    assert.ok(Math.abs(found[0].score - dot(query, vectors.get(found[0].chunkId)!.vec)) < 1e-5);
    assert.equal(found[0].documentId, vectors.get(found[0].chunkId)!.doc);
    hits += found.filter((h) => truth.includes(h.chunkId)).length;
  }
  assert.ok(hits / 200 >= 0.95, `recall@10 ${hits / 200}`);
  assert.ok(index.stats().bytes < 2000 * 256, "a few bytes per vector, not 4 per dimension");
  await db.close();
});

Deno.test("vector index - a selective document filter still returns k hits", async () => {
  const { db, index, vectors } = await seeded(60, 20);
  const doc = [...vectors.values()][500].doc;
  const hits = index.search("m", randomVector(64), 5, new Set([doc]));
  assert.equal(hits.length, 5);
  assert.ok(hits.every((h) => h.documentId === doc));
  assert.equal(index.search("m", randomVector(64), 50, new Set([doc])).length, 20);
  assert.deepEqual(index.search("m", randomVector(64), 5, new Set(["nope"])), []);
  await db.close();
});

Deno.test("vector index - loads lazily per model, stays current on add, replace and remove", async () => {
  const { db, ann, index, vectors } = await seeded(5, 10);
  const [chunkId, { doc, vec }] = [...vectors][12];
  // Another index over the same database loads what was saved, for that model only.
  const fresh = new VectorIndex(db);
  assert.equal(fresh.search("m", vec, 1)[0].chunkId, chunkId);
  assert.equal(fresh.stats().size, 50);
  assert.deepEqual(fresh.search("other", vec, 1), []);
  assert.equal(fresh.stats().model, "other", "only the current model is held");
  assert.equal(fresh.search("m", vec, 1)[0].chunkId, chunkId);
  // Re-chunking a document drops its old vectors from every index over the database.
  const [renewed] = await saveChunks(db, doc, drafts(1));
  assert.ok(fresh.search("m", vec, 50).every((h) => h.documentId !== doc));
  assert.ok(index.search("m", vec, 50).every((h) => h.documentId !== doc));
  await saveVectors(db, index, "m", doc, [{ chunkId: renewed.id, vec }]);
  assert.equal(index.search("m", vec, 1)[0].chunkId, renewed.id);
  index.removeDocument(doc);
  assert.ok(index.search("m", vec, 50).every((h) => h.documentId !== doc));
  // A new document's vectors are found at once.
  const other = await insertDocument(db, ann, "new");
  const [c] = await saveChunks(db, other, drafts(1));
  const v = randomVector(64);
  await saveVectors(db, index, "m", other, [{ chunkId: c.id, vec: v }]);
  assert.deepEqual(index.search("m", v, 1).map((h) => h.documentId), [other]);
  await db.close();
});

Deno.test("vector index - an empty model's index takes its first vectors", async () => {
  const { db, ann } = await ragDb();
  const index = new VectorIndex(db);
  assert.deepEqual(index.search("m", randomVector(8), 3), []);
  const doc = await insertDocument(db, ann, "first");
  const chunks = await saveChunks(db, doc, drafts(3));
  const items = chunks.map((c) => ({ chunkId: c.id, vec: randomVector(8) }));
  await saveVectors(db, index, "m", doc, items);
  assert.equal(index.search("m", items[1].vec, 1)[0].chunkId, items[1].chunkId);
  await db.close();
});
