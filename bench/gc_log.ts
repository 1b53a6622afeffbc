/**
 * V8's young-generation collections of a benchmark's server, read from its `--trace-gc-nvp`
 * output. No imports: the control relay (`upstream.ts`) loads it too, and stays small.
 */

/** One young-generation collection (scavenge) a process reported. */
interface Scavenge {
  /** When the line came (`performance.now()` here). */
  at: number;
  /** The pause, ms. */
  pause: number;
  /** Bytes it found alive and copied. */
  survived: number;
}

/**
 * V8's young-generation collections of a process run with `--trace-gc-nvp` (one JSON object per
 * collection on stdout), read as its output arrives. A scavenge stops the process's JavaScript
 * while it copies what is still alive, so with 1,000 streams open what each stream keeps
 * alive between two tokens, and what it allocates for each, show here.
 */
export class GcLog {
  readonly #scavenges: Scavenge[] = [];
  #partial = "";

  /** Adds output text (any split). */
  feed(text: string): void {
    const lines = (this.#partial + text).split("\n");
    // A line is one collection's object (~3 KB); anything longer is not one.
    this.#partial = lines.pop()!.slice(-16_384);
    for (const line of lines) {
      const at = line.indexOf("GC: {");
      if (at < 0) continue;
      try {
        const gc = JSON.parse(line.slice(at + 4));
        if (gc.gc !== "s") continue;
        this.#scavenges.push({
          at: performance.now(),
          pause: Number(gc.pause) || 0,
          survived: Number(gc.new_space_survived) || 0,
        });
        if (this.#scavenges.length > 100_000) this.#scavenges.shift();
      } catch {
        // Not the trace's line after all.
      }
    }
  }

  /** The collections between two `performance.now()` times: how many, their pauses, copied. */
  between(from: number, to: number): { count: number; pauseMs: number; survivedMiB: number } {
    const list = this.#scavenges.filter((s) => s.at >= from && s.at <= to);
    const pauseMs = list.reduce((sum, s) => sum + s.pause, 0);
    const survived = list.reduce((sum, s) => sum + s.survived, 0);
    return {
      count: list.length,
      pauseMs,
      survivedMiB: list.length ? survived / list.length / 2 ** 20 : 0,
    };
  }
}
