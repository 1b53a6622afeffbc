/**
 * Retrieval (issue 15): the vector index (`lib/rag/vectors.ts`) over 100,000 chunks of 768
 * dimensions, and `retrieve()` end to end over the same library. The library is seeded straight
 * into a temp database file (1,000 documents of 100 chunks; their text joins the FTS5 index by
 * the migration's triggers): synthetic unit vectors in 500 clusters (each ~0.6 cosine to its
 * centre), queries near stored vectors, exact brute-force top-10 as the truth. `retrieve()` gets
 * the query's vector from a double, so its figure is Hearth's own work (full-text + vectors +
 * fusion + reading the passages), not the embedding model's.
 */
import { ragDb } from "../lib/rag/testing.ts";
import { retrieve } from "../lib/rag/retrieve.ts";
import { encodeVector, VectorIndex } from "../lib/rag/vectors.ts";
import { newId } from "../lib/db/ids.ts";
import { fmt, median, mib, percentile, rng, runParts, TABLE_HEADER, verdict } from "./harness.ts";

const DOCS = 1_000;
const PER_DOC = 100;
const N = DOCS * PER_DOC;
const DIMS = 768;
const CLUSTERS = 500;
const QUERIES = 100;
const MODEL = "bench-embed";

function gaussian(random: () => number): () => number {
  return () => {
    const u = random() || 1e-9, v = random();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
}

function unit(v: Float32Array): Float32Array {
  let s = 0;
  for (const x of v) s += x * x;
  s = Math.sqrt(s) || 1;
  for (let i = 0; i < v.length; i++) v[i] /= s;
  return v;
}

async function rag(): Promise<string[]> {
  const random = rng(15);
  const gauss = gaussian(random);
  const dir = await Deno.makeTempDir({ prefix: "hearth-bench-rag-" });
  const { db, ann, ben } = await ragDb(`${dir}/hearth.db`);
  try {
    // Seed: documents, chunks (text from a 3,000-word vocabulary), vectors.
    const t0 = performance.now();
    const vocabulary = Array.from(
      { length: 3_000 },
      () =>
        Array.from(
          { length: 2 + Math.floor(random() * 3) },
          () => "bcdfghklmnprstvz"[Math.floor(random() * 16)] + "aeiou"[Math.floor(random() * 5)],
        ).join(
          "",
        ),
    );
    const centres = Array.from(
      { length: CLUSTERS },
      () => unit(Float32Array.from({ length: DIMS }, gauss)),
    );
    const data = new Float32Array(N * DIMS);
    const docIds: string[] = [];
    const raw = db.raw;
    const insertDoc = raw.prepare(
      `INSERT INTO documents (id, profile_id, name, kind, mime, size, sha256, shared, status,
        created_at, updated_at) VALUES (?, ?, ?, 'md', 'text/markdown', 0, '', ?, 'ready', ?, ?)`,
    );
    const insertChunk = raw.prepare(
      `INSERT INTO document_chunks (id, document_id, seq, heading, text, start, end, tokens)
      VALUES (?, ?, ?, ?, ?, 0, 0, 100)`,
    );
    const insertVector = raw.prepare(
      "INSERT INTO chunk_vectors (chunk_id, model, dims, vec) VALUES (?, ?, ?, ?)",
    );
    const texts: string[] = [];
    const now = new Date().toISOString();
    raw.exec("BEGIN");
    for (let d = 0; d < DOCS; d++) {
      const id = newId();
      docIds.push(id);
      insertDoc.run(id, d % 2 ? ann : ben, `document ${d}`, d % 2 ? 0 : 1, now, now);
      for (let s = 0; s < PER_DOC; s++) {
        const i = d * PER_DOC + s;
        const centre = centres[Math.floor(random() * CLUSTERS)];
        const v = new Float32Array(DIMS);
        for (let j = 0; j < DIMS; j++) v[j] = centre[j] + gauss() * 0.045;
        unit(v);
        data.set(v, i * DIMS);
        const text = Array.from(
          { length: 80 },
          () => vocabulary[Math.floor(random() ** 2 * vocabulary.length)],
        ).join(" ");
        texts.push(text);
        insertChunk.run(i + 1, id, s, `section ${s}`, text);
        insertVector.run(i + 1, MODEL, DIMS, encodeVector(v));
      }
    }
    raw.exec("COMMIT");
    const seedSeconds = (performance.now() - t0) / 1000;

    const queries = Array.from({ length: QUERIES }, () => {
      const i = Math.floor(random() * N);
      const v = new Float32Array(DIMS);
      for (let j = 0; j < DIMS; j++) v[j] = data[i * DIMS + j] + gauss() * 0.03;
      return { i, v: unit(v) };
    });
    const exact = (q: Float32Array, k: number) => {
      const scores = new Float32Array(N);
      for (let i = 0; i < N; i++) {
        let s = 0;
        const o = i * DIMS;
        for (let j = 0; j < DIMS; j++) s += data[o + j] * q[j];
        scores[i] = s;
      }
      // Top k by insertion into a short sorted list.
      const top: number[] = [];
      for (let i = 0; i < N; i++) {
        if (top.length === k && scores[i] <= scores[top[k - 1]]) continue;
        let at = top.length === k ? k - 1 : top.length;
        while (at > 0 && scores[top[at - 1]] < scores[i]) at--;
        top.splice(at, 0, i);
        if (top.length > k) top.pop();
      }
      return top.map((i) => i + 1);
    };

    // The index: its first search loads it from chunk_vectors.
    const index = new VectorIndex(db);
    const rss0 = Deno.memoryUsage().rss;
    let t = performance.now();
    index.search(MODEL, queries[0].v, 10);
    const loadMs = performance.now() - t;
    const stats = index.stats();
    const rssGrowth = Deno.memoryUsage().rss - rss0;

    const times: number[] = [];
    let found = 0;
    const truthTimes: number[] = [];
    for (const [n, q] of queries.entries()) {
      t = performance.now();
      const hits = index.search(MODEL, q.v, 10);
      times.push(performance.now() - t);
      t = performance.now();
      const truth = new Set(exact(q.v, 10));
      if (n < 30) truthTimes.push(performance.now() - t);
      found += hits.filter((h) => truth.has(h.chunkId)).length;
    }
    const recall = found / (QUERIES * 10);

    const filtered: number[] = [];
    for (const [n, q] of queries.entries()) {
      const only = new Set([docIds[(n * 37) % DOCS]]);
      t = performance.now();
      const hits = index.search(MODEL, q.v, 6, only);
      filtered.push(performance.now() - t);
      if (hits.length !== 6) throw new Error(`a filtered search found ${hits.length} of 6`);
    }

    // retrieve(): the question is words of the chunk its vector is near.
    const e2e: number[] = [];
    for (const q of queries) {
      const words = texts[q.i].split(" ").slice(0, 8).join(" ");
      t = performance.now();
      const passages = await retrieve({
        db,
        index,
        embed: () => Promise.resolve({ model: MODEL, vectors: [q.v] }),
      }, { profileId: ann, query: `What about ${words}?` });
      e2e.push(performance.now() - t);
      if (!passages.length) throw new Error("retrieve found nothing");
    }

    const p95 = percentile(times, 95);
    return [
      `| vector search, ${N.toLocaleString("en")} chunks × ${DIMS} dims (sign bits, Hamming top ` +
      `200, float32 re-score from chunk_vectors), k = 10, ${QUERIES} queries: median / p95 | ${
        fmt(median(times))
      } / ${fmt(p95)} ms | float32 brute force (JS): ${fmt(median(truthTimes))} / ${
        fmt(percentile(truthTimes, 95))
      } ms | ${fmt(median(times) / median(truthTimes), 2)}× | p95 < 50 ms | ${verdict(p95 < 50)} |`,
      `| vector index memory (typed arrays; process RSS grew ${mib(rssGrowth)} MiB while ` +
      `loading) and first-search load time | ${mib(stats.bytes)} MiB, loaded in ${
        fmt(loadMs / 1000, 2)
      } s | float32 in memory: ${mib(N * DIMS * 4)} MiB | ${
        fmt(stats.bytes / (N * DIMS * 4), 3)
      }× | ≤ 64 MB | ${verdict(stats.bytes <= 64e6)} |`,
      `| vector search recall@10 against exact | ${fmt(recall, 3)} | 1.000 | | ≥ 0.95 | ${
        verdict(recall >= 0.95)
      } |`,
      `| vector search limited to 1 document of ${DOCS.toLocaleString("en")}, k = 6: ` +
      `median / p95 | ${fmt(median(filtered), 2)} / ${
        fmt(percentile(filtered, 95), 2)
      } ms | | | 6 hits | PASS |`,
      `| retrieve() end to end over ${N.toLocaleString("en")} chunks (FTS5 OR query + vectors + ` +
      `RRF, k = 6; query vector given; seeded in ${fmt(seedSeconds, 0)} s): median / p95 | ${
        fmt(median(e2e))
      } / ${fmt(percentile(e2e, 95))} ms | vector search alone: ${fmt(median(times))} ms | ${
        fmt(median(e2e) / median(times), 2)
      }× | p95 < 100 ms | ${verdict(percentile(e2e, 95) < 100)} |`,
    ];
  } finally {
    await db.close();
    await Deno.remove(dir, { recursive: true });
  }
}

/** Runs the retrieval benchmark; returns Markdown table rows (see `TABLE_HEADER`). */
export async function benchRag(): Promise<string[]> {
  return await runParts([["retrieval", rag]]);
}

if (import.meta.main) console.log([...TABLE_HEADER, ...await benchRag()].join("\n"));
