/**
 * The Memos page's order and pages, shared by the server (over the store) and the island (over
 * `GET /api/memos`): pinned memos first, then the others, each most recently changed first.
 * The store pages one of those runs at a time (`pinned=true|false`, a "time|id" cursor), so a
 * page's `after` token says which run it continues: `p:<cursor>` the pinned, `u:<cursor>` the
 * others (`u:` from their start). Browser-safe: no imports but the shapes.
 */
import type { Memo, MemoPage } from "../../lib/memos/types.ts";

/** Memos on one page. */
export const MEMOS_PER_PAGE = 24;

/** One request to a run of the store's pages. */
export interface RunQuery {
  pinned: boolean;
  cursor?: string;
  limit: number;
}

/** Asks the store (server) or the API (browser) for one page of one run. */
export type FetchRun = (q: RunQuery) => Promise<MemoPage>;

/** Where a page starts: null is the first page. */
export interface After {
  pinned: boolean;
  cursor?: string;
}

/** Reads an `after` token; null when it is not one this page gave. */
export function parseAfter(token: string): After | null {
  const m = /^([pu]):(.*)$/s.exec(token);
  if (!m || (m[1] === "p" && !m[2])) return null;
  return { pinned: m[1] === "p", ...(m[2] ? { cursor: m[2] } : {}) };
}

/**
 * One page of `size` memos from `after` (null: the first), and the token of the next page (null
 * on the last): the pinned run, then the others. A page that ends the pinned run fills up from
 * the others.
 */
export async function memoPage(
  fetchRun: FetchRun,
  after: After | null,
  size = MEMOS_PER_PAGE,
): Promise<{ items: Memo[]; next: string | null }> {
  const from = after ?? { pinned: true };
  if (!from.pinned) {
    const page = await fetchRun({ pinned: false, cursor: from.cursor, limit: size });
    return { items: page.items, next: page.next === null ? null : `u:${page.next}` };
  }
  const pinned = await fetchRun({ pinned: true, cursor: from.cursor, limit: size });
  if (pinned.next !== null) return { items: pinned.items, next: `p:${pinned.next}` };
  const room = size - pinned.items.length;
  // A full page of pinned ones: the next page starts the others, if there are any.
  const others = await fetchRun({ pinned: false, limit: Math.max(room, 1) });
  if (room === 0) return { items: pinned.items, next: others.items.length ? "u:" : null };
  return {
    items: [...pinned.items, ...others.items],
    next: others.next === null ? null : `u:${others.next}`,
  };
}

/** The page's order: pinned first, then the most recently changed (then the newer id). */
export function byPage(a: Memo, b: Memo): number {
  if (a.pinned !== b.pinned) return a.pinned ? -1 : 1;
  if (a.updatedAt !== b.updatedAt) return a.updatedAt < b.updatedAt ? 1 : -1;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

/** `memos` in the page's order, each id once (the first kept). */
export function ordered(memos: Memo[]): Memo[] {
  const seen = new Set<string>();
  return memos.filter((m) => !seen.has(m.id) && seen.add(m.id)).sort(byPage);
}

/** Whether a memo's body is long enough to show folded ("show more"). */
export function isLong(body: string): boolean {
  if (body.length > 900) return true;
  let lines = 0;
  for (let i = body.indexOf("\n"); i >= 0; i = body.indexOf("\n", i + 1)) {
    if (++lines >= 14) return true;
  }
  return false;
}

/** Tags typed in one box ("#food, main dish" or "food soup"): split on commas, else spaces. */
export function splitTags(text: string): string[] {
  const parts = text.includes(",") ? text.split(",") : text.split(/\s+/);
  return parts.map((t) => t.trim()).filter((t) => t.replace(/^#+/, "") !== "");
}

/** The page's address for a filter and a page token. */
export function memosHref(
  filter: { tag?: string; q?: string },
  after?: string | null,
  memo?: string,
): string {
  const p = new URLSearchParams();
  if (filter.tag) p.set("tag", filter.tag);
  if (filter.q) p.set("q", filter.q);
  if (after) p.set("after", after);
  if (memo) p.set("m", memo);
  const s = p.toString();
  return s ? `/memos?${s}` : "/memos";
}
