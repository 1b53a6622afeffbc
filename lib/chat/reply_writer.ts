/**
 * Saves a streaming reply as it grows, so a crash or a kill loses about a second of it at most,
 * without a database write per token: new text waits in memory and is appended to the stored
 * message once `flushMs` has passed since the first unsaved token, or sooner when a lot waits.
 * A thinking model's reasoning is saved the same way, into the message's `thinking`. The saves
 * go through the database's group commit (`lib/db/group_commit.ts`): replies streaming together
 * share their transactions, and the end of a reply is saved with theirs.
 */
import type { Kysely } from "kysely";
import { type GroupCommit, groupCommit, type GroupJob } from "../db/group_commit.ts";
import type { Database } from "../db/schema.ts";
import type { Message } from "./types.ts";
import { appendMessageText, finishMessage } from "./reply_store.ts";

/** How often a streaming reply is saved. */
export interface ReplySaving {
  /** At most this long between a token and its save (default 1 s). */
  flushMs?: number;
  /**
   * Saved sooner once this many characters wait (default 64 Ki), or a quarter of what is already
   * saved if that is more: each save rewrites the stored row, so a huge reply is saved in
   * growing steps rather than in a number of writes that grows with its square.
   */
  flushChars?: number;
}

/** The text, status and meta a reply ends with. */
export interface ReplyEnding {
  status: Message["status"];
  meta: Record<string, unknown>;
}

/** One streaming reply's saves: `add` every token (`addThinking` its reasoning), `finish` once at the end. */
export class ReplyWriter {
  readonly #group: GroupCommit<Database>;
  readonly #profileId: string;
  readonly #messageId: string;
  readonly #flushMs: number;
  readonly #flushChars: number;
  readonly #log: (message: string, error: unknown) => void;
  #pending: string[] = [];
  #pendingThinking: string[] = [];
  #pendingChars = 0;
  #savedChars = 0;
  // Taken by a save that has not committed: written again by a retry, and first by the next save
  // if it failed. So nothing is lost, and nothing is written twice.
  #taken = { text: "", thinking: "" };
  // The save queued in the group that has not started writing (at most one), and its number.
  #queued: GroupJob<Database> | null = null;
  #saves = 0;
  // `flush` and `finish`, each waiting for the save numbered `save` to settle.
  #waiting: { save: number; done: (error?: unknown) => void }[] = [];
  #ending: ReplyEnding | undefined;
  #ended = false;

  constructor(
    db: Kysely<Database>,
    profileId: string,
    messageId: string,
    options: ReplySaving & { log: (message: string, error: unknown) => void },
  ) {
    // Shared with every other reply to this database: replies that stream together save together.
    this.#group = groupCommit(db);
    this.#profileId = profileId;
    this.#messageId = messageId;
    this.#flushMs = options.flushMs ?? 1_000;
    this.#flushChars = options.flushChars ?? 64 * 1024;
    this.#log = options.log;
  }

  /** Characters stored so far (what a crash now would keep). */
  get saved(): number {
    return this.#savedChars;
  }

  /** Adds reply text; saves now when a lot waits, else within `flushMs`. */
  add(text: string): void {
    this.#add(this.#pending, text);
  }

  /** Adds reasoning, saved like the text (and counted with it). */
  addThinking(text: string): void {
    this.#add(this.#pendingThinking, text);
  }

  #add(pending: string[], text: string): void {
    if (!text || this.#ending) return;
    pending.push(text);
    this.#pendingChars += text.length;
    const saving = this.#savedChars + this.#taken.text.length + this.#taken.thinking.length;
    this.#save(this.#pendingChars >= Math.max(this.#flushChars, saving / 4) ? 0 : this.#flushMs);
  }

  /** Saves what waits now; resolves once it is stored (or its failure logged). */
  flush(): Promise<void> {
    return new Promise((resolve) => this.#wait(() => resolve()));
  }

  /**
   * Stops saving and stores the rest of the text with the reply's final status and meta, in one
   * update after every earlier save. A reply whose conversation was deleted meanwhile is left
   * alone.
   */
  async finish(ending: ReplyEnding): Promise<void> {
    this.#ending ??= ending;
    const error = await new Promise<unknown>((resolve) => this.#wait(resolve));
    if (error !== undefined) throw error;
  }

  /** `done` is called when the queued save (one is queued now if none was) has settled. */
  #wait(done: (error?: unknown) => void): void {
    this.#save(0);
    this.#waiting.push({ save: this.#saves, done });
  }

  /** Queues a save within `withinMs`, or hurries the one queued. */
  #save(withinMs: number): void {
    if (this.#queued) {
      if (withinMs === 0) this.#group.hurry();
      return;
    }
    const save = ++this.#saves;
    // Whether its last try wrote the ending: `finish` may come while an earlier save is written.
    let ending = false;
    const job: GroupJob<Database> = {
      write: async (tx) => {
        ending = await this.#write(tx, job);
      },
      settled: (error) => this.#settled(job, save, ending, error),
    };
    this.#queued = job;
    this.#group.add(job, withinMs);
  }

  /** Writes what waits, with the ending once `finish` gave it; true if that was the ending. */
  async #write(tx: Kysely<Database>, job: GroupJob<Database>): Promise<boolean> {
    if (this.#queued === job) this.#queued = null;
    if (this.#ended) return true;
    const ending = this.#ending;
    // Added to what an earlier try took, which it still holds; a retry finds nothing new here.
    this.#taken.text += this.#take(this.#pending, ending !== undefined);
    this.#taken.thinking += this.#take(this.#pendingThinking, ending !== undefined);
    const { text, thinking } = this.#taken;
    if (ending) {
      await finishMessage(tx, this.#profileId, this.#messageId, {
        append: text,
        appendThinking: thinking,
        ...ending,
      });
    } else if (text || thinking) {
      await appendMessageText(tx, this.#profileId, this.#messageId, text, thinking);
    }
    return ending !== undefined;
  }

  #settled(job: GroupJob<Database>, save: number, ending: boolean, error?: unknown): void {
    if (this.#queued === job) this.#queued = null;
    if (error === undefined) {
      this.#savedChars += this.#taken.text.length + this.#taken.thinking.length;
      this.#taken = { text: "", thinking: "" };
      if (ending) this.#ended = true;
    } else if (!ending) {
      // Kept in #taken for the next save, so a passing failure (a busy database) loses nothing.
      this.#log("could not save a streaming reply", error);
    }
    const settled = this.#waiting.filter((w) => w.save <= save);
    this.#waiting = this.#waiting.filter((w) => w.save > save);
    for (const { done } of settled) done(error);
  }

  /**
   * The text waiting in `pending` (emptied in place); unless `all`, a trailing half of a
   * surrogate pair waits for its mate.
   */
  #take(pending: string[], all: boolean): string {
    if (!pending.length) return "";
    let text = pending.join("");
    pending.length = 0;
    this.#pendingChars -= text.length;
    const last = text.charCodeAt(text.length - 1);
    if (!all && last >= 0xd800 && last <= 0xdbff) {
      pending.push(text.slice(-1));
      this.#pendingChars += 1;
      text = text.slice(0, -1);
    }
    return text;
  }
}
