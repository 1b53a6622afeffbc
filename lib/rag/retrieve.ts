/**
 * Hybrid retrieval over the document library: full-text (the one FTS5 index, kind `doc_chunk`,
 * bm25) and vector similarity (`vectors.ts`), fused by reciprocal rank (k = 60). Only chunks of
 * documents the profile may read take part: its own, and shared ones (as `documents.shared`
 * and the index's owner column say: null for shared); `documents` narrows that further.
 */
import type { DatabaseSync } from "node:sqlite";
import { prepared } from "../db/prepared.ts";
import { documentAllowedSql } from "../limits/sql.ts";
import type { Db } from "../db/mod.ts";
import type { VectorIndex } from "./vectors.ts";
import { meaningfulWords, stem } from "./words.ts";

/** One retrieved passage, best first. */
export interface Passage {
  chunkId: number;
  documentId: string;
  /** The document's name. */
  name: string;
  heading: string;
  text: string;
  start: number;
  end: number;
  /** The fused score (reciprocal rank; higher is better). */
  score: number;
}

/** What `retrieve` needs. */
export interface RetrieveDeps {
  db: Db;
  index: VectorIndex;
  /** Embeds the query with the current embedding model; null when there is none. */
  embed: (
    texts: string[],
    signal?: AbortSignal,
  ) => Promise<{ model: string; vectors: Float32Array[] } | null>;
  /** Hears why the query could not be embedded (retrieval then goes on with full-text only). */
  onEmbedError?: (error: unknown) => void;
}

/** What to retrieve. */
export interface RetrieveRequest {
  profileId: string;
  query: string;
  /** Only these documents (still only those the profile may read). */
  documents?: readonly string[];
  /** How many passages (default 6). */
  k?: number;
  signal?: AbortSignal;
}

/** Reciprocal rank fusion's constant. */
export const RRF_K = 60;
/** How many hits each of full-text and vectors contributes to the fusion. */
const CANDIDATES = 40;
/** Words of the question that go into the full-text query. */
const MAX_WORDS = 24;

/**
 * The terms of a tolerant FTS5 query for a question: each meaningful word (stop words dropped),
 * quoted (so operators are just text); when its stem has 4 letters or more, the stem as a prefix
 * instead (`filters` → `"filter"*` finds `filter` and `filtering` too).
 */
export function tolerantTerms(question: string): string[] {
  const words = [...new Set(meaningfulWords(question.normalize("NFKC")))].slice(0, MAX_WORDS);
  const terms = new Set<string>();
  for (const w of words) {
    const clean = w.replace(/"/g, "");
    if (!clean) continue;
    const s = stem(clean);
    terms.add(s.length >= 4 ? `"${s}"*` : `"${clean}"`);
  }
  return [...terms];
}

/** Any of the question's terms (`tolerantTerms`); null when no word is left. */
export function tolerantQuery(question: string): string | null {
  const terms = tolerantTerms(question);
  return terms.length ? terms.join(" OR ") : null;
}

/**
 * How many matches are ranked at most. bm25 costs ~10 µs a match, and an OR of common words
 * matches most of a large library (80,000 of 100,000 chunks: 0.3–0.9 s), so the rarest terms are
 * kept while their matches fit (their document frequencies from `fts5vocab`; the common ones add
 * little to bm25 anyway), and past that the newest matches are ranked. A library of a few thousand
 * chunks never gets here.
 */
export const RANKED_MATCHES = 2_000;

const vocabularies = new WeakSet<DatabaseSync>();

/** How many index rows contain `term` (a prefix term: any word it starts), from fts5vocab. */
function documentFrequency(db: DatabaseSync, term: string): number {
  if (!vocabularies.has(db)) {
    db.exec(
      "CREATE VIRTUAL TABLE IF NOT EXISTS temp.rag_search_vocab USING fts5vocab(main, search_fts, 'row')",
    );
    vocabularies.add(db);
  }
  const prefix = term.endsWith("*");
  const word = term.slice(1, prefix ? -2 : -1);
  const row = prefix
    ? prepared(
      db,
      "SELECT coalesce(sum(doc), 0) AS n FROM temp.rag_search_vocab WHERE term >= ? AND term < ?",
    ).get(word, word + "\uffff")
    : prepared(db, "SELECT doc AS n FROM temp.rag_search_vocab WHERE term = ?").get(word);
  return (row as { n: number } | undefined)?.n ?? 0;
}

/** The rarest of `terms` whose matches fit `RANKED_MATCHES` (at least one), as a query. */
export function boundedQuery(db: DatabaseSync, terms: string[]): string | null {
  const counted = terms.map((term) => ({ term, n: documentFrequency(db, term) }))
    .filter((t) => t.n > 0).sort((a, b) => a.n - b.n);
  const kept: string[] = [];
  let total = 0;
  for (const { term, n } of counted) {
    if (kept.length && total + n > RANKED_MATCHES) break;
    kept.push(term);
    total += n;
  }
  return kept.length ? kept.join(" OR ") : null;
}

/** The documents `profileId` may read (of `only`, when given; a limited profile's only). */
function readableDocuments(
  db: DatabaseSync,
  profileId: string,
  only?: readonly string[],
): Map<string, string> {
  const out = new Map<string, string>();
  if (only) {
    const statement = prepared(
      db,
      `SELECT id, name FROM documents WHERE id = ? AND (profile_id = ? OR shared = 1)
        AND ${documentAllowedSql("documents.id")}`,
    );
    for (const id of new Set(only)) {
      const row = statement.get(id, profileId, profileId) as
        | { id: string; name: string }
        | undefined;
      if (row) out.set(row.id, row.name);
    }
    return out;
  }
  const rows = prepared(
    db,
    `SELECT id, name FROM documents WHERE (profile_id = ? OR shared = 1)
      AND ${documentAllowedSql("documents.id")}`,
  ).all(profileId, profileId) as { id: string; name: string }[];
  for (const row of rows) out.set(row.id, row.name);
  return out;
}

/** Chunk ids matching `match` among what the profile may read, best bm25 first. */
export function fullTextHits(
  db: DatabaseSync,
  profileId: string,
  match: string,
  allowed: ReadonlyMap<string, string>,
  only: boolean,
  limit = CANDIDATES,
): number[] {
  // The owner term is the index's own visibility (null: shared); the allowed map then drops
  // what a `documents` filter leaves out. Headings weigh twice the text. The newest
  // RANKED_MATCHES are ranked (all of them, unless even the rarest term is that common).
  const rows = prepared(
    db,
    `WITH hits AS (
      SELECT f.rowid AS id, bm25(search_fts, 2.0, 1.0) AS score
      FROM search_fts f CROSS JOIN search_docs d ON d.id = f.rowid
      WHERE search_fts MATCH ?1 AND d.kind = 'doc_chunk'
        AND (d.profile_id = ?2 OR d.profile_id IS NULL)
        AND (?3 IS NULL OR d.parent_id IN (SELECT value FROM json_each(?3)))
      ORDER BY f.rowid DESC LIMIT ?5
    )
    SELECT d.ref_id AS id, d.parent_id AS doc FROM hits JOIN search_docs d ON d.id = hits.id
    ORDER BY hits.score, hits.id DESC LIMIT ?4`,
  ).all(
    match,
    profileId,
    only ? JSON.stringify([...allowed.keys()]) : null,
    limit * 2,
    RANKED_MATCHES,
  ) as { id: string; doc: string }[];
  return rows.filter((r) => allowed.has(r.doc)).slice(0, limit).map((r) => Number(r.id));
}

/** The passages most relevant to `req.query` that the profile may read, best first. */
export async function retrieve(deps: RetrieveDeps, req: RetrieveRequest): Promise<Passage[]> {
  const k = Math.max(1, Math.min(req.k ?? 6, 50));
  const db = deps.db.raw;
  const allowed = readableDocuments(db, req.profileId, req.documents);
  if (!allowed.size) return [];
  const match = boundedQuery(db, tolerantTerms(req.query));
  const text = match
    ? fullTextHits(db, req.profileId, match, allowed, req.documents !== undefined)
    : [];
  req.signal?.throwIfAborted();
  // Without vectors (no embedding model, the model server down) full-text still answers.
  const embedded = req.query.trim()
    ? await deps.embed([req.query], req.signal).catch((err) => {
      if (req.signal?.aborted) throw err;
      deps.onEmbedError?.(err);
      return null;
    })
    : null;
  const vector = embedded?.vectors[0]
    ? deps.index.search(embedded.model, embedded.vectors[0], CANDIDATES, new Set(allowed.keys()))
      .map((h) => h.chunkId)
    : [];
  const fused = new Map<number, number>();
  for (const list of [text, vector]) {
    list.forEach((id, rank) => fused.set(id, (fused.get(id) ?? 0) + 1 / (RRF_K + rank + 1)));
  }
  const best = [...fused].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  const chunk = prepared(
    db,
    `SELECT id, document_id AS documentId, heading, text, start, end
    FROM document_chunks WHERE id = ?`,
  );
  const passages: Passage[] = [];
  for (const [id, score] of best) {
    if (passages.length === k) break;
    const row = chunk.get(id) as
      | Omit<Passage, "name" | "score" | "chunkId"> & { id: number }
      | undefined;
    const name = row && allowed.get(row.documentId);
    if (!row || name === undefined) continue; // deleted meanwhile, or not the profile's to read
    passages.push({
      chunkId: row.id,
      documentId: row.documentId,
      name,
      heading: row.heading,
      text: row.text,
      start: row.start,
      end: row.end,
      score,
    });
  }
  return passages;
}
