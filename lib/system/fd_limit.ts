/**
 * The process's open-file limit: read from /proc, and raised to the hard limit at start when the
 * soft one is lower (Deno has no setrlimit; util-linux `prlimit` may set its parent's limit).
 * The front door sizes its connection caps from what is left.
 */
import type { CommandRunner } from "../process/command.ts";

/** Soft and hard limits on open files; `null` where the platform does not tell. */
export interface FdLimit {
  soft: number;
  hard: number;
}

/** Parses the "Max open files" row of /proc/<pid>/limits. */
export function parseFdLimit(limits: string): FdLimit | null {
  const m = /^Max open files\s+(\d+|unlimited)\s+(\d+|unlimited)/m.exec(limits);
  if (!m) return null;
  const n = (s: string) => (s === "unlimited" ? Number.MAX_SAFE_INTEGER : Number(s));
  return { soft: n(m[1]), hard: n(m[2]) };
}

/** This process's limit, or null off Linux or without read access to /proc. */
export function fdLimit(): FdLimit | null {
  try {
    return parseFdLimit(Deno.readTextFileSync("/proc/self/limits"));
  } catch {
    return null;
  }
}

/** The soft limit Hearth asks for: plenty for a household, well under the usual hard limits. */
export const WANTED_FDS = 65_536;

/**
 * Raises the soft limit towards `WANTED_FDS`, never past the hard one. Best effort: returns the
 * limit in force afterwards (unchanged when `prlimit` is missing or refuses).
 */
export async function raiseFdLimit(runner: CommandRunner): Promise<FdLimit | null> {
  const before = fdLimit();
  if (!before || before.soft >= Math.min(WANTED_FDS, before.hard)) return before;
  const target = Math.min(WANTED_FDS, before.hard);
  // A missing `prlimit`, or one not allowed to run, leaves the limit; the front door fits it.
  await runner.run("prlimit", ["--pid", String(Deno.pid), `--nofile=${target}:${before.hard}`], {
    timeoutMs: 5_000,
  }).catch(() => {});
  return fdLimit();
}
