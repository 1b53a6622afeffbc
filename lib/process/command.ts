/**
 * Running external programs (nvidia-smi, ollama, the Ollama installer) behind one interface,
 * so every caller has a timeout, treats a missing program as an answer rather than a crash,
 * and can be tested with a fake runner.
 */

/** What one finished command produced. */
export interface CommandResult {
  /** Exit code; -1 when the program was not found or was killed by the timeout. */
  code: number;
  stdout: string;
  stderr: string;
  /** The program does not exist on this machine (ENOENT). */
  notFound: boolean;
  /** The command was killed because it ran past `timeoutMs`. */
  timedOut: boolean;
}

/** A result of a command that ran and exited 0 with no output, with `over` on top (for fakes). */
export function commandResult(over: Partial<CommandResult> = {}): CommandResult {
  return { code: 0, stdout: "", stderr: "", notFound: false, timedOut: false, ...over };
}

/** Options shared by `run` and `stream`. */
export interface CommandOptions {
  /** Kill the command after this long (default 5 s for `run`, none for `stream`). */
  timeoutMs?: number;
  /** Aborting kills the command. */
  signal?: AbortSignal;
  cwd?: string;
  env?: Record<string, string>;
  /** Text written to the command's standard input, which is closed afterwards. */
  stdin?: string;
}

/** One line of output from a streaming command, or its end. */
export type CommandLine =
  | { type: "stdout" | "stderr"; line: string }
  | { type: "exit"; code: number; timedOut: boolean };

/** The seam between Hearth and the operating system's programs. */
export interface CommandRunner {
  /** Runs a command to completion and collects its output. Never throws for a missing program. */
  run(cmd: string, args: string[], opts?: CommandOptions): Promise<CommandResult>;
  /**
   * Runs a command and yields its output line by line as it appears, then one `exit` item.
   * Throws `Deno.errors.NotFound` when the program does not exist.
   */
  stream(cmd: string, args: string[], opts?: CommandOptions): AsyncIterable<CommandLine>;
}

const DEFAULT_RUN_TIMEOUT_MS = 5_000;

function spawn(cmd: string, args: string[], opts: CommandOptions) {
  const command = new Deno.Command(cmd, {
    args,
    cwd: opts.cwd,
    env: opts.env,
    stdin: opts.stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
  });
  const child = command.spawn();
  if (opts.stdin !== undefined) {
    const writer = child.stdin.getWriter();
    writer.write(new TextEncoder().encode(opts.stdin)).then(() => writer.close()).catch(() => {});
  }
  let timedOut = false;
  const kill = () => {
    try {
      child.kill("SIGKILL");
    } catch {
      // Already exited.
    }
  };
  const timer = opts.timeoutMs
    ? setTimeout(() => {
      timedOut = true;
      kill();
    }, opts.timeoutMs)
    : undefined;
  opts.signal?.addEventListener("abort", kill, { once: true });
  const done = child.status.finally(() => {
    clearTimeout(timer);
    opts.signal?.removeEventListener("abort", kill);
  });
  return { child, done, timedOut: () => timedOut };
}

async function* lines(
  reader: ReadableStreamDefaultReader<Uint8Array>,
): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let rest = "";
  while (true) {
    const { done, value } = await reader.read();
    if (done) break;
    rest += decoder.decode(value, { stream: true });
    let nl: number;
    while ((nl = rest.indexOf("\n")) >= 0) {
      yield rest.slice(0, nl).replace(/\r$/, "");
      rest = rest.slice(nl + 1);
    }
  }
  if (rest) yield rest;
}

async function readAll(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<string> {
  const decoder = new TextDecoder();
  let text = "";
  try {
    while (true) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
  } catch {
    // Cancelled after the command ended: keep what was read.
  }
  return text + decoder.decode();
}

/** The real runner, over `Deno.Command`. */
export const realCommandRunner: CommandRunner = {
  async run(cmd, args, opts = {}) {
    let proc;
    try {
      proc = spawn(cmd, args, { timeoutMs: DEFAULT_RUN_TIMEOUT_MS, ...opts });
    } catch (err) {
      if (err instanceof Deno.errors.NotFound) {
        return { code: -1, stdout: "", stderr: "", notFound: true, timedOut: false };
      }
      throw err;
    }
    const readers = [proc.child.stdout.getReader(), proc.child.stderr.getReader()];
    const texts = Promise.all(readers.map(readAll));
    const status = await proc.done;
    // A grandchild (a daemon the command started) may keep the pipes open after the command
    // itself exited or was killed: read what is there, then stop waiting for it.
    let grace: ReturnType<typeof setTimeout> | undefined;
    const drained = await Promise.race([
      texts.then(() => true),
      new Promise<false>((resolve) => (grace = setTimeout(() => resolve(false), 200))),
    ]);
    clearTimeout(grace);
    if (!drained) await Promise.all(readers.map((r) => r.cancel().catch(() => {})));
    const [stdout, stderr] = await texts;
    const timedOut = proc.timedOut();
    return { code: timedOut ? -1 : status.code, stdout, stderr, notFound: false, timedOut };
  },

  async *stream(cmd, args, opts = {}) {
    const proc = spawn(cmd, args, opts);
    const queue: CommandLine[] = [];
    let wake: (() => void) | undefined;
    const push = (item: CommandLine) => {
      queue.push(item);
      wake?.();
    };
    const readers = [proc.child.stdout.getReader(), proc.child.stderr.getReader()];
    const pump = async (
      type: "stdout" | "stderr",
      reader: ReadableStreamDefaultReader<Uint8Array>,
    ) => {
      for await (const line of lines(reader)) push({ type, line });
    };
    const finished = Promise.all([
      pump("stdout", readers[0]).catch(() => {}),
      pump("stderr", readers[1]).catch(() => {}),
      proc.done,
    ]).then(([, , status]) =>
      push({ type: "exit", code: proc.timedOut() ? -1 : status.code, timedOut: proc.timedOut() })
    );
    try {
      while (true) {
        while (queue.length) {
          const item = queue.shift()!;
          yield item;
          if (item.type === "exit") return;
        }
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
      }
    } finally {
      // A consumer that stops early must not leave the program running, nor wait for
      // grandchildren that still hold its pipes open.
      try {
        proc.child.kill("SIGKILL");
      } catch {
        // Already exited.
      }
      await Promise.all(readers.map((r) => r.cancel().catch(() => {})));
      await finished.catch(() => {});
    }
  },
};
