/**
 * An external log in the live log: a command (`HEARTH_LOG_TAIL`, e.g. `journalctl -u ollama -f
 * -n 0 --no-pager` or `tail -F /var/log/ollama.log`) runs as a child process, without a shell;
 * each line of its output enters the ring buffer tagged with `source`. Lines are cut at
 * `maxLineBytes`; the child is restarted with backoff when it ends, and killed by `stop()`
 * (the server's shutdown), which waits until it is gone.
 */
import type { Logger, LogLevel } from "./logger.ts";

/** Options for `LogTail`. */
export interface LogTailOptions {
  /** Program and arguments (no shell). */
  command: string[];
  log: Logger;
  /** The tag on each line (default "ollama"). */
  source?: string;
  /** Longest line kept, in bytes of output (default 4 KB); the rest of the line is dropped. */
  maxLineBytes?: number;
  /** First and longest wait before a restart (default 1 s and 60 s). */
  minBackoffMs?: number;
  maxBackoffMs?: number;
}

/** Splits `command` text at whitespace (quotes are not interpreted: there is no shell). */
export function parseTailCommand(text: string | undefined): string[] | null {
  const parts = (text ?? "").trim().split(/\s+/).filter(Boolean);
  return parts.length ? parts : null;
}

/** The level a line of an external log reads as. */
function levelOf(line: string): LogLevel {
  if (/\b(error|fatal|panic|failed)\b|level=(error|fatal)/i.test(line)) return "error";
  if (/\b(warn|warning)\b|level=warn/i.test(line)) return "warn";
  return "info";
}

/** A running external log tail. */
export class LogTail {
  readonly #opts: Required<LogTailOptions>;
  #child: Deno.ChildProcess | null = null;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #wake: (() => void) | null = null;
  #stopped = false;
  #loop: Promise<void> | null = null;
  /** Times the child was started. */
  starts = 0;

  constructor(options: LogTailOptions) {
    this.#opts = {
      source: "ollama",
      maxLineBytes: 4096,
      minBackoffMs: 1000,
      maxBackoffMs: 60_000,
      ...options,
    };
  }

  /** The running child's process id, if one runs. */
  get pid(): number | null {
    return this.#child?.pid ?? null;
  }

  /** Starts the child (and restarts it whenever it ends) until `stop()`. */
  start(): void {
    this.#loop ??= this.#run();
  }

  /** Kills the child, stops restarting, and waits until the child has exited. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#wake?.();
    const kill = (signal: Deno.Signal) => {
      try {
        this.#child?.kill(signal);
      } catch {
        // Already gone.
      }
    };
    kill("SIGTERM");
    // A child that ignores SIGTERM gets SIGKILL after a few seconds.
    const hard = setTimeout(() => kill("SIGKILL"), 3000);
    try {
      await this.#loop;
    } finally {
      clearTimeout(hard);
    }
  }

  async #run(): Promise<void> {
    const { command, log, minBackoffMs, maxBackoffMs } = this.#opts;
    let backoff = minBackoffMs;
    while (!this.#stopped) {
      const started = Date.now();
      let code: number | null = null;
      try {
        const child = new Deno.Command(command[0], {
          args: command.slice(1),
          stdin: "null",
          stdout: "piped",
          stderr: "piped",
        }).spawn();
        this.#child = child;
        this.starts++;
        await Promise.all([this.#read(child.stdout), this.#read(child.stderr)]);
        code = (await child.status).code;
      } catch (err) {
        log.warn("log tail could not run", { command: command[0], error: String(err) });
      } finally {
        this.#child = null;
      }
      if (this.#stopped) break;
      // A child that ran a while before it ended starts again soon; one that keeps failing, later.
      if (Date.now() - started > maxBackoffMs) backoff = minBackoffMs;
      log.warn("log tail ended; restarting", { command: command[0], code, inMs: backoff });
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
        this.#timer = setTimeout(resolve, backoff);
      });
      this.#wake = null;
      backoff = Math.min(backoff * 2, maxBackoffMs);
    }
  }

  /** Reads lines from `stream` into the log, each cut at `maxLineBytes`. */
  async #read(stream: ReadableStream<Uint8Array>): Promise<void> {
    const { log, source, maxLineBytes } = this.#opts;
    const decoder = new TextDecoder();
    let line = new Uint8Array(maxLineBytes);
    let length = 0;
    let cut = false;
    const emit = () => {
      const text = decoder.decode(line.subarray(0, length)).replace(/\r$/, "");
      if (text || cut) log.log(levelOf(text), cut ? `${text} …` : text, undefined, source);
      length = 0;
      cut = false;
      line = new Uint8Array(maxLineBytes);
    };
    try {
      for await (const chunk of stream) {
        for (const byte of chunk) {
          if (byte === 10) emit();
          else if (length < maxLineBytes) line[length++] = byte;
          else cut = true;
        }
      }
      if (length) emit();
    } catch {
      // The child was killed mid-read.
    }
  }
}
