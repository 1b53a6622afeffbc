/**
 * One full-text search over everything a profile owns. Each kind (messages now; memos, todos,
 * events and documents later) keeps `search_docs` + `search_fts` current with triggers from its
 * migration and registers how its results link here.
 */
import type { DatabaseSync } from "node:sqlite";
import { ValidationError } from "../http/errors.ts";

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

const links = new Map<string, (id: string, parentId: string | null) => string>([
  [
    "message",
    (id, parent) => `/chat/${encodeURIComponent(parent ?? "")}#m-${encodeURIComponent(id)}`,
  ],
]);

/** Registers how hits of `kind` link into the app. */
export function registerSearchLink(
  kind: string,
  href: (id: string, parentId: string | null) => string,
): void {
  links.set(kind, href);
}

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
  if (!words.length) throw new ValidationError("q", "q: type at least one letter or digit");
  return words.map((w, i) => `"${w}"${i === words.length - 1 ? "*" : ""}`).join(" ");
}

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
  const kindFilter = kinds?.length ? `AND d.kind IN (${kinds.map(() => "?").join(",")})` : "";
  const rows = db.prepare(`
    SELECT d.kind, d.ref_id, d.parent_id, f.title,
      snippet(search_fts, 1, ?, ?, '…', 18) AS snippet
    FROM search_fts f JOIN search_docs d ON d.id = f.rowid
    WHERE search_fts MATCH ? AND (d.profile_id = ? OR d.profile_id IS NULL) ${kindFilter}
    ORDER BY rank LIMIT ?
  `).all(OPEN, CLOSE, match, profileId, ...(kinds ?? []), Math.min(Math.max(limit, 1), 100)) as {
    kind: string;
    ref_id: string;
    parent_id: string | null;
    title: string;
    snippet: string;
  }[];
  return rows.map((r) => ({
    kind: r.kind,
    id: r.ref_id,
    parentId: r.parent_id,
    title: r.title,
    snippet: escapeHtml(r.snippet).replaceAll(OPEN, "<mark>").replaceAll(CLOSE, "</mark>"),
    href: links.get(r.kind)?.(r.ref_id, r.parent_id) ?? "/",
  }));
}
