/**
 * The fake Ollama's scheduler, after Ollama's `server/sched.go` and the runner's semaphore
 * (`llm/server.go`): per model, at most `numParallel` requests run at once and the others wait
 * in arrival order; a model that is not loaded, or loaded with other runner options (Ollama's
 * `needsReload`), is (re)loaded first, which takes `loadMs`, once the requests running on the
 * old load have finished. A model asked to unload while it runs goes only when they finish.
 */
import type { FakeModelSpec } from "./fake_catalogue.ts";
import { sleep } from "../async.ts";

/** The options Ollama's scheduler compares to decide on a reload (`api.Runner`). */
export interface RunnerOptions {
  num_ctx: number;
  num_batch: number;
  num_gpu: number;
  main_gpu: number;
  use_mmap: boolean | null;
  num_thread: number;
}

/** One model held in memory. */
export interface LoadedModel {
  /** When it expires (ms since epoch). */
  expires: number;
  /** The runner options it was loaded with. */
  runner: RunnerOptions;
  /** Unload once the requests running on it have finished (keep_alive 0). */
  unloadWhenIdle: boolean;
}

/** A place in a model's scheduler, held until `release()`. */
export interface Slot {
  /** Whether the model was already loaded with these options (no load was needed). */
  wasLoaded: boolean;
  /** Frees the place; the next waiting request may start. Safe to call twice. */
  release(): void;
}

interface ModelQueue {
  waiting: { runner: RunnerOptions }[];
  running: number;
  loading: boolean;
  changed: { promise: Promise<void>; resolve: () => void };
}

const RUNNER_DEFAULTS: Omit<RunnerOptions, "num_ctx"> = {
  num_batch: 512,
  num_gpu: -1,
  main_gpu: 0,
  use_mmap: null,
  num_thread: 0,
};

function signal(): ModelQueue["changed"] {
  let resolve = () => {};
  const promise = new Promise<void>((r) => resolve = r);
  return { promise, resolve };
}

/**
 * The runner options of a request as Ollama builds them: its defaults (num_ctx: the server's
 * default context), then the model's baked parameters, then the request's `options`; num_ctx
 * is clamped to the context the model was trained on.
 */
export function runnerOptions(
  spec: FakeModelSpec,
  requestOptions: unknown,
  defaultNumCtx: number,
): RunnerOptions {
  const out: RunnerOptions = { num_ctx: defaultNumCtx, ...RUNNER_DEFAULTS };
  const sources = [spec.parameters, requestOptions ?? {}] as Record<string, unknown>[];
  for (const source of sources) {
    for (const key of Object.keys(out) as (keyof RunnerOptions)[]) {
      const value = source[key];
      if (key === "use_mmap" ? typeof value === "boolean" : typeof value === "number") {
        (out as unknown as Record<string, unknown>)[key] = value;
      }
    }
  }
  out.num_ctx = Math.min(out.num_ctx, spec.contextLength);
  return out;
}

/** Ollama's `needsReload` on the options: any difference reloads; num_gpu -1 takes what is. */
export function sameRunner(loaded: RunnerOptions, wanted: RunnerOptions): boolean {
  const a = { ...loaded };
  const b = { ...wanted };
  if (b.num_gpu < 0) a.num_gpu = b.num_gpu = -1;
  return (Object.keys(a) as (keyof RunnerOptions)[]).every((k) => a[k] === b[k]);
}

/** Per-model queues, loads and the record of loads. */
export class FakeScheduler {
  readonly loadLog: { model: string; numCtx: number }[] = [];
  readonly #queues = new Map<string, ModelQueue>();
  #closed = new AbortController();

  constructor(
    readonly loaded: Map<string, LoadedModel>,
    readonly opts: { numParallel: number; loadMs: number },
  ) {}

  #queue(model: string): ModelQueue {
    let q = this.#queues.get(model);
    if (!q) {
      this.#queues.set(model, q = { waiting: [], running: 0, loading: false, changed: signal() });
    }
    return q;
  }

  #wake(q: ModelQueue): void {
    const { resolve } = q.changed;
    q.changed = signal();
    resolve();
  }

  #canStart(model: string, q: ModelQueue, runner: RunnerOptions): boolean {
    if (q.loading || q.running >= this.opts.numParallel) return false;
    const loaded = this.loaded.get(model);
    return !loaded || q.running === 0 ||
      (sameRunner(loaded.runner, runner) && !loaded.unloadWhenIdle);
  }

  /** Requests of `model` (or of all models) waiting for a place. */
  waiting(model?: string): number {
    if (model) return this.#queues.get(model)?.waiting.length ?? 0;
    return [...this.#queues.values()].reduce((n, q) => n + q.waiting.length, 0);
  }

  /** Requests of `model` (or of all models) holding a place: loading, reading or answering. */
  running(model?: string): number {
    if (model) return this.#queues.get(model)?.running ?? 0;
    return [...this.#queues.values()].reduce((n, q) => n + q.running, 0);
  }

  /** Loads of `model` (or of all models) so far. */
  loads(model?: string): number {
    return model ? this.loadLog.filter((l) => l.model === model).length : this.loadLog.length;
  }

  /**
   * Waits for a place (first come, first served), then loads the model unless it is loaded with
   * `runner`. Resolves to undefined when `abort` fires while waiting; a load already begun ends.
   */
  async acquire(
    model: string,
    runner: RunnerOptions,
    keepAlive: (model: string) => number,
    abort: AbortSignal,
  ): Promise<Slot | undefined> {
    const closed = this.#closed.signal;
    const q = this.#queue(model);
    const me = { runner };
    q.waiting.push(me);
    const gone = new Promise<void>((resolve) => abort.addEventListener("abort", () => resolve()));
    while (q.waiting[0] !== me || !this.#canStart(model, q, runner)) {
      await Promise.race([q.changed.promise, gone]);
      if (abort.aborted || closed.aborted) {
        q.waiting.splice(q.waiting.indexOf(me), 1);
        this.#wake(q);
        return undefined;
      }
    }
    q.waiting.shift();
    q.running++;
    const loaded = this.loaded.get(model);
    const wasLoaded = loaded !== undefined && sameRunner(loaded.runner, runner);
    if (!wasLoaded) {
      q.loading = true;
      this.loaded.delete(model);
      // A closed server stops loading at once; what follows sees it closed.
      await sleep(this.opts.loadMs, closed).catch(() => {});
      this.loaded.set(model, { expires: keepAlive(model), runner, unloadWhenIdle: false });
      this.loadLog.push({ model, numCtx: runner.num_ctx });
      q.loading = false;
    }
    this.#wake(q);
    let released = false;
    return {
      wasLoaded,
      release: () => {
        if (released) return;
        released = true;
        q.running--;
        const now = this.loaded.get(model);
        if (now?.unloadWhenIdle && q.running === 0) this.loaded.delete(model);
        this.#wake(q);
      },
    };
  }

  /** Ollama's expireRunner: unloads at once when idle, else once the running requests end. */
  unload(model: string): void {
    const loaded = this.loaded.get(model);
    if (!loaded) return;
    if (this.running(model) === 0) this.loaded.delete(model);
    else loaded.unloadWhenIdle = true;
  }

  /** Ends every wait and load in progress (the server stops); later requests queue anew. */
  close(): void {
    this.#closed.abort();
    this.#closed = new AbortController();
    for (const q of this.#queues.values()) this.#wake(q);
  }
}
