/**
 * The process's open-file limit, raised to the hard limit at start when the soft one is lower.
 * Deno has neither getrlimit nor setrlimit, and reading /proc/self/limits needs --allow-all, so
 * both go through small programs: a shell's `ulimit` (a child inherits our limits) to read, and
 * util-linux `prlimit`, which may set its parent's limit, to raise. The front door sizes its
 * connection caps from the result.
 */
import type { CommandRunner } from "../process/command.ts";

/** Soft and hard limits on open files. */
export interface FdLimit {
  soft: number;
  hard: number;
}

/** Parses `ulimit -Sn; ulimit -Hn` output: two lines, each a number or "unlimited". */
export function parseUlimit(text: string): FdLimit | null {
  const [soft, hard] = text.trim().split(/\s+/).map((s) =>
    s === "unlimited" ? Number.MAX_SAFE_INTEGER : Number(s)
  );
  if (!(soft > 0) || !(hard > 0)) return null;
  return { soft, hard };
}

/** This process's limit, or null where no shell can tell (Windows, no --allow-run). */
export async function fdLimit(runner: CommandRunner): Promise<FdLimit | null> {
  const result = await runner.run("sh", ["-c", "ulimit -Sn; ulimit -Hn"], { timeoutMs: 5_000 })
    .catch(() => null);
  return result?.code === 0 ? parseUlimit(result.stdout) : null;
}

/** The soft limit Hearth asks for: plenty for a household, well under the usual hard limits. */
export const WANTED_FDS = 65_536;

/**
 * Raises the soft limit towards `WANTED_FDS`, never past the hard one. Best effort: returns the
 * limit in force afterwards (unchanged when `prlimit` is missing or refuses).
 */
export async function raiseFdLimit(runner: CommandRunner): Promise<FdLimit | null> {
  const before = await fdLimit(runner);
  if (!before || before.soft >= Math.min(WANTED_FDS, before.hard)) return before;
  const target = Math.min(WANTED_FDS, before.hard);
  // A missing `prlimit`, or one not allowed to run, leaves the limit; the front door fits it.
  await runner.run("prlimit", ["--pid", String(Deno.pid), `--nofile=${target}:${before.hard}`], {
    timeoutMs: 5_000,
  }).catch(() => {});
  return await fdLimit(runner);
}
