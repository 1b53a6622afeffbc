/**
 * The registry of server-side streaming tasks (chat replies, gems, model pulls, agent runs):
 * starts them, finds them for their owner only, cancels them the way their kind asks, and keeps
 * the memory they hold inside the limits of SPEC §13 by evicting finished tasks and refusing new
 * ones when full.
 */
import { HttpError } from "../http/errors.ts";
import { sameOwner } from "./owner.ts";
import { StreamGate, type StreamLimits, type StreamStats } from "./streams.ts";
import { Task, type TaskOnEnd, type TaskRun } from "./task.ts";
import type { CancelResult, TaskOwner, TaskStatus } from "./types.ts";

const MB = 1024 * 1024;

/** Limits and seams of a registry; every field is optional. */
export interface TaskRegistryOptions {
  /** Buffer cap of one task in bytes (default `HEARTH_STREAM_CAP`, else 50 MB). */
  perTaskCap?: number;
  /** Cap of all buffers together in bytes (default 200 MB). */
  totalCap?: number;
  /** Finished tasks are evicted this long after they ended (default 10 min). */
  ttlMs?: number;
  /** At most this many finished tasks are kept, oldest evicted first (default 200). */
  maxFinished?: number;
  /** How often the janitor evicts expired tasks (default 30 s). */
  janitorMs?: number;
  /** How many task streams (SSE responses) may be open per owner and in total. */
  streams?: StreamLimits;
  /**
   * How long running tasks may go on finishing when the server is told to stop, before they are
   * interrupted (`graceMs`; default `HEARTH_SHUTDOWN_GRACE_MS`, else 10 s).
   */
  graceMs?: number;
  /** The clock for task times and the TTL, injectable so tests need not sleep. */
  now?: () => number;
  /** Where failures that nobody awaits (onEnd, producers) are reported. */
  log?: (message: string, error?: unknown) => void;
}

/** What `start` needs. */
export interface StartTaskOptions {
  /**
   * An id from `newTaskId()`, when the caller must store the id before the task starts (a chat
   * reply records it in the same transaction as its messages). Default: a new one.
   */
  id?: string;
  /** Who the task belongs to; only this owner can read or cancel it. */
  owner: TaskOwner;
  /** What the task is (`chat`, `gem`, `pull`, `agent`). */
  kind: string;
  /** Caller data kept with the task (conversation and message ids …). */
  meta?: Record<string, unknown>;
  /** The producer. It writes with `out.emit`, must honour `signal`, and throws to fail. */
  run: TaskRun;
  /** Called exactly once when the task ends, however it ends; errors are logged. */
  onEnd?: TaskOnEnd;
}

/** What a domain says about its kind of task (`TaskRegistry.define`). */
export interface TaskKind {
  /**
   * Cancels a running task of this kind and confirms that the work it started elsewhere stopped
   * (chat: the model, through Ollama's `/api/ps`). Default: `task.cancel()`, nothing to confirm.
   */
  cancel?(task: Task): Promise<{ cancelled: boolean; upstream?: Record<string, unknown> | null }>;
}

/** A new random task id, safe to put in URLs; see `StartTaskOptions.id`. */
export function newTaskId(): string {
  return crypto.randomUUID();
}

/** Counts and bytes, for the health page. */
export interface TaskStats {
  running: number;
  finished: number;
  /** Bytes held by all buffers the registry still tracks. */
  bytes: number;
  runningBytes: number;
  perTaskCap: number;
  totalCap: number;
  /** Finished tasks evicted since start (TTL, count or total cap). */
  evicted: number;
  /** `start` calls refused with 503 since start. */
  refused: number;
  byStatus: Record<TaskStatus, number>;
  /** Open task streams and the limits on them. */
  streams: StreamStats;
}

/** How `shutdown` goes. */
export interface ShutdownOptions {
  /** Running tasks may finish on their own for this long before they are interrupted (default 0). */
  graceMs?: number;
  /** Then every onEnd is awaited at most this long (default 10 s). */
  timeoutMs?: number;
}

/** What `shutdown` did. */
export interface ShutdownResult {
  /** Running tasks marked `interrupted`. */
  interrupted: number;
  /** Tasks whose onEnd had not returned when the wait ran out. */
  pending: number;
}

/**
 * Reads `HEARTH_STREAM_CAP` (bytes, a positive integer). Undefined when unset or when env access
 * is not permitted; throws on a malformed value so a misconfiguration fails at boot.
 */
export function streamCapFromEnv(
  get: (name: string) => string | undefined = (name) => Deno.env.get(name),
): number | undefined {
  let raw: string | undefined;
  try {
    raw = get("HEARTH_STREAM_CAP")?.trim();
  } catch {
    return undefined; // no --allow-env: the default applies
  }
  if (!raw) return undefined;
  const cap = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(cap) || cap <= 0) {
    throw new Error(`HEARTH_STREAM_CAP must be a positive number of bytes, got "${raw}"`);
  }
  return cap;
}

/**
 * Reads `HEARTH_SHUTDOWN_GRACE_MS` (0–600000 ms): how long running tasks may finish when the
 * server stops. Undefined when unset or when env access is not permitted; throws on a malformed
 * value so a misconfiguration fails at boot.
 */
export function shutdownGraceFromEnv(
  get: (name: string) => string | undefined = (name) => Deno.env.get(name),
): number | undefined {
  let raw: string | undefined;
  try {
    raw = get("HEARTH_SHUTDOWN_GRACE_MS")?.trim();
  } catch {
    return undefined;
  }
  if (!raw) return undefined;
  if (!/^\d{1,6}$/.test(raw) || Number(raw) > 600_000) {
    throw new Error(`HEARTH_SHUTDOWN_GRACE_MS must be 0–600000 ms, got "${raw}"`);
  }
  return Number(raw);
}

/** Starts, finds, evicts and shuts down streaming tasks. Call `close()` or `shutdown()` at the end. */
export class TaskRegistry {
  readonly #perTaskCap: number;
  readonly #totalCap: number;
  readonly #ttlMs: number;
  readonly #maxFinished: number;
  readonly #now: () => number;
  readonly #log: (message: string, error?: unknown) => void;
  readonly #running = new Map<string, Task>();
  // Insertion order is ending order, so the first entry is always the oldest finished task.
  readonly #finished = new Map<string, Task>();
  readonly #ending = new Set<Task>();
  readonly #kinds = new Map<string, TaskKind>();
  readonly #janitor: ReturnType<typeof setInterval>;
  readonly #streams: StreamGate;
  /** How long running tasks may finish when the server stops (see `shutdown`). */
  readonly graceMs: number;
  #bytes = 0;
  #evicted = 0;
  #refused = 0;
  #closed = false;

  /** Reads limits from `options`, then `HEARTH_STREAM_CAP`, then the SPEC defaults. */
  constructor(options: TaskRegistryOptions = {}) {
    this.#perTaskCap = options.perTaskCap ?? streamCapFromEnv() ?? 50 * MB;
    this.#totalCap = options.totalCap ?? 200 * MB;
    this.#ttlMs = options.ttlMs ?? 10 * 60_000;
    this.#maxFinished = options.maxFinished ?? 200;
    this.#now = options.now ?? Date.now;
    this.#log = options.log ??
      ((message, error) =>
        error === undefined ? console.error(message) : console.error(message, error));
    this.#streams = new StreamGate(options.streams);
    this.graceMs = options.graceMs ?? shutdownGraceFromEnv() ?? 10_000;
    this.#janitor = setInterval(() => this.sweep(), options.janitorMs ?? 30_000);
    // The janitor alone must never keep the process alive.
    Deno.unrefTimer(this.#janitor);
  }

  /**
   * Throws what `start` would refuse with now (503 `shutting_down` or `busy`), after evicting
   * what it can. A caller that stores things before starting a task asks first, so a refusal
   * leaves nothing half done.
   */
  admit(): void {
    if (this.#closed) {
      this.#refused++;
      throw new HttpError(503, "shutting_down", "The server is shutting down.", {
        "Retry-After": "10",
      });
    }
    this.sweep();
    // Room for at least one byte: a new task at exactly the cap would be over it at once.
    this.#evictDownTo(this.#totalCap - 1);
    if (this.#bytes >= this.#totalCap) {
      this.#refused++;
      throw new HttpError(
        503,
        "busy",
        "The server is busy streaming other replies; try again shortly.",
        { "Retry-After": "5" },
      );
    }
  }

  /**
   * Starts a task and its producer. Evicts expired tasks first; throws HttpError 503 `busy`
   * when the buffers of running tasks alone fill the total cap, and 503 `shutting_down` after
   * `shutdown()`/`close()`.
   */
  start(options: StartTaskOptions): Task {
    this.admit();
    const id = options.id ?? newTaskId();
    if (this.#running.has(id) || this.#finished.has(id)) {
      throw new Error(`Task id ${id} is already in use`);
    }
    const task = new Task({
      id,
      owner: options.owner,
      kind: options.kind,
      meta: Object.freeze({ ...options.meta }),
      cap: this.#perTaskCap,
      totalCap: this.#totalCap,
      now: this.#now,
      hasRoom: (bytes) => this.#hasRoom(bytes),
      onGrow: (bytes) => this.#grew(bytes),
      onFinal: (t) => this.#finalized(t),
      onEnd: options.onEnd,
      log: this.#log,
      streams: this.#streams,
    });
    this.#running.set(task.id, task);
    task.start(options.run);
    return task;
  }

  /** Says how tasks of `kind` are cancelled; a domain calls it once, when the app starts. */
  define(kind: string, spec: TaskKind): void {
    this.#kinds.set(kind, spec);
  }

  /**
   * The task with this id if one of `owners` owns it. A missing, evicted or foreign task all
   * give the same 404 `task_not_found`, so ids of others' tasks cannot be probed.
   */
  get(id: string, owners: TaskOwner | TaskOwner[]): Task {
    const task = this.#running.get(id) ?? this.#finished.get(id);
    if (!task || ![owners].flat().some((o) => sameOwner(o, task.owner))) {
      throw new HttpError(404, "task_not_found", "No such task.");
    }
    return task;
  }

  /** The tasks `owners` own, oldest first, optionally of some kinds (e.g. to resume a page). */
  list(owners: TaskOwner | TaskOwner[], kinds?: string | string[]): Task[] {
    const mine = [owners].flat();
    const wanted = kinds === undefined ? undefined : [kinds].flat();
    return [...this.#finished.values(), ...this.#running.values()]
      .filter((t) => mine.some((o) => sameOwner(o, t.owner)))
      .filter((t) => wanted === undefined || wanted.includes(t.kind))
      .sort((a, b) => a.createdAt - b.createdAt);
  }

  /**
   * Cancels `task` as its kind says (the upstream request is aborted, never just its output
   * hidden) and answers once the task has ended and its onEnd has saved what it had.
   */
  async cancel(task: Task): Promise<CancelResult> {
    const hook = this.#kinds.get(task.kind)?.cancel;
    const { cancelled, upstream = null } = hook ? await hook(task) : { cancelled: task.cancel() };
    await task.ended;
    return { cancelled, task: task.info(), upstream };
  }

  /** Evicts finished tasks past the TTL or over the count limit. Run by the janitor and `start`. */
  sweep(): void {
    const cutoff = this.#now() - this.#ttlMs;
    for (const task of this.#finished.values()) {
      // Ending order equals endedAt order, so the first young task ends the scan.
      if ((task.endedAt ?? 0) > cutoff) break;
      this.#evict(task);
    }
    this.#evictOverCount();
  }

  /** The running tasks, oldest first: a read-only view for the health page. */
  active(): readonly Task[] {
    return [...this.#running.values()];
  }

  /** Counts and bytes, for the health page. */
  stats(): TaskStats {
    const byStatus: Record<TaskStatus, number> = {
      running: 0,
      done: 0,
      error: 0,
      cancelled: 0,
      truncated: 0,
      interrupted: 0,
    };
    let runningBytes = 0;
    for (const task of this.#running.values()) runningBytes += task.bytes;
    for (const task of [...this.#running.values(), ...this.#finished.values()]) {
      byStatus[task.status]++;
    }
    return {
      running: this.#running.size,
      finished: this.#finished.size,
      bytes: this.#bytes,
      runningBytes,
      perTaskCap: this.#perTaskCap,
      totalCap: this.#totalCap,
      evicted: this.#evicted,
      refused: this.#refused,
      byStatus,
      streams: this.#streams.stats(),
    };
  }

  /**
   * Closes the registry (new tasks are refused at once), lets running tasks finish on their own
   * for up to `graceMs`, then aborts the rest and marks them `interrupted`, and waits (at most
   * `timeoutMs`) for the onEnd of every task that has not finished it yet, so replies are
   * persisted before the process exits. Last, every task stream still open is ended, so a client
   * that stopped reading cannot hold up the HTTP server's shutdown.
   */
  async shutdown(options: ShutdownOptions = {}): Promise<ShutdownResult> {
    const { graceMs = 0, timeoutMs = 10_000 } = options;
    this.close();
    if (graceMs > 0 && this.#running.size) {
      await waitUpTo(Promise.all([...this.#running.values()].map((t) => t.ended)), graceMs);
    }
    let interrupted = 0;
    for (const task of [...this.#running.values()]) {
      if (task.interrupt()) interrupted++;
    }
    const ending = [...this.#ending];
    let pending = ending.length;
    await waitUpTo(Promise.all(ending.map((t) => t.ended.then(() => pending--))), timeoutMs);
    if (pending > 0) this.#log(`task shutdown: ${pending} onEnd call(s) still pending`);
    this.#streams.closeAll();
    return { interrupted, pending };
  }

  /** Stops the janitor and refuses new tasks. Running tasks are left alone (see `shutdown`). */
  close(): void {
    this.#closed = true;
    clearInterval(this.#janitor);
  }

  /** `close()`, so a test can write `using registry = new TaskRegistry(…)`. */
  [Symbol.dispose](): void {
    this.close();
  }

  /** Whether the buffers can take `bytes` more, after evicting the oldest finished tasks. */
  #hasRoom(bytes: number): boolean {
    if (this.#bytes + bytes <= this.#totalCap) return true;
    this.#evictDownTo(this.#totalCap - bytes);
    return this.#bytes + bytes <= this.#totalCap;
  }

  // The small final events of a task go in even past the total (a reader must learn the ending).
  #grew(bytes: number): void {
    this.#bytes += bytes;
    if (this.#bytes > this.#totalCap) this.#evictDownTo(this.#totalCap);
  }

  #finalized(task: Task): void {
    this.#running.delete(task.id);
    this.#finished.set(task.id, task);
    // Tracked apart from #finished: shutdown must await an onEnd even if its task was evicted.
    this.#ending.add(task);
    task.ended.then(() => this.#ending.delete(task));
    this.#evictOverCount();
  }

  /** Evicts the oldest finished tasks until the buffers hold at most `bytes`, or none is left. */
  #evictDownTo(bytes: number): void {
    for (const task of this.#finished.values()) {
      if (this.#bytes <= bytes) break;
      this.#evict(task);
    }
  }

  #evictOverCount(): void {
    for (const task of this.#finished.values()) {
      if (this.#finished.size <= this.#maxFinished) break;
      this.#evict(task);
    }
  }

  // Readers already holding an evicted task finish reading it; the memory goes with them.
  #evict(task: Task): void {
    if (!this.#finished.delete(task.id)) return;
    this.#bytes -= task.bytes;
    this.#evicted++;
  }
}

/** Resolves when `promise` settles or after `ms`, whichever is first; leaves no timer behind. */
async function waitUpTo(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<void>((resolve) => timer = setTimeout(resolve, ms));
  await Promise.race([promise, timeout]);
  clearTimeout(timer);
}
