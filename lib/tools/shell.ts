/**
 * Runs one shell command for the agent: `sh -c` in the workspace, with an environment of its own
 * (nothing of Hearth's), stdin closed, in its own process group (`setsid`) — and, where it works,
 * in the namespaces of `sandbox.ts`. At the timeout, at an abort, and when the command ends, the
 * whole group is killed (SIGKILL), so nothing it started in the background lives on (in the
 * sandbox, everything in its PID namespace dies with it, even a process that left the group).
 * Output (stdout and stderr together, in the order read) is kept up to `maxOutput` bytes; the
 * rest is read and dropped, so the command never blocks on a full pipe.
 */
import { HttpError } from "../http/errors.ts";
import { shellArgv } from "./sandbox.ts";

/** How one command runs. */
export interface ShellOptions {
  /** The workspace: the command's cwd, HOME and (outside the sandbox) where it starts. */
  root: string;
  timeoutMs: number;
  /** Kills the command; the call then rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Output kept, in bytes. */
  maxOutput: number;
  /** Run in the sandbox, covering these folders; null runs without it. */
  sandbox: { hide: string[] } | null;
  /** The largest file the command may write (RLIMIT_FSIZE). */
  fileBytes?: number;
}

/** What a command did. */
export interface ShellResult {
  /** The exit code; null when it was killed by a signal (the timeout's too). */
  code: number | null;
  /** The output kept (UTF-8, invalid bytes replaced). */
  output: string;
  /** Output bytes read past `maxOutput` and dropped. */
  dropped: number;
  timedOut: boolean;
  durationMs: number;
}

/** The environment a command gets: this and nothing else. */
export function shellEnv(root: string): Record<string, string> {
  return {
    PATH: "/usr/local/bin:/usr/bin:/bin",
    HOME: root,
    TMPDIR: "/tmp",
    LANG: "C.UTF-8",
    TERM: "dumb",
  };
}

// How long the pipes may stay open after the group was killed (a process that escaped it).
const DRAIN_GRACE_MS = 500;

/**
 * Runs `command` (see the module comment). Rejects only for an abort (the signal's reason) or a
 * machine without the programs it needs (503 `command_unavailable`).
 */
export async function runShell(command: string, opts: ShellOptions): Promise<ShellResult> {
  opts.signal?.throwIfAborted();
  const started = performance.now();
  const [program, ...args] = shellArgv(command, opts.root, opts);
  let child: Deno.ChildProcess;
  try {
    child = new Deno.Command(program, {
      args,
      cwd: opts.root,
      clearEnv: true,
      env: shellEnv(opts.root),
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
  } catch (err) {
    if (!(err instanceof Deno.errors.NotFound)) throw err;
    throw new HttpError(
      503,
      "command_unavailable",
      "This machine cannot run commands: setsid, prlimit, nice and sh are needed.",
    );
  }
  // setsid makes the child the leader of a new group whose id is its pid; the pid itself is
  // killed too, in case the kill comes before setsid ran.
  const killGroup = () => {
    for (const pid of [-child.pid, child.pid]) {
      try {
        Deno.kill(pid, "SIGKILL");
      } catch {
        // Gone already.
      }
    }
  };
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    killGroup();
  }, opts.timeoutMs);
  opts.signal?.addEventListener("abort", killGroup, { once: true });

  const kept = new Uint8Array(opts.maxOutput);
  let used = 0;
  let dropped = 0;
  const readers = [child.stdout.getReader(), child.stderr.getReader()];
  const pump = async (reader: ReadableStreamDefaultReader<Uint8Array>) => {
    try {
      for (let r; !(r = await reader.read()).done;) {
        const piece = r.value;
        const n = Math.min(piece.length, kept.length - used);
        kept.set(piece.subarray(0, n), used);
        used += n;
        dropped += piece.length - n;
      }
    } catch {
      // Cancelled after the grace: keep what was read.
    }
  };
  const drained = Promise.all(readers.map(pump));
  let status: Deno.CommandStatus;
  try {
    status = await child.status;
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener("abort", killGroup);
    // What the command left running in the background dies with it.
    killGroup();
  }
  let grace: ReturnType<typeof setTimeout> | undefined;
  const closed = await Promise.race([
    drained.then(() => true),
    new Promise<false>((resolve) => (grace = setTimeout(() => resolve(false), DRAIN_GRACE_MS))),
  ]);
  clearTimeout(grace);
  if (!closed) await Promise.all(readers.map((r) => r.cancel().catch(() => {})));
  await drained;
  opts.signal?.throwIfAborted();
  return {
    code: status.signal === null ? status.code : null,
    output: new TextDecoder().decode(kept.subarray(0, used)),
    dropped,
    timedOut,
    durationMs: Math.round(performance.now() - started),
  };
}
