/**
 * Runs one extraction in a `deno run` subprocess (child.ts): the way when Hearth itself runs under
 * `deno run`. Against a worker thread it starts without blocking the server (~15 ms against
 * ~50–400 ms), may read only its one file (no network, no writing, no environment), its heap
 * limit (`--max-old-space-size`) ends only the child, and it runs at a lower CPU priority
 * (`nice -n 10`). Killed at the time limit or on abort.
 */
import { ExtractError, isExtractCode } from "./errors.ts";
import { started } from "./live.ts";
import { cancelled, type Extracted, outOfMemory, timedOut } from "./outcome.ts";
import type { WorkerJob } from "./worker.ts";
import { BUNDLED, moduleUrl } from "../../process/modules.ts";

const CHILD = moduleUrl("lib/documents/extract/child.ts");
/** The source tree's config (its import map); a bundled child needs none. */
const CONFIG = BUNDLED ? null : new URL("../../../deno.json", import.meta.url);

/**
 * Whether a subprocess can run `job`: the modules are files, the server may start `deno`, and the
 * path has no comma (it would split the `--allow-read` list).
 */
export function canRunProcess(job: WorkerJob): boolean {
  if (CHILD.protocol !== "file:" || job.file.includes(",")) return false;
  const may = (descriptor: Deno.PermissionDescriptor) =>
    Deno.permissions.querySync(descriptor).state === "granted";
  return may({ name: "run", command: Deno.execPath() }) && may({ name: "env" });
}

/** The variables Deno needs to find its cache; nothing else of the server's reaches the child. */
function childEnv(): Record<string, string> {
  const env: Record<string, string> = { NO_COLOR: "1" };
  for (const key of ["HOME", "DENO_DIR", "XDG_CACHE_HOME", "PATH", "TMPDIR"]) {
    const value = Deno.env.get(key);
    if (value !== undefined) env[key] = value;
  }
  return env;
}

/** Niceness of the child: the chat, the server and the model go first on a busy CPU. */
export const CHILD_NICENESS = 10;

/**
 * Starts `deno` with `args` through `nice` where there is one (POSIX), else directly. `nice` execs
 * deno, so the pid is the extraction's own.
 */
function spawn(args: string[]): Deno.ChildProcess {
  const options = {
    clearEnv: true,
    env: childEnv(),
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  } as const;
  const nice = Deno.build.os !== "windows" &&
    Deno.permissions.querySync({ name: "run", command: "nice" }).state === "granted";
  if (nice) {
    try {
      return new Deno.Command("nice", {
        ...options,
        args: ["-n", String(CHILD_NICENESS), Deno.execPath(), ...args],
      }).spawn();
    } catch (e) {
      if (!(e instanceof Deno.errors.NotFound)) throw e;
    }
  }
  return new Deno.Command(Deno.execPath(), { ...options, args }).spawn();
}

/** Extracts `job` in a fresh subprocess. */
export async function runProcess(job: WorkerJob, signal?: AbortSignal): Promise<Extracted> {
  const child = spawn(
    [
      "run",
      "--quiet",
      "--no-prompt",
      // mammoth sets promise.__proto__; the child reads one file and exits.
      "--unsafe-proto",
      CONFIG ? `--config=${CONFIG.pathname}` : "--no-config",
      `--allow-read=${job.file}`,
      `--v8-flags=--max-old-space-size=${job.limits.heapMb}`,
      CHILD.pathname,
      job.file,
      job.kind,
      job.name ?? "",
      JSON.stringify(job.limits),
    ],
  );
  const ended = started(child.pid);
  let stopped: ExtractError | null = null;
  const stop = (why: ExtractError) => {
    if (stopped) return;
    stopped = why;
    try {
      child.kill("SIGKILL");
    } catch {
      // Already gone.
    }
  };
  const timer = setTimeout(() => stop(timedOut(job.limits.timeoutMs)), job.limits.timeoutMs);
  const onAbort = () => stop(cancelled());
  signal?.addEventListener("abort", onAbort, { once: true });
  // The Markdown is at most maxChars characters, so at most 3 bytes each, plus the header.
  const cap = job.limits.maxChars * 3 + 4096;
  const [out, err, status] = await Promise.all([
    read(child.stdout, cap, () =>
      stop(
        new ExtractError(
          "extract_too_large",
          `The text passes ${job.limits.maxChars.toLocaleString("en")} characters.`,
        ),
      )),
    read(child.stderr, 8192),
    child.status,
  ]).finally(() => {
    clearTimeout(timer);
    signal?.removeEventListener("abort", onAbort);
    ended();
  });
  if (stopped) throw stopped;
  const newline = out.indexOf(0x0a);
  if (status.success && newline > 0) {
    const header = JSON.parse(new TextDecoder().decode(out.subarray(0, newline)));
    if (header.ok) {
      return { markdown: new TextDecoder().decode(out.subarray(newline + 1)), pages: header.pages };
    }
    throw new ExtractError(
      isExtractCode(header.code) ? header.code : "extract_malformed",
      String(header.message ?? "The file could not be read."),
    );
  }
  const why = new TextDecoder().decode(err);
  if (/heap limit|out of memory|allocation failed/i.test(why)) throw outOfMemory();
  throw new ExtractError(
    "extract_malformed",
    `The file could not be read (the reader stopped with ${
      status.signal ?? `code ${status.code}`
    }).`,
  );
}

/** Reads a stream whole, up to `cap` bytes; past it calls `over` and drops the rest. */
async function read(
  stream: ReadableStream<Uint8Array>,
  cap: number,
  over?: () => void,
): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of stream) {
    if (size + chunk.length > cap) {
      over?.();
      continue;
    }
    chunks.push(chunk);
    size += chunk.length;
  }
  const all = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.length;
  }
  return all;
}
