/**
 * Hybrid retrieval over the document library: full-text (the one FTS5 index, kind `doc_chunk`,
 * bm25) and vector similarity (`vectors.ts`), fused by reciprocal rank (k = 60). Only chunks of
 * documents the profile may read take part: its own, and shared ones (as `documents.shared`
 * and the index's owner column say: null for shared); `documents` narrows that further.
 */
import type { DatabaseSync, StatementSync } from "node:sqlite";
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
 * A tolerant FTS5 query for a question: any of its meaningful words (stop words dropped), each
 * quoted (so operators are just text); when its stem has 4 letters or more, the stem as a
 * prefix instead (`filters` → `"filter"*` finds `filter` and `filtering` too). Null when no
 * word is left.
 */
export function tolerantQuery(question: string): string | null {
  const words = [...new Set(meaningfulWords(question.normalize("NFKC")))].slice(0, MAX_WORDS);
  const terms = new Set<string>();
  for (const w of words) {
    const clean = w.replace(/"/g, "");
    if (!clean) continue;
    const s = stem(clean);
    terms.add(s.length >= 4 ? `"${s}"*` : `"${clean}"`);
  }
  return terms.size ? [...terms].join(" OR ") : null;
}

const statements = new WeakMap<DatabaseSync, Map<string, StatementSync>>();

function prepared(db: DatabaseSync, sql: string): StatementSync {
  let cache = statements.get(db);
  if (!cache) statements.set(db, cache = new Map());
  let statement = cache.get(sql);
  if (!statement) cache.set(sql, statement = db.prepare(sql));
  return statement;
}

/** The documents `profileId` may read (of `only`, when given). */
function readableDocuments(
  db: DatabaseSync,
  profileId: string,
  only?: readonly string[],
): Map<string, string> {
  const out = new Map<string, string>();
  if (only) {
    const statement = prepared(
      db,
      "SELECT id, name FROM documents WHERE id = ? AND (profile_id = ? OR shared = 1)",
    );
    for (const id of new Set(only)) {
      const row = statement.get(id, profileId) as { id: string; name: string } | undefined;
      if (row) out.set(row.id, row.name);
    }
    return out;
  }
  const rows = prepared(
    db,
    "SELECT id, name FROM documents WHERE profile_id = ? OR shared = 1",
  ).all(profileId) as { id: string; name: string }[];
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
  // what a `documents` filter leaves out. Headings weigh twice the text.
  const rows = prepared(
    db,
    `SELECT d.ref_id AS id, d.parent_id AS doc
    FROM search_fts f CROSS JOIN search_docs d ON d.id = f.rowid
    WHERE search_fts MATCH ?1 AND d.kind = 'doc_chunk'
      AND (d.profile_id = ?2 OR d.profile_id IS NULL)
      AND (?3 IS NULL OR d.parent_id IN (SELECT value FROM json_each(?3)))
    ORDER BY bm25(search_fts, 2.0, 1.0) LIMIT ?4`,
  ).all(match, profileId, only ? JSON.stringify([...allowed.keys()]) : null, limit * 2) as {
    id: string;
    doc: string;
  }[];
  return rows.filter((r) => allowed.has(r.doc)).slice(0, limit).map((r) => Number(r.id));
}

/** The passages most relevant to `req.query` that the profile may read, best first. */
export async function retrieve(deps: RetrieveDeps, req: RetrieveRequest): Promise<Passage[]> {
  const k = Math.max(1, Math.min(req.k ?? 6, 50));
  const db = deps.db.raw;
  const allowed = readableDocuments(db, req.profileId, req.documents);
  if (!allowed.size) return [];
  const match = tolerantQuery(req.query);
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
