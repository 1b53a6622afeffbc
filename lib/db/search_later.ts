/**
 * Messages join the full-text index in batches (migration 22): their triggers note them in
 * `search_pending`, and `indexPending` indexes the noted ones the way the old triggers did, in one
 * transaction (one FTS5 segment for the batch instead of one per message).
 *
 * Who calls it: `lib/search` before every search (so a search finds every message stored before
 * it), a restore once its rows are in, and on the server `SearchLater`, a second after writes, a
 * batch at a time with the event loop turning in between.
 */
import type { DatabaseSync } from "node:sqlite";
import { prepared } from "./prepared.ts";
import { isBusy } from "./sqlite_dialect.ts";
import { yieldToEventLoop } from "../async.ts";

/** The batch: the oldest noted messages (UUIDv7 ids: in the order they were written). */
const BATCH = "SELECT ref_id FROM search_pending ORDER BY ref_id LIMIT ?";

const STEPS = [
  // Out of the index first: a message indexed before comes back with its new text.
  `DELETE FROM search_fts WHERE rowid IN
    (SELECT id FROM search_docs WHERE kind = 'message' AND ref_id IN (${BATCH}))`,
  // Gone, or emptied: out of search_docs too.
  `DELETE FROM search_docs WHERE kind = 'message' AND ref_id IN (${BATCH}) AND NOT EXISTS
    (SELECT 1 FROM messages m WHERE m.id = search_docs.ref_id AND m.content != '')`,
  `INSERT OR IGNORE INTO search_docs (kind, ref_id, profile_id, parent_id)
    SELECT 'message', m.id, m.profile_id, m.conversation_id FROM messages m
    WHERE m.id IN (${BATCH}) AND m.content != '' ORDER BY m.id`,
  `INSERT INTO search_fts (rowid, title, body)
    SELECT d.id, '', m.content FROM search_docs d JOIN messages m ON m.id = d.ref_id
    WHERE d.kind = 'message' AND d.ref_id IN (${BATCH})`,
  `DELETE FROM search_pending WHERE ref_id IN (${BATCH})`,
];

/**
 * Indexes up to `limit` noted messages (all by default); returns how many it took. Inside a
 * transaction that is open on `db`, it joins it (a savepoint): rolled back with it, the messages
 * stay noted. Throws what SQLite throws (a read-only database, a full disk); nothing is lost then,
 * the messages stay noted.
 */
export function indexPending(db: DatabaseSync, limit = Number.MAX_SAFE_INTEGER): number {
  const { n } = prepared(db, `SELECT count(*) AS n FROM (${BATCH})`).get(limit) as { n: number };
  if (n === 0) return 0;
  db.exec("SAVEPOINT search_later");
  try {
    for (const sql of STEPS) prepared(db, sql).run(limit);
    db.exec("RELEASE search_later");
  } catch (err) {
    db.exec("ROLLBACK TO search_later; RELEASE search_later");
    throw err;
  }
  return n;
}

/** Options for `SearchLater`. */
export interface SearchLaterOptions {
  /** From the first write not yet indexed to its batch (default 1 s). */
  delayMs?: number;
  /**
   * Messages to a transaction (default 25). The event loop waits for a batch, and every stream
   * with it: 100 replies of 250 words and their questions took 17–23 ms as one batch of 200, and
   * as batches of 25 at most 6 ms each, in about the same total (docs/BENCHMARKS.md, "fourteenth
   * pass").
   */
  batch?: number;
  /** Told after each batch written (the checkpointer counts the WAL's growth). */
  onWrote?: () => void;
  /** Told when a batch failed; the messages stay noted, and the next write tries again. */
  onProblem?: (message: string, fields: Record<string, unknown>) => void;
}

/** The server's indexing: `wrote` after each commit; batches follow a moment later. */
export class SearchLater {
  readonly #db: DatabaseSync;
  readonly #delayMs: number;
  readonly #batch: number;
  readonly #onWrote: () => void;
  readonly #onProblem: NonNullable<SearchLaterOptions["onProblem"]>;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #running: Promise<void> | null = null;
  // A write came while a run was under way: another run follows it.
  #again = false;
  #closed = false;

  constructor(db: DatabaseSync, options: SearchLaterOptions = {}) {
    this.#db = db;
    this.#delayMs = options.delayMs ?? 1_000;
    this.#batch = options.batch ?? 25;
    this.#onWrote = options.onWrote ?? (() => {});
    this.#onProblem = options.onProblem ?? (() => {});
  }

  /** Something was written: noted messages are indexed within `delayMs`. */
  wrote(): void {
    if (this.#closed || this.#timer !== undefined) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#running = this.#run().finally(() => {
        this.#running = null;
        if (this.#again) {
          this.#again = false;
          this.wrote();
        }
      });
    }, this.#delayMs);
    Deno.unrefTimer(this.#timer);
  }

  /** Stops; a batch under way finishes. What is still noted is indexed at the next search. */
  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#running;
  }

  async #run() {
    let busy = 0;
    while (!this.#closed && this.#db.isOpen) {
      // A transaction of the server's is open across its awaits: the batch would join it.
      if (this.#db.isTransaction) {
        await new Promise((resolve) => setTimeout(resolve, 5));
        continue;
      }
      let n: number;
      try {
        n = indexPending(this.#db, this.#batch);
      } catch (err) {
        // Another connection writes (a checkpoint, the CLI): a moment later, unless it lasts.
        if (isBusy(err) && ++busy < 100) {
          await new Promise((resolve) => setTimeout(resolve, 20));
          continue;
        }
        this.#onProblem("messages could not be indexed for search yet", { error: String(err) });
        return;
      }
      busy = 0;
      if (n > 0) this.#onWrote();
      if (n < this.#batch) return;
      await yieldToEventLoop();
    }
  }
}
