/**
 * Saves a streaming reply as it grows, so a crash or a kill loses about a second of it at most,
 * without a database write per token: new text waits in memory and is appended to the stored
 * message once `flushMs` has passed since the first unsaved token, or sooner when a lot waits.
 * A thinking model's reasoning is saved the same way, into the message's `thinking`.
 */
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import type { Message } from "./types.ts";
import { appendMessageText, finishMessage } from "./store.ts";

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
  readonly #db: Kysely<Database>;
  readonly #profileId: string;
  readonly #messageId: string;
  readonly #flushMs: number;
  readonly #flushChars: number;
  readonly #log: (message: string, error: unknown) => void;
  #pending: string[] = [];
  #pendingThinking: string[] = [];
  #pendingChars = 0;
  #savedChars = 0;
  // Saved or being saved: what the next save's size is measured against.
  #queuedChars = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  // Every write goes through this chain, so appends land in order and `finish` comes last.
  #saving: Promise<void> = Promise.resolve();
  #finished = false;

  constructor(
    db: Kysely<Database>,
    profileId: string,
    messageId: string,
    options: ReplySaving & { log: (message: string, error: unknown) => void },
  ) {
    this.#db = db;
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
    if (!text || this.#finished) return;
    pending.push(text);
    this.#pendingChars += text.length;
    if (this.#pendingChars >= Math.max(this.#flushChars, this.#queuedChars / 4)) this.flush();
    else this.#timer ??= setTimeout(() => this.flush(), this.#flushMs);
  }

  /** Appends what waits; resolves once it and every earlier save are stored (or logged). */
  flush(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const text = this.#take(this.#pending, false);
    const thinking = this.#take(this.#pendingThinking, false);
    const chars = text.length + thinking.length;
    if (chars) {
      this.#queuedChars += chars;
      this.#saving = this.#saving.then(async () => {
        try {
          await appendMessageText(this.#db, this.#profileId, this.#messageId, text, thinking);
          this.#savedChars += chars;
        } catch (error) {
          // Kept for the next save, so a passing failure (a busy database) loses nothing.
          if (text) this.#pending.unshift(text);
          if (thinking) this.#pendingThinking.unshift(thinking);
          this.#pendingChars += chars;
          this.#queuedChars -= chars;
          this.#log("could not save a streaming reply", error);
        }
      });
    }
    return this.#saving;
  }

  /**
   * Stops saving and stores the rest of the text with the reply's final status and meta, in one
   * update after every earlier save. A reply whose conversation was deleted meanwhile is left
   * alone.
   */
  async finish(ending: ReplyEnding): Promise<void> {
    this.#finished = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#saving;
    const append = this.#take(this.#pending, true);
    const appendThinking = this.#take(this.#pendingThinking, true);
    await finishMessage(this.#db, this.#profileId, this.#messageId, {
      append,
      appendThinking,
      ...ending,
    });
  }

  /**
   * The text waiting in `pending` (emptied in place); unless `all`, a trailing half of a
   * surrogate pair waits for its mate.
   */
  #take(pending: string[], all: boolean): string {
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
