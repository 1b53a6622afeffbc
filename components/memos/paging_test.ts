import assert from "node:assert/strict";
import type { Memo, MemoPage } from "../../lib/memos/types.ts";
import { type FetchRun, isLong, memoPage, ordered, parseAfter, splitTags } from "./paging.ts";

/** `n` memos, newest first, as the store pages them ("time|id" cursors). */
function memos(n: number, pinned: boolean): Memo[] {
  return Array.from({ length: n }, (_, i) => {
    const at = new Date(Date.UTC(2026, 0, 1, 0, 0, n - i)).toISOString();
    return {
      id: `${pinned ? "p" : "u"}${String(n - i).padStart(3, "0")}`,
      title: "",
      body: "x",
      tags: [],
      pinned,
      createdAt: at,
      updatedAt: at,
    };
  });
}

/** The store's paging over fixed runs, counting the calls. */
function store(pinned: number, others: number): FetchRun & { calls: number } {
  const runs = { true: memos(pinned, true), false: memos(others, false) };
  const fetchRun = ({ pinned, cursor, limit }: Parameters<FetchRun>[0]): Promise<MemoPage> => {
    fetchRun.calls++;
    const run = runs[`${pinned}`];
    const from = cursor ? run.findIndex((m) => `${m.updatedAt}|${m.id}` === cursor) + 1 : 0;
    const items = run.slice(from, from + limit);
    const last = items.at(-1);
    const more = from + limit < run.length;
    return Promise.resolve({ items, next: more && last ? `${last.updatedAt}|${last.id}` : null });
  };
  fetchRun.calls = 0;
  return fetchRun;
}

/** Every page from the first, following `next`. */
async function walk(fetchRun: FetchRun, size: number): Promise<Memo[][]> {
  const pages: Memo[][] = [];
  let token: string | null = null;
  do {
    const page: { items: Memo[]; next: string | null } = await memoPage(
      fetchRun,
      token === null ? null : parseAfter(token),
      size,
    );
    pages.push(page.items);
    token = page.next;
  } while (token !== null && pages.length < 100);
  return pages;
}

Deno.test("memo pages - pinned first then the others, each once, every boundary", async () => {
  for (
    const [pinned, others, sizes] of [
      [0, 0, [0]],
      [0, 7, [3, 3, 1]],
      [3, 0, [3]],
      [3, 4, [3, 3, 1]],
      [2, 4, [3, 3]],
      [6, 2, [3, 3, 2]],
      [3, 3, [3, 3]],
      [5, 0, [3, 2]],
    ] as const
  ) {
    const pages = await walk(store(pinned, others), 3);
    assert.deepEqual(pages.map((p) => p.length), sizes, `${pinned} pinned, ${others} others`);
    const all = pages.flat();
    assert.deepEqual(all, ordered(all), "in the page's order");
    assert.equal(new Set(all.map((m) => m.id)).size, pinned + others, "each once");
    assert.deepEqual(all.map((m) => m.pinned), [
      ...Array(pinned).fill(true),
      ...Array(others).fill(false),
    ]);
  }
});

Deno.test("memo pages - a token not given by a page is refused", () => {
  assert.equal(parseAfter(""), null);
  assert.equal(parseAfter("p:"), null);
  assert.equal(parseAfter("x:1|2"), null);
  assert.deepEqual(parseAfter("u:"), { pinned: false });
  assert.deepEqual(parseAfter("p:2026|a"), { pinned: true, cursor: "2026|a" });
});

Deno.test("memo order - pinned, then changed most recently, duplicates dropped", () => {
  const [a, b] = memos(2, false);
  const [p] = memos(1, true);
  const newer = { ...b, updatedAt: "2027-01-01T00:00:00.000Z" };
  assert.deepEqual(ordered([b, p, a]).map((m) => m.id), [p.id, a.id, b.id]);
  // The first copy of a memo wins: a changed one is put in front of the old.
  assert.deepEqual(ordered([newer, a, p, b]).map((m) => [m.id, m.updatedAt]), [
    [p.id, p.updatedAt],
    [b.id, newer.updatedAt],
    [a.id, a.updatedAt],
  ]);
});

Deno.test("memo helpers - long bodies fold; tags split on commas, else spaces", () => {
  assert.equal(isLong("short"), false);
  assert.equal(isLong("x".repeat(901)), true);
  assert.equal(isLong("a\n".repeat(14)), true);
  assert.equal(isLong("a\n".repeat(13)), false);
  assert.deepEqual(splitTags("#food  soup "), ["#food", "soup"]);
  assert.deepEqual(splitTags("main dish, #food,, "), ["main dish", "#food"]);
  assert.deepEqual(splitTags(" # "), []);
});
