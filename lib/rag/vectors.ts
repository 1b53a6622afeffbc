/**
 * The in-memory vector index over `chunk_vectors` (migration 0018): one sign bit per dimension
 * in memory, Hamming distance for candidates, exact cosine re-scoring of the best candidates
 * with their float32 vectors read back from `chunk_vectors` by rowid.
 *
 * Measured before choosing (a throwaway comparison script; bench/rag.ts keeps measuring the
 * chosen one): 100,000 synthetic unit vectors × 768 dims (500 clusters, each vector ~0.6 cosine
 * to its centre), 100 queries near stored vectors, exact top-10 as truth, on a shared 2-core box
 * (load average ~5–10, so upper bounds; JS loops in Deno 2.9, the re-score reads each candidate's
 * blob with a prepared statement from a WAL database file):
 *
 * | method                                          | p50 ms | p95 ms | resident MB | recall@10 |
 * | ----------------------------------------------- | -----: | -----: | ----------: | --------: |
 * | (a) float32 brute force (JS loop)               |  121.8 |  187.2 |       293.0 |     1.000 |
 * | (b) int8 brute force + float32 re-score 40      |  120.6 |  169.9 |        73.2 |     1.000 |
 * | (c) binary (sign) Hamming + re-score 100        |    8.9 |   11.7 |         9.2 |     0.922 |
 * | (c) binary (sign) Hamming + re-score 200        |   16.3 |   18.0 |         9.2 |     1.000 |
 * | (c) binary (sign) Hamming + re-score 400        |   22.8 |   26.9 |         9.2 |     1.000 |
 * | (c') binary, float query × sign tables + re-score 100 | 14.1 | 24.4 |   9.2 |     0.978 |
 * | (d) sqlite-vec 0.1.9 vec0 float[768]            |  158.8 |  178.5 |  (db pages) |     1.000 |
 * | (d) sqlite-vec bit[768] + float32 re-score 200  |   55.4 |   62.3 |  (db pages) |     0.999 |
 *
 * Chosen: binary + Hamming + re-score of `max(200, 20·k)` candidates: the only one under both the
 * 50 ms p95 and the 64 MB targets, pure TypeScript (a native `.so` such as sqlite-vec does not
 * travel inside a single-file build), and a re-score makes its ranking exact among candidates.
 * Once the candidate heap is full, a code already farther than its worst after each 8 words is
 * dropped early. The bits are signs of `v − centre` (the mean of the first vectors), which keeps
 * real embeddings (not centred on zero) from wasting bits; any fixed centre is consistent for
 * stored vectors and queries alike.
 *
 * The index holds one embedding model at a time (the current one), loaded on the first search for
 * it: at once up to 20,000 vectors, else in slices between which the event loop runs (100,000 take
 * seconds to read), searching what is loaded so far; `add` and `removeDocument` keep a loaded
 * index current (`lib/rag/store.ts` calls them after its transactions commit). A document filter
 * scores only the allowed documents' vectors, so a selective filter still returns `k` hits when it
 * has them.
 */
import type { DatabaseSync, StatementSync } from "node:sqlite";
import type { Db } from "../db/mod.ts";
import { yieldToEventLoop } from "../async.ts";

/** One hit of `VectorIndex.search`: cosine similarity, best first. */
export interface VectorHit {
  chunkId: number;
  documentId: string;
  score: number;
}

/** A chunk's vector as `chunk_vectors.vec` stores it: little-endian float32. */
export function encodeVector(v: Float32Array): Uint8Array {
  const out = new Uint8Array(v.length * 4);
  const view = new DataView(out.buffer);
  for (let i = 0; i < v.length; i++) view.setFloat32(i * 4, v[i], true);
  return out;
}

const LITTLE_ENDIAN = new Uint8Array(Float32Array.of(1).buffer)[3] === 0x3f;

/** The vector of a `chunk_vectors.vec` blob. */
export function decodeVector(bytes: Uint8Array): Float32Array {
  const n = bytes.byteLength >>> 2;
  if (LITTLE_ENDIAN) {
    // A copy, aligned: the blob's own buffer may start anywhere.
    return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + n * 4));
  }
  const out = new Float32Array(n);
  const view = new DataView(bytes.buffer, bytes.byteOffset, n * 4);
  for (let i = 0; i < n; i++) out[i] = view.getFloat32(i * 4, true);
  return out;
}

/** `v` scaled to unit length (a copy); the zero vector stays zero. */
export function normalize(v: Float32Array): Float32Array {
  let sum = 0;
  for (let i = 0; i < v.length; i++) sum += v[i] * v[i];
  const norm = Math.sqrt(sum);
  const out = new Float32Array(v.length);
  if (norm > 0) { for (let i = 0; i < v.length; i++) out[i] = v[i] / norm; }
  return out;
}

/** Candidates re-scored exactly per search. */
export function candidatesFor(k: number): number {
  return Math.max(200, 20 * k);
}

// Popcount of a 32-bit word (SWAR).
function popcount(x: number): number {
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** The sign codes of one model's vectors. */
class ModelIndex {
  readonly words: number;
  size = 0;
  codes: Uint32Array;
  chunkIds: Float64Array;
  docs: Int32Array;
  readonly slotOf = new Map<number, number>();
  readonly docIds: string[] = [];
  readonly docIndex = new Map<string, number>();

  constructor(readonly dims: number, readonly centre: Float32Array, capacity = 1024) {
    this.words = Math.ceil(dims / 32);
    this.codes = new Uint32Array(capacity * this.words);
    this.chunkIds = new Float64Array(capacity);
    this.docs = new Int32Array(capacity);
  }

  /** The sign bits of `v − centre` into `out` at `offset`. */
  encode(v: Float32Array, out: Uint32Array, offset: number): void {
    out.fill(0, offset, offset + this.words);
    for (let j = 0; j < this.dims; j++) {
      if (v[j] > this.centre[j]) out[offset + (j >> 5)] |= 1 << (j & 31);
    }
  }

  #grow(): void {
    const capacity = this.chunkIds.length * 2;
    const codes = new Uint32Array(capacity * this.words);
    codes.set(this.codes);
    const ids = new Float64Array(capacity);
    ids.set(this.chunkIds);
    const docs = new Int32Array(capacity);
    docs.set(this.docs);
    this.codes = codes;
    this.chunkIds = ids;
    this.docs = docs;
  }

  docNumber(documentId: string): number {
    let n = this.docIndex.get(documentId);
    if (n === undefined) {
      n = this.docIds.length;
      this.docIds.push(documentId);
      this.docIndex.set(documentId, n);
    }
    return n;
  }

  put(chunkId: number, documentId: string, v: Float32Array): void {
    if (v.length !== this.dims) return;
    let slot = this.slotOf.get(chunkId);
    if (slot === undefined) {
      if (this.size === this.chunkIds.length) this.#grow();
      slot = this.size++;
      this.slotOf.set(chunkId, slot);
    }
    this.chunkIds[slot] = chunkId;
    this.docs[slot] = this.docNumber(documentId);
    this.encode(v, this.codes, slot * this.words);
  }

  removeDocument(documentId: string): void {
    const doc = this.docIndex.get(documentId);
    if (doc === undefined) return;
    const w = this.words;
    for (let slot = 0; slot < this.size;) {
      if (this.docs[slot] !== doc) {
        slot++;
        continue;
      }
      // Swap-remove: the last slot moves here.
      const last = --this.size;
      this.slotOf.delete(this.chunkIds[slot]);
      if (slot !== last) {
        this.codes.copyWithin(slot * w, last * w, last * w + w);
        this.chunkIds[slot] = this.chunkIds[last];
        this.docs[slot] = this.docs[last];
        this.slotOf.set(this.chunkIds[slot], slot);
      }
    }
  }

  /** Slots of the `n` codes nearest `query` in Hamming distance, among `allowed` documents. */
  candidates(query: Float32Array, n: number, allowed?: Uint8Array): number[] {
    const w = this.words;
    const q = new Uint32Array(w);
    this.encode(query, q, 0);
    // A bounded max-heap on distance keeps the n nearest.
    const heapSlot = new Int32Array(n);
    const heapDist = new Int32Array(n);
    let count = 0;
    const codes = this.codes, docs = this.docs;
    for (let slot = 0; slot < this.size; slot++) {
      if (allowed && !allowed[docs[slot]]) continue;
      let d = 0;
      const o = slot * w;
      // Once the heap is full, a code already farther than its worst after a stretch of words
      // is dropped without the rest (most codes are far).
      const bound = count < n ? Infinity : heapDist[0];
      for (let i = 0; i < w;) {
        const stop = Math.min(w, i + 8);
        for (; i < stop; i++) d += popcount(codes[o + i] ^ q[i]);
        if (d >= bound) break;
      }
      if (d >= bound) continue;
      if (count < n) {
        // Sift up.
        let i = count++;
        while (i > 0) {
          const p = (i - 1) >> 1;
          if (heapDist[p] >= d) break;
          heapDist[i] = heapDist[p];
          heapSlot[i] = heapSlot[p];
          i = p;
        }
        heapDist[i] = d;
        heapSlot[i] = slot;
      } else if (d < heapDist[0]) {
        // Replace the root and sift down.
        let i = 0;
        for (;;) {
          const l = 2 * i + 1;
          if (l >= n) break;
          const r = l + 1;
          const c = r < n && heapDist[r] > heapDist[l] ? r : l;
          if (heapDist[c] <= d) break;
          heapDist[i] = heapDist[c];
          heapSlot[i] = heapSlot[c];
          i = c;
        }
        heapDist[i] = d;
        heapSlot[i] = slot;
      }
    }
    return Array.from(heapSlot.subarray(0, count));
  }

  /** Bytes held in typed arrays (codes, chunk ids, document numbers). */
  bytes(): number {
    return this.codes.byteLength + this.chunkIds.byteLength + this.docs.byteLength;
  }
}

/** The indexes built over each database, so `saveChunks` can drop a document's old vectors. */
const indexesOf = new WeakMap<DatabaseSync, Set<WeakRef<VectorIndex>>>();

/** Every live `VectorIndex` over `db` (`lib/rag/store.ts` tells them of replaced chunks). */
export function indexesOver(db: Db): VectorIndex[] {
  const refs = indexesOf.get(db.raw);
  if (!refs) return [];
  const live: VectorIndex[] = [];
  for (const ref of refs) {
    const index = ref.deref();
    if (index) live.push(index);
    else refs.delete(ref);
  }
  return live;
}

/** Vectors of the current embedding model, searchable by cosine similarity (see the top). */
export class VectorIndex {
  readonly #db: DatabaseSync;
  #model: string | null = null;
  #index: ModelIndex | null = null;
  #vectorOf: StatementSync | null = null;
  #loading: Promise<void> = Promise.resolve();
  readonly #syncLoad: number;
  readonly #slice: number;

  /** `syncLoad` and `slice`: see `SYNC_LOAD` and `LOAD_SLICE` (tests make them small). */
  constructor(db: Db, opts: { syncLoad?: number; slice?: number } = {}) {
    this.#db = db.raw;
    this.#syncLoad = opts.syncLoad ?? SYNC_LOAD;
    this.#slice = opts.slice ?? LOAD_SLICE;
    let refs = indexesOf.get(db.raw);
    if (!refs) indexesOf.set(db.raw, refs = new Set());
    refs.add(new WeakRef(this));
  }

  /** Adds or replaces vectors of `model` (the index of another model is not touched). */
  add(
    model: string,
    items: { chunkId: number; documentId: string; vec: Float32Array }[],
  ): void {
    // Not loaded yet: the first search loads them from the table, where they already are.
    if (model !== this.#model || !this.#index || !items.length) return;
    if (this.#index.size === 0 && this.#index.dims !== items[0].vec.length) {
      // The first vectors of an empty index decide its dimensions, and their mean its centre.
      const dims = items[0].vec.length;
      const centre = new Float32Array(dims);
      const same = items.filter((item) => item.vec.length === dims);
      for (const { vec } of same) for (let i = 0; i < dims; i++) centre[i] += vec[i] / same.length;
      this.#index = new ModelIndex(dims, centre);
    }
    for (const item of items) this.#index.put(item.chunkId, item.documentId, item.vec);
  }

  /**
   * Forgets everything loaded: the next search loads from the table again (after a restore
   * replaced or added the rows underneath; a background load of the old index stops).
   */
  reset(): void {
    this.#model = null;
    this.#index = null;
    this.#loading = Promise.resolve();
  }

  /** Forgets a document's vectors (all models). */
  removeDocument(documentId: string): void {
    this.#index?.removeDocument(documentId);
  }

  /**
   * The `k` chunks of `model` most similar to `query`, best first; only chunks of `documents`
   * when given (the caller's allowed set).
   */
  search(
    model: string,
    query: Float32Array,
    k: number,
    documents?: ReadonlySet<string>,
  ): VectorHit[] {
    const index = this.#load(model);
    if (!index || query.length !== index.dims || k <= 0) return [];
    let allowed: Uint8Array | undefined;
    if (documents) {
      allowed = new Uint8Array(index.docIds.length);
      let any = false;
      for (const id of documents) {
        const n = index.docIndex.get(id);
        if (n !== undefined) allowed[n] = 1, any = true;
      }
      if (!any) return [];
    }
    const q = normalize(query);
    const slots = index.candidates(q, candidatesFor(k), allowed);
    this.#vectorOf ??= this.#db.prepare(
      "SELECT vec FROM chunk_vectors WHERE chunk_id = ? AND model = ?",
    );
    const hits: VectorHit[] = [];
    for (const slot of slots) {
      const chunkId = index.chunkIds[slot];
      const row = this.#vectorOf.get(chunkId, model) as { vec: Uint8Array } | undefined;
      if (!row) continue;
      const v = decodeVector(row.vec);
      if (v.length !== q.length) continue;
      let dot = 0, norm = 0;
      for (let i = 0; i < v.length; i++) {
        dot += v[i] * q[i];
        norm += v[i] * v[i];
      }
      hits.push({
        chunkId,
        documentId: index.docIds[index.docs[slot]],
        score: norm > 0 ? dot / Math.sqrt(norm) : 0,
      });
    }
    return hits.sort((a, b) => b.score - a.score || a.chunkId - b.chunkId).slice(0, k);
  }

  /** How many vectors the loaded index holds and its bytes (for the benchmark and tests). */
  stats(): { model: string | null; size: number; bytes: number } {
    return {
      model: this.#model,
      size: this.#index?.size ?? 0,
      bytes: this.#index?.bytes() ?? 0,
    };
  }

  /**
   * Resolves once `model`'s vectors are all loaded (starting the load if it is not the current
   * model): for a start that wants the index warm, and for benchmarks.
   */
  async ready(model: string): Promise<void> {
    this.#load(model);
    await this.#loading;
  }

  /**
   * Loads `model`'s vectors from `chunk_vectors` unless loaded; drops another model's. Up to
   * `SYNC_LOAD` vectors load at once; a larger library loads in slices of `LOAD_SLICE` between
   * which the event loop runs (100,000 vectors take seconds), searching what is loaded so far.
   */
  #load(model: string): ModelIndex | null {
    if (model === this.#model) return this.#index;
    this.#model = model;
    this.#index = null;
    this.#loading = Promise.resolve();
    // Both from the model's index alone (no table rows: a scan of 300 MB of blobs stalls).
    const count = this.#db.prepare(
      "SELECT count(*) AS n FROM chunk_vectors WHERE model = ?",
    ).get(model) as { n: number };
    const first = this.#db.prepare(
      "SELECT dims FROM chunk_vectors WHERE model = ? ORDER BY chunk_id LIMIT 1",
    ).get(model) as { dims: number } | undefined;
    if (!count.n || !first) {
      // An empty index still takes adds: the first ones decide its dimensions and centre.
      return this.#index = new ModelIndex(0, new Float32Array(0), 1);
    }
    const dims = first.dims;
    // The centre: the mean of the first CENTRE_SAMPLE vectors (any fixed centre is consistent).
    const centre = new Float32Array(dims);
    const sample = this.#db.prepare(
      "SELECT vec FROM chunk_vectors WHERE model = ? AND dims = ? ORDER BY chunk_id LIMIT ?",
    ).all(model, dims, CENTRE_SAMPLE) as { vec: Uint8Array }[];
    for (const row of sample) {
      const v = decodeVector(row.vec);
      for (let i = 0; i < dims; i++) centre[i] += v[i] / sample.length;
    }
    const index = new ModelIndex(dims, centre, Math.max(1024, count.n));
    this.#index = index;
    const slice = this.#db.prepare(
      `SELECT v.chunk_id AS chunkId, c.document_id AS documentId, v.vec AS vec
      FROM chunk_vectors v JOIN document_chunks c ON c.id = v.chunk_id
      WHERE v.model = ? AND v.dims = ? AND v.chunk_id > ? ORDER BY v.chunk_id LIMIT ?`,
    );
    /** Loads the slice after `after`; returns its last chunk id, or null at the end. */
    const next = (after: number): number | null => {
      const rows = slice.all(model, dims, after, this.#slice) as {
        chunkId: number;
        documentId: string;
        vec: Uint8Array;
      }[];
      for (const row of rows) index.put(row.chunkId, row.documentId, decodeVector(row.vec));
      return rows.length === this.#slice ? rows[rows.length - 1].chunkId : null;
    };
    if (count.n <= this.#syncLoad) {
      for (let after: number | null = 0; after !== null;) after = next(after);
      return index;
    }
    let after: number | null = next(0);
    this.#loading = (async () => {
      while (after !== null && this.#index === index) {
        await yieldToEventLoop();
        if (this.#index === index) after = next(after);
      }
    })();
    return index;
  }
}

/** Vectors loaded at once on a first search; a larger library loads in slices. */
export const SYNC_LOAD = 20_000;
/** Vectors per slice of a load in the background. */
export const LOAD_SLICE = 2_000;
/** Vectors whose mean is the centre of the sign codes. */
const CENTRE_SAMPLE = 1_000;
