/**
 * One server-side streaming task: a producer that writes numbered chunks into a shared buffer,
 * and any number of readers that each hold only an index into it. The producer never waits on
 * a reader, so a slow or vanished client costs neither memory nor speed (SPEC §6, §13).
 */
import { HttpError } from "../http/errors.ts";
import { formatMemory } from "../i18n/format.ts";
import { ChunkBuffer } from "./buffer.ts";
import { utf8Length } from "./bytes.ts";
import { TaskReader } from "./reader.ts";
import type { StreamGate, StreamLease } from "./streams.ts";
import type { Chunk, TaskInfo, TaskOwner, TaskStatus } from "./types.ts";

export type { Chunk, TaskInfo, TaskOwner, TaskStatus };

/** The event name (and data) of the sentinel chunk that closes every task's buffer. */
export const DONE_SENTINEL = "[DONE]";

/** What a producer writes with. */
export interface TaskOutput {
  /**
   * Appends one event; `data` is JSON-encoded now. Never waits. Returns false (and drops the
   * event) once the task has ended, e.g. after a cancel or when the buffer cap was reached.
   * Throws a TypeError for an event name that could break the SSE framing (allowed: 1–64 of
   * `A-Z a-z 0-9 _ . : -`), and JSON.stringify's error for data it cannot encode.
   */
  emit(event: string, data: unknown): boolean;
}

/** The producer: writes events, honours `signal` (abort it upstream), returns when finished. */
export type TaskRun = (out: TaskOutput, signal: AbortSignal) => Promise<void>;

/** Called once when a task ends, whatever the ending, after its status is final. */
export type TaskOnEnd = (task: Task) => Promise<void> | void;

/** What a task needs from its registry. Built by `TaskRegistry.start`, not by callers. */
export interface TaskInit {
  id: string;
  owner: TaskOwner;
  kind: string;
  meta: Readonly<Record<string, unknown>>;
  /** Per-task buffer cap in bytes. */
  cap: number;
  /** The registry's cap of all buffers together, for the message of a task it cuts. */
  totalCap: number;
  now: () => number;
  /**
   * Asked before an event is buffered: whether all buffers together can take `bytes` more (the
   * registry evicts finished tasks to make room). No: the task is cut off as `truncated`.
   */
  hasRoom: (bytes: number) => boolean;
  /** Told about every buffer growth so the registry can keep the total under its cap. */
  onGrow: (bytes: number) => void;
  /** Told once when the status becomes final, before `onEnd` runs. */
  onFinal: (task: Task) => void;
  onEnd?: TaskOnEnd;
  log: (message: string, error?: unknown) => void;
  /** The registry's limits on open streams. */
  streams: StreamGate;
}

// Letters, digits and a little punctuation: never CR/LF (SSE framing) and never "[DONE]".
const EVENT_NAME = /^[A-Za-z0-9_.:-]{1,64}$/;

const ENDINGS: Record<"cancelled" | "interrupted", { code: string; message: string }> = {
  cancelled: { code: "task_cancelled", message: "The task was cancelled." },
  interrupted: {
    code: "task_interrupted",
    message: "The server shut down before the task finished.",
  },
};

/** A running or finished task. Obtain one from `TaskRegistry.start` or `TaskRegistry.get`. */
export class Task {
  /** Random id, safe to put in URLs. */
  readonly id: string;
  /** Who started it; only this owner may read or cancel it. */
  readonly owner: TaskOwner;
  /** What it is (`chat`, `gem`, `pull`, `agent`), for stats and listings. */
  readonly kind: string;
  /** Caller data (conversation and message ids …), returned in `info()`. */
  readonly meta: Readonly<Record<string, unknown>>;
  /** Clock time when it started. */
  readonly createdAt: number;
  /** Resolves after the task has ended and its `onEnd` has returned (or failed and been logged). */
  readonly ended: Promise<void>;

  readonly #init: TaskInit;
  // The ending's two events always fit, whatever names the producer used up.
  readonly #buffer = new ChunkBuffer(["error", DONE_SENTINEL]);
  readonly #abort = new AbortController();
  #status: TaskStatus = "running";
  #bytes = 0;
  #endedAt: number | null = null;
  #sawDone = false;
  #streamed = false;
  #streamsOpen = 0;
  #readersAtEnd = 0;
  // One promise shared by every waiting reader, resolved and dropped on each change, so an
  // emit costs the same whether nobody or a thousand readers are waiting.
  #wake: { promise: Promise<void>; resolve: () => void } | null = null;
  #resolveEnded!: () => void;

  /** @internal Use `TaskRegistry.start`. */
  constructor(init: TaskInit) {
    this.#init = init;
    this.id = init.id;
    this.owner = init.owner;
    this.kind = init.kind;
    this.meta = init.meta;
    this.createdAt = init.now();
    this.ended = new Promise((resolve) => this.#resolveEnded = resolve);
  }

  /** Current status; `running` until the task ends. */
  get status(): TaskStatus {
    return this.#status;
  }

  /** True until the status is final (and the buffer therefore complete). */
  get running(): boolean {
    return this.#status === "running";
  }

  /** Clock time when the status became final, or null while running. */
  get endedAt(): number | null {
    return this.#endedAt;
  }

  /** Number of chunks in the buffer. */
  get length(): number {
    return this.#buffer.length;
  }

  /** UTF-8 size of the buffered event names and data (what the caps count). */
  get bytes(): number {
    return this.#bytes;
  }

  /** @internal The stored events, for `sse.ts` to frame without decoding them; read only. */
  get buffer(): Pick<ChunkBuffer, "length" | "eventAt" | "dataLength" | "copyData"> {
    return this.#buffer;
  }

  /** The chunk at `index`, or undefined when it does not exist (yet). */
  chunkAt(index: number): Chunk | undefined {
    return this.#buffer.chunkAt(index);
  }

  /**
   * Resolves as soon as the chunk at `index` exists, the task has ended, or `signal` aborts.
   * It may also resolve on an unrelated change: callers check again and loop.
   */
  waitFor(index: number, signal?: AbortSignal): Promise<void> {
    if (index < this.#buffer.length || !this.running || signal?.aborted) return Promise.resolve();
    if (!this.#wake) {
      let resolve!: () => void;
      const promise = new Promise<void>((r) => resolve = r);
      this.#wake = { promise, resolve };
    }
    const changed = this.#wake.promise;
    if (!signal) return changed;
    return new Promise((resolve) => {
      const onAbort = () => resolve();
      signal.addEventListener("abort", onAbort, { once: true });
      changed.then(() => {
        signal.removeEventListener("abort", onAbort);
        resolve();
      });
    });
  }

  /**
   * Resolves every pending `waitFor` now: on each change, and for a reader whose own timer came
   * due (a heartbeat) or that stopped, when the others look, find nothing new and wait again.
   */
  wakeReaders(): void {
    const wake = this.#wake;
    this.#wake = null;
    wake?.resolve();
  }

  /**
   * Reads chunks from `offset` (inclusive) to the end, waiting for new ones while the task
   * runs. Each reader holds only its position; stopping early (`break`, `return()`) is
   * immediate even while waiting, and never affects the task or other readers.
   */
  read(offset = 0): AsyncIterableIterator<Chunk> {
    return new TaskReader(this, offset);
  }

  /**
   * @internal A slot for one more stream (SSE response) of this task, within the registry's
   * limits (the task's first stream is not counted); see `StreamGate.open` for the refusals.
   */
  openStream(): StreamLease {
    const first = !this.#streamed;
    const lease = this.#init.streams.open(this.owner, first);
    this.#streamed = true;
    this.#streamsOpen++;
    let released = false;
    return {
      get closing() {
        return lease.closing;
      },
      onClose: (end) => lease.onClose(end),
      release: () => {
        if (!released) this.#streamsOpen--;
        released = true;
        lease.release();
      },
    };
  }

  /**
   * How many streams (SSE responses) of this task were open when it ended; 0 while it runs.
   * None means nobody was watching the ending (the page was closed or lost its connection).
   */
  get readersAtEnd(): number {
    return this.#readersAtEnd;
  }

  /** Aborts the producer's signal and ends the task as `cancelled`. False if already ended. */
  cancel(): boolean {
    return this.#endWith("cancelled", ENDINGS.cancelled);
  }

  /** @internal Ends a running task as `interrupted` (server shutdown). */
  interrupt(): boolean {
    return this.#endWith("interrupted", ENDINGS.interrupted);
  }

  /** A JSON-safe summary. */
  info(): TaskInfo {
    return {
      id: this.id,
      kind: this.kind,
      status: this.#status,
      meta: this.meta,
      createdAt: this.createdAt,
      endedAt: this.#endedAt,
      chunks: this.#buffer.length,
      bytes: this.#bytes,
    };
  }

  /** @internal Starts the producer; called once by the registry. */
  start(run: TaskRun): void {
    const out: TaskOutput = { emit: (event, data) => this.#emit(event, data) };
    const signal = this.#abort.signal;
    // A microtask later, so `start` returns the task before any output and a synchronous
    // throw in `run` becomes an ordinary rejection.
    Promise.resolve()
      .then(() => run(out, signal))
      .then(
        () => {
          if (!this.running) return;
          // Every successful buffer ends with `done` then [DONE], even if the producer forgot.
          if (!this.#sawDone) this.#append("done", "{}");
          this.#finish("done");
        },
        (error: unknown) => {
          if (!this.running) return;
          this.#endWith("error", errorPayload(error, this.#init.log));
        },
      );
  }

  #emit(event: string, data: unknown): boolean {
    if (!EVENT_NAME.test(event)) throw new TypeError(`Invalid task event name: ${event}`);
    if (!this.running) return false;
    const json = JSON.stringify(data) ?? "null";
    const size = utf8Length(event) + utf8Length(json);
    if (this.#bytes + size > this.#init.cap) {
      this.#endWith("truncated", {
        code: "stream_truncated",
        message: `The output passed the ${
          formatMemory(this.#init.cap, "en")
        } stream limit and was cut off.`,
      });
      return false;
    }
    if (!this.#init.hasRoom(size)) {
      this.#endWith("truncated", {
        code: "stream_truncated",
        message: `The server's ${
          formatMemory(this.#init.totalCap, "en")
        } for all streams together is full, so the output was cut off.`,
      });
      return false;
    }
    if (event === "done") this.#sawDone = true;
    this.#append(event, json);
    return true;
  }

  #append(event: string, data: string): void {
    const before = this.#buffer.dataBytes;
    this.#buffer.push(event, data);
    // Event names are ASCII (EVENT_NAME, or the sentinel): one byte per character.
    const size = event.length + this.#buffer.dataBytes - before;
    this.#bytes += size;
    this.#init.onGrow(size);
    this.wakeReaders();
  }

  /** Appends the error ending, makes the status final and aborts the producer. */
  #endWith(status: TaskStatus, error: { code: string; message: string }): boolean {
    if (!this.running) return false;
    // The small final chunks go in even past the cap: a reader must always learn the ending.
    this.#append("error", JSON.stringify(error));
    this.#finish(status);
    // After the status is final, so whatever the producer does on abort is dropped. Also after
    // an error: work the producer left running with this signal stops too.
    this.#abort.abort(new DOMException(error.message, "AbortError"));
    return true;
  }

  #finish(status: TaskStatus): void {
    this.#append(DONE_SENTINEL, DONE_SENTINEL);
    this.#buffer.seal();
    this.#status = status;
    this.#readersAtEnd = this.#streamsOpen;
    this.#endedAt = this.#init.now();
    this.wakeReaders();
    this.#init.onFinal(this);
    this.#callOnEnd();
  }

  async #callOnEnd(): Promise<void> {
    // Never inside the caller's stack (a producer's emit, a route's cancel): they finish first.
    await Promise.resolve();
    try {
      await this.#init.onEnd?.(this);
    } catch (error) {
      this.#init.log(`task ${this.id} (${this.kind}): onEnd failed`, error);
    }
    this.#resolveEnded();
  }
}

/** The `{code, message}` of a failed producer; internals of unexpected errors stay in the log. */
function errorPayload(
  error: unknown,
  log: (message: string, error?: unknown) => void,
): { code: string; message: string } {
  if (error instanceof HttpError) return { code: error.code, message: error.message };
  log("task producer failed", error);
  return { code: "task_failed", message: "The task failed unexpectedly." };
}
