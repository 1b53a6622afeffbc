/** Reading a task's buffer from an offset, waiting for new chunks while it runs. */
import type { Chunk } from "./types.ts";

/** What a reader needs of a task. */
export interface ChunkSource {
  chunkAt(index: number): Chunk | undefined;
  readonly running: boolean;
  waitFor(index: number, signal?: AbortSignal): Promise<void>;
}

/**
 * A reader of one task: an index into its shared buffer and nothing else, so a slow reader
 * holds no memory of its own. `return()` stops at once, even mid-wait.
 */
export class TaskReader implements AsyncIterableIterator<Chunk> {
  readonly #task: ChunkSource;
  readonly #stop = new AbortController();
  #index: number;

  /** Throws a RangeError for an offset that is not a non-negative integer. */
  constructor(task: ChunkSource, offset: number) {
    if (!Number.isSafeInteger(offset) || offset < 0) {
      throw new RangeError(`Invalid task read offset: ${offset}`);
    }
    this.#task = task;
    this.#index = offset;
  }

  /** The next chunk, waiting while the task runs; done after the final [DONE] chunk. */
  async next(): Promise<IteratorResult<Chunk, undefined>> {
    while (!this.#stop.signal.aborted) {
      const chunk = this.#task.chunkAt(this.#index);
      if (chunk) {
        this.#index++;
        return { value: chunk, done: false };
      }
      // Final chunks are appended before the status turns final, so nothing can follow.
      if (!this.#task.running) break;
      await this.#task.waitFor(this.#index, this.#stop.signal);
    }
    this.#stop.abort();
    return { value: undefined, done: true };
  }

  /** Stops reading; a pending `next()` resolves as done. The task is not affected. */
  return(): Promise<IteratorResult<Chunk, undefined>> {
    this.#stop.abort();
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<Chunk> {
    return this;
  }
}
