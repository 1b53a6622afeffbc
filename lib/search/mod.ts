/**
 * One full-text search over everything a profile may read: messages, todos, events, memos and
 * list items (documents later). Each kind keeps `search_docs` + `search_fts` current with
 * triggers from its migration (3 and 13, so cascades and unsharing update the index in the same
 * transaction) and links its results here. Messages, written most, are noted by theirs and
 * indexed in batches (migration 22, `lib/db/search_later.ts`): a search indexes what is noted
 * first. A shared list's items are household-wide rows (a null
 * owner), the way `lib/lists/access.ts` lets every profile read a shared list.
 *
 * The one per-profile query that does not go through `owned` (`lib/db/owned.ts`), on purpose:
 * `search_docs` also holds household-wide rows (a null owner), so its filter is "mine or
 * nobody's", and the FTS5 match, the join order and the prepared statements are what keep a
 * search under 10 ms. The owner filter is the `d.profile_id` term of the SQL below.
 */
import type { DatabaseSync } from "node:sqlite";
import { prepared } from "../db/prepared.ts";
import { indexPending } from "../db/search_later.ts";
import { documentAllowedSql } from "../limits/sql.ts";
import { ValidationError } from "../http/errors.ts";
import { links } from "../links.ts";

/** One hit. `snippet` is HTML: escaped text with the matches in `<mark>`. */
export interface SearchHit {
  kind: string;
  id: string;
  parentId: string | null;
  title: string;
  snippet: string;
  /** Where the hit opens in the app. */
  href: string;
}

/** How a hit of each kind links into the app (`lib/links.ts`). */
const hrefOf: Record<SearchKind, (id: string, parentId: string | null) => string> = {
  message: (id, parent) => links.message(id, parent ?? ""),
  todo: links.todo,
  event: links.event,
  memo: links.memo,
  list_item: (id, parent) => links.listItem(id, parent ?? ""),
  // A document's parent in the index is its folder; a passage's is its document.
  document: (id) => links.document(id),
  doc_chunk: (id, parent) => links.passage(parent ?? "", id),
};

/** The kinds the index holds (migrations 3, 13 and 18). */
export const SEARCH_KINDS = [
  "message",
  "todo",
  "event",
  "memo",
  "list_item",
  "document",
  "doc_chunk",
] as const;

/** One of `SEARCH_KINDS`. */
export type SearchKind = typeof SEARCH_KINDS[number];

// Private-use characters as match markers: they cannot occur in what people type, so the text
// can be HTML-escaped first and the markers turned into <mark> after.
const OPEN = "\uE000";
const CLOSE = "\uE001";

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(
    /"/g,
    "&quot;",
  );
}

/**
 * Turns what a person typed into a safe FTS5 query: every word quoted (so `AND`, `NEAR`, `*`
 * and quotes are just text), all words required, the last one as a prefix (search as you type).
 */
export function ftsQuery(q: string): string {
  const words = q.normalize("NFKC").split(/\s+/).map((w) => w.replace(/["\uE000\uE001]/g, ""))
    .filter((w) => /[\p{L}\p{N}]/u.test(w)).slice(0, 12);
  if (!words.length) {
    throw new ValidationError(
      "q",
      "Type at least one letter or digit to search.",
      "search_no_words",
    );
  }
  // The last word is still being typed unless a space follows it; a one-letter prefix would
  // match most of the index ("a*", "i*") and tells nothing, so it is matched as a word.
  const typing = !/\s$/.test(q) && [...words[words.length - 1]].length > 1;
  return words.map((w, i) => `"${w}"${typing && i === words.length - 1 ? "*" : ""}`).join(" ");
}

/**
 * How many of the newest matches are ranked. A query that matches more (a stop word, two
 * letters) would otherwise score every one of tens of thousands of rows for a page of 20
 * (p95 60 ms → 10 ms over 100,000 messages); past a few thousand hits, the newest are the ones a
 * person is after. Queries with fewer matches are ranked in full.
 */
export const RANKED_CANDIDATES = 2_000;

/** A limited profile's documents rule (lib/limits/sql.ts) over an index row's document. */
const LIMITED_DOCUMENT = documentAllowedSql(
  "CASE d.kind WHEN 'document' THEN d.ref_id ELSE d.parent_id END",
);

/** Searches what `profileId` may see (its own rows and household-wide ones), best first. */
export function search(
  db: DatabaseSync,
  { profileId, q, limit = 20, kinds }: {
    profileId: string;
    q: string;
    limit?: number;
    kinds?: string[];
  },
): SearchHit[] {
  const match = ftsQuery(q);
  // Messages noted since the last batch join the index first (lib/db/search_later.ts). A
  // database that cannot write (read-only after a failed upgrade) is searched as it is.
  try {
    indexPending(db);
  } catch { /* searched as indexed */ }
  const kindFilter = kinds?.length ? `AND d.kind IN (${kinds.map(() => "?").join(",")})` : "";
  // CROSS JOIN keeps the index as the outer loop, so it walks matches newest first and stops at
  // the bound; the planner would otherwise scan the profile's rows and probe the index per row.
  const hits = prepared(
    db,
    `WITH hits AS (
      SELECT f.rowid AS id, f.rank AS score
      FROM search_fts f CROSS JOIN search_docs d ON d.id = f.rowid
      WHERE search_fts MATCH ? AND (d.profile_id = ? OR d.profile_id IS NULL) ${kindFilter}
        AND (d.kind NOT IN ('document', 'doc_chunk') OR ${LIMITED_DOCUMENT})
      ORDER BY f.rowid DESC LIMIT ${RANKED_CANDIDATES}
    )
    SELECT d.id, d.kind, d.ref_id, d.parent_id FROM hits JOIN search_docs d ON d.id = hits.id
    ORDER BY hits.score, hits.id DESC LIMIT ?`,
  ).all(match, profileId, ...(kinds ?? []), profileId, Math.min(Math.max(limit, 1), 100)) as {
    id: number;
    kind: string;
    ref_id: string;
    parent_id: string | null;
  }[];
  // node:sqlite binds a JS number as a REAL, and FTS5 ignores a REAL rowid constraint (every
  // match comes back, so each hit showed the first match's text): the CAST makes it an integer.
  const text = prepared(
    db,
    `SELECT title, snippet(search_fts, -1, ?, ?, '…', 18) AS snippet
    FROM search_fts WHERE search_fts MATCH ? AND rowid = CAST(? AS INTEGER)`,
  );
  return hits.map((r) => {
    const { title, snippet } = text.get(OPEN, CLOSE, match, r.id) as {
      title: string;
      snippet: string;
    };
    return {
      kind: r.kind,
      id: r.ref_id,
      parentId: r.parent_id,
      title,
      snippet: escapeHtml(snippet).replaceAll(OPEN, "<mark>").replaceAll(CLOSE, "</mark>"),
      href: hrefOf[r.kind as SearchKind]?.(r.ref_id, r.parent_id) ?? "/",
    };
  });
}
