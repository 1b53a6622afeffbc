/** The shape of a log entry, as the logger keeps it and the live log (`/ws`) sends it. */

/** Severity of an entry. */
export type LogLevel = "debug" | "info" | "warn" | "error";

/** One log entry. */
export interface LogEntry {
  /** Monotonic sequence number, so a tail can resume without duplicates. */
  seq: number;
  time: string;
  level: LogLevel;
  /** The message, secrets masked and on one line (lib/log/sanitize.ts). */
  msg: string;
  /** Structured fields, secrets redacted, strings on one line. */
  fields?: Record<string, unknown>;
  /** Convenience flag for the log tail's error highlighting. */
  isError: boolean;
  /** Where the line came from when not from Hearth itself (an external log's tag, "ollama"). */
  source?: string;
}
