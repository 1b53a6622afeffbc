/**
 * Test factories for the Ollama layer: a scripted `CommandRunner` that records what it was
 * asked to run, and small helpers for async iterables and deadlines. Imported by tests only.
 */
import type {
  CommandLine,
  CommandOptions,
  CommandResult,
  CommandRunner,
} from "../process/command.ts";

/** One call a `ScriptedRunner` received. */
export interface RunnerCall {
  kind: "run" | "stream";
  cmd: string;
  args: string[];
  opts?: CommandOptions;
}

/** A `CommandRunner` whose answers a test scripts, with a log of every call. */
export interface ScriptedRunner extends CommandRunner {
  calls: RunnerCall[];
}

/**
 * Builds a scripted runner. `run` answers per command line (`"ollama --version"`); unknown
 * commands are "not found". `stream` yields the scripted lines, then the exit code, and stops
 * early (exit -1) when the signal aborts.
 */
export function scriptedRunner(script: {
  run?: Record<
    string,
    Partial<CommandResult> | ((opts?: CommandOptions) => Partial<CommandResult>)
  >;
  stream?: { lines: CommandLine[]; code: number; delayMs?: number };
}): ScriptedRunner {
  const calls: RunnerCall[] = [];
  return {
    calls,
    run(cmd, args, opts) {
      calls.push({ kind: "run", cmd, args, opts });
      const key = [cmd, ...args].join(" ");
      const entry = script.run?.[key];
      const answer = typeof entry === "function" ? entry(opts) : entry;
      return Promise.resolve({
        code: answer ? 0 : -1,
        stdout: "",
        stderr: "",
        notFound: !answer,
        timedOut: false,
        ...answer,
      });
    },
    async *stream(cmd, args, opts) {
      calls.push({ kind: "stream", cmd, args, opts });
      if (!script.stream) throw new Deno.errors.NotFound(`${cmd} not found`);
      for (const line of script.stream.lines) {
        if (script.stream.delayMs) await new Promise((r) => setTimeout(r, script.stream!.delayMs));
        if (opts?.signal?.aborted) {
          yield { type: "exit", code: -1, timedOut: false };
          return;
        }
        yield line;
      }
      yield { type: "exit", code: script.stream.code, timedOut: false };
    },
  };
}

/** Collects every item of an async iterable. */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/** Rejects when `promise` takes longer than `ms`, so a broken test fails instead of hanging. */
export async function within<T>(promise: Promise<T>, ms: number, what = "operation"): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
