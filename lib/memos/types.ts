/** The memo shapes the API sends (browser-safe). */

/** Most characters of a memo's title, body, and of its tags. */
export const MEMO_LIMITS = { title: 200, body: 100_000, tags: 20, tag: 40 } as const;

/** One memo. */
export interface Memo {
  id: string;
  title: string;
  /** Markdown. */
  body: string;
  /** Normalised: lower case, no leading "#", spaces as "-", each once. */
  tags: string[];
  pinned: boolean;
  createdAt: string;
  updatedAt: string;
}

/** A page of memos: `next` is the cursor of the following page, null at the end. */
export interface MemoPage {
  items: Memo[];
  next: string | null;
}
