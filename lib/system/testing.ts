/**
 * Test factories for the system check: reports for imagined machines and a scripted command
 * runner, so recommendation and probe tests need no particular hardware.
 */
import {
  type CommandResult,
  commandResult as result,
  type CommandRunner,
} from "../process/command.ts";
import type { GpuInfo, SystemReport } from "./types.ts";

/** One gibibyte, for writing machines down readably. */
export const GIB = 1024 ** 3;

/** A machine described in GiB; everything unspecified is an unremarkable Linux box. */
export interface MachineSpec {
  totalGiB: number;
  availableGiB: number;
  /** Free disk in GiB; null for "could not be measured". Default 200. */
  diskFreeGiB?: number | null;
  gpus?: GpuInfo[];
  platform?: string;
}

/** Builds a {@link SystemReport} for an imagined machine. */
export function reportFor(spec: MachineSpec): SystemReport {
  const diskFree = spec.diskFreeGiB === undefined ? 200 : spec.diskFreeGiB;
  return {
    fake: false,
    memory: {
      totalBytes: Math.round(spec.totalGiB * GIB),
      availableBytes: Math.round(spec.availableGiB * GIB),
    },
    disk: {
      path: "/srv/hearth",
      freeBytes: diskFree === null ? null : Math.round(diskFree * GIB),
      totalBytes: diskFree === null ? null : Math.round(Math.max(diskFree, 1) * 2 * GIB),
    },
    cpu: { model: "Test CPU", cores: 4 },
    os: {
      platform: spec.platform ?? "linux",
      arch: spec.platform === "darwin" ? "aarch64" : "x86_64",
      release: "6.8.0",
    },
    gpus: spec.gpus ?? [],
  };
}

/** How a scripted program answers: output, a failure, or a particular misbehaviour. */
export type ScriptedAnswer =
  | Partial<CommandResult>
  | "missing"
  | "hang"
  | "throw";

/** A runner that answers from a script and records what was asked of it. */
export interface ScriptedRunner extends CommandRunner {
  /** Every program that was run, in call order. */
  calls: string[];
}

/**
 * A {@link CommandRunner} whose programs answer from `script`; programs not in it are missing.
 * "hang" ignores `timeoutMs` on purpose and only gives up when its abort signal fires, like a
 * runner that does not honour timeouts.
 */
export function scriptedRunner(script: Record<string, ScriptedAnswer>): ScriptedRunner {
  const calls: string[] = [];
  return {
    calls,
    run(cmd, _args, opts = {}) {
      calls.push(cmd);
      const answer = script[cmd] ?? "missing";
      if (answer === "missing") return Promise.resolve(result({ code: -1, notFound: true }));
      if (answer === "throw") return Promise.reject(new Error(`${cmd} exploded`));
      if (answer === "hang") {
        return new Promise((resolve) =>
          opts.signal?.addEventListener(
            "abort",
            () => resolve(result({ code: -1, timedOut: true })),
            { once: true },
          )
        );
      }
      return Promise.resolve(result(answer));
    },
    stream() {
      throw new Error("the system check never streams");
    },
  };
}
