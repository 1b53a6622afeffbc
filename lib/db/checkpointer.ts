/**
 * WAL checkpoints off the event loop. In WAL mode SQLite appends every commit to the `-wal` file
 * and, once it holds 1,000 pages, the commit that crossed the line copies them all into the
 * database file and syncs both ("auto-checkpoint"): ~15 ms here, on the thread of whichever
 * request committed, while every stream and request waits. Hearth's replies write often (a
 * start, saves, an end), so that was one stall every ~50 replies and ~0.4 ms of every reply's
 * CPU (docs/BENCHMARKS.md, "eighth pass").
 *
 * With a `Checkpointer` the server's connection never checkpoints (`wal_autocheckpoint = 0`):
 * a write tells it (`wrote()`), and a second later it reads how many frames the WAL holds. From
 * 1,000 on (SQLite's own threshold), a worker thread with its own connection runs a PASSIVE
 * checkpoint, which copies what no reader still needs and blocks nobody; the server's next write
 * then starts the WAL over. The writes of a busy second share one checkpoint. The thread starts
 * with the first checkpoint and ends after `idleMs` without one, so an idle Hearth holds no
 * second V8 isolate (~14 MiB); a few small writes start none.
 *
 * Starting the thread is not free: `new Worker` holds the event loop until the thread's runtime
 * exists (9–15 ms here, ~50 ms with the profiler on), and every stream waits it out. So while
 * writes keep coming (a streaming reply saves at least once a second), the checkpoint waits for
 * `quietMs` without a write, unless the WAL has reached `maxFrames`.
 *
 * If the thread cannot do it (it fails to start, a checkpoint errs or hangs past
 * `CHECKPOINT_MS`), `onFallback` hands checkpoints back to SQLite's own, on the server's thread:
 * slower, never lost.
 */
import type { CheckpointReply, CheckpointRequest, CheckpointResult } from "./checkpoint_worker.ts";
import { moduleUrl } from "../process/modules.ts";

export type { CheckpointResult } from "./checkpoint_worker.ts";

/** How long one checkpoint (or the thread's start) may take before the thread is given up. */
const CHECKPOINT_MS = 60_000;

/** How long closing waits for the thread to close its connection. */
const CLOSE_MS = 5_000;

export interface CheckpointerOptions {
  /** The database file. */
  path: string;
  /** How long after a write the WAL is looked at: writes meanwhile share one look (1 s). */
  delayMs?: number;
  /**
   * The WAL is checkpointed once it holds this many frames (pages), SQLite's own default (1,000):
   * a few small writes (a setting, a start's tidying) start no thread, and wait in the WAL as
   * they would with SQLite's own checkpoints.
   */
  minFrames?: number;
  /**
   * A WAL past `minFrames` is checkpointed once no write came for this long (2 s: longer than a
   * streaming reply goes between saves)…
   */
  quietMs?: number;
  /** … or at once from this many frames (8,000, ~32 MiB of 4 KiB pages), writes or not. */
  maxFrames?: number;
  /** The thread ends after this long without a checkpoint; the next one starts another (30 s). */
  idleMs?: number;
  /** The thread cannot checkpoint: SQLite must do it on the server's thread again. */
  onFallback(reason: string): void;
  /** Starts the thread (tests give one that fails). */
  spawn?: () => Worker;
  /** An idle thread's end cuts a WAL file longer than this back to nothing (64 MiB). */
  truncateOver?: number;
  /** Told after each checkpoint (tests). */
  onCheckpoint?: (result: CheckpointResult) => void;
  /** Told when an idle thread has ended (tests). */
  onThreadEnd?: () => void;
  /** Told the WAL's frames each time it is looked at after writes (tests). */
  onLook?: (frames: number | null) => void;
}

/** What a `Checkpointer` did (tests, the checkpoints bench row). */
export interface CheckpointStats {
  checkpoints: number;
  /** Threads started. */
  threads: number;
  /** Why checkpoints went back to SQLite's own, if they did. */
  fellBack: string | null;
}

type Timer = ReturnType<typeof setTimeout>;

/**
 * The frames in a database's WAL now: `mxFrame` of the wal-index header at the start of its
 * `-shm` file (offset 16, 32 bits in the machine's byte order: sqlite.org/walformat.html). Null
 * when it cannot be read; a read torn by a commit is only an estimate a second off.
 */
function walFrames(shmPath: string): number | null {
  try {
    using file = Deno.openSync(shmPath);
    const head = new Uint8Array(20);
    let got = 0;
    while (got < head.length) {
      const n = file.readSync(head.subarray(got));
      if (n === null) return null;
      got += n;
    }
    return new Uint32Array(head.buffer, 16, 1)[0];
  } catch {
    return null;
  }
}

const spawnWorker = () =>
  new Worker(moduleUrl("lib/db/checkpoint_worker.ts"), { type: "module", name: "checkpoints" });

/** Runs a database's WAL checkpoints in a worker thread (see the module's comment). */
export class Checkpointer {
  readonly #path: string;
  readonly #delayMs: number;
  readonly #minFrames: number;
  readonly #quietMs: number;
  readonly #maxFrames: number;
  readonly #truncateOver: number;
  readonly #shm: string;
  readonly #idleMs: number;
  readonly #onFallback: (reason: string) => void;
  readonly #spawn: () => Worker;
  readonly #observe: Pick<CheckpointerOptions, "onCheckpoint" | "onThreadEnd" | "onLook">;
  #worker: Worker | null = null;
  /** The answer the thread owes, with its deadline. */
  #waiting: { resolve(reply: CheckpointReply): void; timer: Timer } | null = null;
  #next: Timer | undefined;
  #idle: Timer | undefined;
  /** A write came since the last checkpoint began. */
  #dirty = false;
  /** When the last write was told (`performance.now()`). */
  #lastWrite = -Infinity;
  /** The checkpoint (or the thread's end) under way. */
  #running: Promise<unknown> | null = null;
  /** Closed, or fallen back: nothing more is done. */
  #stopped = false;
  readonly stats: CheckpointStats = { checkpoints: 0, threads: 0, fellBack: null };

  constructor(options: CheckpointerOptions) {
    this.#path = options.path;
    this.#delayMs = options.delayMs ?? 1_000;
    this.#minFrames = options.minFrames ?? 1_000;
    this.#quietMs = options.quietMs ?? 2_000;
    this.#maxFrames = options.maxFrames ?? 8_000;
    this.#truncateOver = options.truncateOver ?? 64 * 1024 * 1024;
    this.#shm = `${options.path}-shm`;
    this.#idleMs = options.idleMs ?? 30_000;
    this.#onFallback = options.onFallback;
    this.#spawn = options.spawn ?? spawnWorker;
    this.#observe = options;
  }

  /** A write was committed: the WAL is looked at within `delayMs`. Costs a clock read. */
  wrote(): void {
    this.#lastWrite = performance.now();
    if (this.#dirty || this.#stopped) return;
    this.#dirty = true;
    if (!this.#running) this.#schedule();
  }

  /** Checkpoints now, after any checkpoint under way; null once stopped. */
  async checkpoint(): Promise<CheckpointResult | null> {
    clearTimeout(this.#next);
    this.#next = undefined;
    while (this.#running) await this.#running;
    if (this.#stopped) return null;
    const run = this.#run();
    this.#running = run;
    try {
      return await run;
    } finally {
      this.#running = null;
      this.#afterwards();
    }
  }

  /** Stops: lets a checkpoint under way finish, then closes the thread's connection. */
  async close(): Promise<void> {
    if (this.#stopped && !this.#worker) return;
    this.#stopped = true;
    clearTimeout(this.#next);
    clearTimeout(this.#idle);
    while (this.#running) await this.#running;
    await this.#endThread();
  }

  #schedule(ms = this.#delayMs) {
    if (this.#next !== undefined) return;
    // Not unref'd: a process that wrote lets its checkpoint run (closing cancels it).
    this.#next = setTimeout(() => {
      this.#next = undefined;
      if (this.#running || this.#stopped) return;
      const read = walFrames(this.#shm);
      this.#observe.onLook?.(read);
      // Unreadable: checkpointed as a full one would be.
      const frames = read ?? Infinity;
      // Small: it waits for more writes (the next one looks again), or for the close.
      if (frames < this.#minFrames) return void (this.#dirty = false);
      // Writes still coming: look again once they may have stopped.
      const quietIn = this.#lastWrite + this.#quietMs - performance.now();
      if (frames < this.#maxFrames && quietIn > 0) return this.#schedule(quietIn);
      void this.checkpoint();
    }, ms);
  }

  async #run(): Promise<CheckpointResult | null> {
    this.#dirty = false;
    clearTimeout(this.#idle);
    const reply = await this.#ask({ checkpoint: this.#path });
    if (!("done" in reply)) {
      this.#fallBack("error" in reply ? reply.error : "the thread closed");
      return null;
    }
    const done = reply.done;
    this.stats.checkpoints++;
    // Another checkpointer (the hearth command), or a reader on old pages: again in a while.
    if (done.busy || done.checkpointed < done.log) this.#dirty = true;
    this.#observe.onCheckpoint?.(done);
    return done;
  }

  /** After a checkpoint: the next one if writes came meanwhile, else the thread's idle end. */
  #afterwards() {
    if (this.#stopped) return;
    if (this.#dirty) return this.#schedule();
    clearTimeout(this.#idle);
    const idle = setTimeout(() => {
      if (this.#running || this.#dirty || this.#stopped) return;
      const ending = this.#endThread(this.#truncateOver);
      this.#running = ending;
      void ending.finally(() => {
        if (this.#running === ending) this.#running = null;
        if (this.#dirty && !this.#stopped) this.#schedule();
        this.#observe.onThreadEnd?.();
      });
    }, this.#idleMs);
    Deno.unrefTimer(idle);
    this.#idle = idle;
  }

  /** Asks the thread (started if need be); an error, a crash or the deadline is `{ error }`. */
  #ask(request: CheckpointRequest): Promise<CheckpointReply> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#answer({ error: `no answer from the checkpoint thread in ${CHECKPOINT_MS} ms` });
      }, CHECKPOINT_MS);
      Deno.unrefTimer(timer);
      this.#waiting = { resolve, timer };
      try {
        this.#thread().postMessage(request);
      } catch (err) {
        this.#answer({ error: err instanceof Error ? err.message : String(err) });
      }
    });
  }

  #answer(reply: CheckpointReply) {
    const waiting = this.#waiting;
    this.#waiting = null;
    if (!waiting) return;
    clearTimeout(waiting.timer);
    waiting.resolve(reply);
  }

  #thread(): Worker {
    if (this.#worker) return this.#worker;
    const worker = this.#spawn();
    this.stats.threads++;
    worker.onmessage = (event: MessageEvent<CheckpointReply>) => this.#answer(event.data);
    // A module that fails to load or throws: the process must not die of it.
    worker.onerror = (event) => {
      event.preventDefault();
      this.#answer({ error: event.message || "the checkpoint thread failed" });
    };
    worker.onmessageerror = () => this.#answer({ error: "unreadable answer" });
    this.#worker = worker;
    return worker;
  }

  async #endThread(truncateOver?: number) {
    const worker = this.#worker;
    if (!worker) return;
    try {
      // Its connection closes first, so the server's close is the last and may checkpoint.
      const closed = this.#ask({ close: true, truncateOver });
      const timer = setTimeout(() => this.#answer({ error: "close timed out" }), CLOSE_MS);
      Deno.unrefTimer(timer);
      await closed;
      clearTimeout(timer);
    } finally {
      worker.terminate();
      if (this.#worker === worker) this.#worker = null;
    }
  }

  #fallBack(reason: string) {
    if (this.#stopped) return;
    this.#stopped = true;
    this.stats.fellBack = reason;
    clearTimeout(this.#next);
    clearTimeout(this.#idle);
    this.#worker?.terminate();
    this.#worker = null;
    this.#onFallback(reason);
  }
}
