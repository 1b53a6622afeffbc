/** A lane: at most `size` holders at once, the others served in arrival order. */
export class Lane {
  #free: number;
  readonly #waiting: { grant: () => void }[] = [];

  constructor(size: number) {
    this.#free = size;
  }

  /**
   * Waits for a place; the returned function gives it back (call it once, in a `finally`).
   * Rejects with the signal's reason when it aborts first.
   */
  acquire(signal: AbortSignal): Promise<() => void> {
    signal.throwIfAborted();
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      const next = this.#waiting.shift();
      if (next) next.grant();
      else this.#free++;
    };
    if (this.#free > 0) {
      this.#free--;
      return Promise.resolve(release);
    }
    return new Promise((resolve, reject) => {
      const entry = {
        grant: () => {
          signal.removeEventListener("abort", onAbort);
          resolve(release);
        },
      };
      const onAbort = () => {
        const at = this.#waiting.indexOf(entry);
        if (at >= 0) this.#waiting.splice(at, 1);
        reject(signal.reason);
      };
      signal.addEventListener("abort", onAbort, { once: true });
      this.#waiting.push(entry);
    });
  }

  /** How many wait. */
  get waiting(): number {
    return this.#waiting.length;
  }
}
