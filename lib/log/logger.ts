/**
 * Structured logging: every entry goes to a ring buffer of the last 1000 lines (for the admin log
 * tail) and to stdout as one line. Subscribers see new entries as they happen.
 */
import { safeFields, safeText } from "./sanitize.ts";
import type { LogEntry, LogLevel } from "./types.ts";

export type { LogEntry, LogLevel };

/** Options for `createLogger`. */
export interface LoggerOptions {
  /** Lines kept in memory (default 1000). */
  capacity?: number;
  /** Where lines go besides the buffer (default stdout; `null` for none, as in tests). */
  write?: ((line: string) => void) | null;
  /** Entries below this level are dropped (default "info", `HEARTH_LOG_LEVEL`). */
  level?: LogLevel;
  now?: () => Date;
}

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** A logger with a bounded in-memory tail. */
export class Logger {
  readonly capacity: number;
  #ring: LogEntry[] = [];
  #next = 0;
  #seq = 0;
  #subscribers = new Set<(entry: LogEntry) => void>();
  #write: ((line: string) => void) | null;
  #level: number;
  #now: () => Date;

  constructor(options: LoggerOptions = {}) {
    this.capacity = options.capacity ?? 1000;
    const encoder = new TextEncoder();
    this.#write = options.write === undefined
      ? (line) => Deno.stdout.writeSync(encoder.encode(line + "\n"))
      : options.write;
    this.#level = ORDER[options.level ?? "info"];
    this.#now = options.now ?? (() => new Date());
  }

  /**
   * Logs one entry. The message and fields are made safe (secrets masked, control characters
   * escaped, lengths bounded; `lib/log/sanitize.ts`) before they are kept or printed. `source`
   * tags a line from an external log (lib/log/tail.ts).
   */
  log(level: LogLevel, msg: string, fields?: Record<string, unknown>, source?: string): void {
    if (ORDER[level] < this.#level) return;
    const entry: LogEntry = {
      seq: ++this.#seq,
      time: this.#now().toISOString(),
      level,
      msg: safeText(msg),
      isError: level === "error",
      ...(source && { source: safeText(source) }),
    };
    if (fields && Object.keys(fields).length) {
      entry.fields = safeFields(fields);
    }
    if (this.#ring.length < this.capacity) this.#ring.push(entry);
    else this.#ring[this.#next] = entry;
    this.#next = (this.#next + 1) % this.capacity;
    try {
      this.#write?.(formatEntry(entry));
    } catch {
      // A closed stdout must not take the server down.
    }
    for (const fn of this.#subscribers) {
      try {
        fn(entry);
      } catch {
        // A failing subscriber never breaks logging.
      }
    }
  }

  debug(msg: string, fields?: Record<string, unknown>): void {
    this.log("debug", msg, fields);
  }
  info(msg: string, fields?: Record<string, unknown>): void {
    this.log("info", msg, fields);
  }
  warn(msg: string, fields?: Record<string, unknown>): void {
    this.log("warn", msg, fields);
  }
  error(msg: string, fields?: Record<string, unknown>): void {
    this.log("error", msg, fields);
  }

  /** The buffered entries, oldest first; only those after `afterSeq` when given. */
  entries(afterSeq = 0): LogEntry[] {
    const ordered = this.#ring.length < this.capacity
      ? this.#ring.slice()
      : [...this.#ring.slice(this.#next), ...this.#ring.slice(0, this.#next)];
    return afterSeq ? ordered.filter((e) => e.seq > afterSeq) : ordered;
  }

  /** Calls `fn` for every new entry; returns the unsubscribe function. */
  subscribe(fn: (entry: LogEntry) => void): () => void {
    this.#subscribers.add(fn);
    return () => this.#subscribers.delete(fn);
  }
}

/** One human-readable line: time, level, message, then the fields as JSON. */
export function formatEntry(entry: LogEntry): string {
  const fields = entry.fields ? " " + JSON.stringify(entry.fields) : "";
  const source = entry.source ? `[${entry.source}] ` : "";
  return `${entry.time} ${entry.level.toUpperCase().padEnd(5)} ${source}${entry.msg}${fields}`;
}
