/**
 * Group commit: small writes that fall due together share one transaction. Every commit of
 * SQLite in WAL mode appends the changed pages and updates the WAL index, which costs more than
 * the write itself: 1,000 streaming replies each saving once a second made 1,000 commits a second.
 * Saving 1,000 replies streaming for 6 s took 0.93 s of CPU that way, and 0.53 s through a group
 * (docs/BENCHMARKS.md, "seventh pass"), which writes them in a few transactions a second.
 *
 * A job is added with the time it may wait (`withinMs`); the group runs everything queued when
 * the first job falls due, at most `maxJobs` to a transaction so none holds the database for
 * long, and between two transactions the event loop turns, so the tokens of other replies are
 * relayed meanwhile. A job due now is written at once (a microtask later) when the group is idle,
 * so a lone reply's end is stored as soon as before; jobs that come while a transaction is written
 * go together into the next, after the event loop's turn (`yieldToEventLoop`: a `setTimeout` of 0
 * takes ~2 ms in Deno). So the ends of replies that finish together share their transactions.
 *
 * Not for a reply's start, which waits on its transaction: grouped, 10 replies started together
 * each waited for all ten's writes. Their first token's added p95 was worse in 5 of 5 alternating
 * runs (median 52 against 43 ms), though this VM's spread for it is wide.
 *
 * When a transaction fails (a full disk, a locked file, a job that throws), each of its jobs runs
 * again alone, so one job cannot fail the others: a job's `write` may therefore run twice, and
 * must take what it writes only once (see `ReplyWriter`). Jobs are writes that should not fail:
 * one that fails as a matter of course (a 404, a limit) would make its whole group run twice.
 */
import type { Kysely } from "kysely";
import { yieldToEventLoop } from "../async.ts";

/** One write in a group. */
export interface GroupJob<DB> {
  /** The statements, in the group's transaction; may run again alone if that transaction failed. */
  write(tx: Kysely<DB>): Promise<void>;
  /**
   * Told once, right after the commit (no error) or the failure of its last try, before any later
   * transaction of the group runs. Must not throw.
   */
  settled(error?: unknown): void;
}

interface Entry<DB> {
  job: GroupJob<DB>;
  due: number;
}

/** Runs the writes that fall due together in one transaction, in the order they were added. */
export class GroupCommit<DB> {
  readonly #db: Kysely<DB>;
  readonly #maxJobs: number;
  #queue: Entry<DB>[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;
  #timerDue = Infinity;
  #running = false;
  // Jobs at the queue's front that go in the current round, a transaction at a time.
  #round = 0;

  constructor(db: Kysely<DB>, options: { maxJobs?: number } = {}) {
    this.#db = db;
    this.#maxJobs = options.maxJobs ?? 64;
  }

  /** Jobs waiting for their transaction (not the ones being written). */
  get queued(): number {
    return this.#queue.length;
  }

  /** Queues `job` to be written within `withinMs` (0: a microtask later if the group is idle). */
  add(job: GroupJob<DB>, withinMs = 0): void {
    const due = performance.now() + withinMs;
    this.#queue.push({ job, due });
    this.#schedule(due);
  }

  /** Writes everything queued now, without waiting for its time. */
  hurry(): void {
    for (const entry of this.#queue) entry.due = 0;
    this.#schedule(0);
  }

  /** Drains at `due`; one due now goes a microtask later, or after the event loop's turn. */
  #schedule(due: number, afterTurn = false): void {
    if (this.#running || due >= this.#timerDue) return;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#timerDue = due;
    const wait = due - performance.now();
    // Unless the group was drained or rescheduled meanwhile.
    const drain = () => {
      if (this.#timerDue === due) this.#drain();
    };
    if (wait > 0) this.#timer = setTimeout(drain, wait);
    else if (afterTurn) yieldToEventLoop().then(drain);
    else queueMicrotask(drain);
  }

  async #drain(): Promise<void> {
    this.#timer = undefined;
    this.#timerDue = Infinity;
    this.#running = true;
    try {
      if (!this.#round) {
        const now = performance.now();
        if (!this.#queue.some((entry) => entry.due <= now)) return;
        // Everything queued goes once one job is due: the rest would wait only to commit alone.
        // Jobs added from now on wait for their own time.
        this.#round = this.#queue.length;
      }
      const batch = this.#queue.splice(0, Math.min(this.#round, this.#maxJobs));
      this.#round -= batch.length;
      await this.#commit(batch);
    } finally {
      this.#running = false;
      // The round's next transaction after the event loop's turn, or the next job's time.
      let next = this.#round ? 0 : Infinity;
      for (const entry of this.#queue) next = Math.min(next, entry.due);
      if (next < Infinity) this.#schedule(next, true);
    }
  }

  async #commit(batch: Entry<DB>[]): Promise<void> {
    try {
      await this.#db.transaction().execute(async (tx) => {
        for (const { job } of batch) await job.write(tx);
      });
    } catch (error) {
      if (batch.length === 1) return batch[0].job.settled(error);
      // Nothing of that transaction was kept: each job again, alone, to learn which failed.
      for (const { job } of batch) {
        try {
          await this.#db.transaction().execute((tx) => job.write(tx));
        } catch (alone) {
          job.settled(alone);
          continue;
        }
        job.settled();
      }
      return;
    }
    for (const { job } of batch) job.settled();
  }
}

const groups = new WeakMap<object, GroupCommit<unknown>>();

/** The database's group: one per Kysely instance, so every writer to it shares the transactions. */
export function groupCommit<DB>(db: Kysely<DB>): GroupCommit<DB> {
  let group = groups.get(db) as GroupCommit<DB> | undefined;
  if (!group) {
    group = new GroupCommit(db);
    groups.set(db, group as GroupCommit<unknown>);
  }
  return group;
}
