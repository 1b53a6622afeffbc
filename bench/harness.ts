/**
 * What the chat and streaming benchmarks share: a real Hearth server process over a seeded temp
 * `HEARTH_HOME` (an admin, a member, whatever `seed` adds), a client that picked the member
 * through the real APIs, process memory from /proc, and percentiles.
 */
import { createAdmin, createMember } from "../lib/auth/mod.ts";
import { resolvePaths } from "../lib/config/paths.ts";
import { type Db, openDatabase } from "../lib/db/mod.ts";
import { BUNDLE_RUN_FLAGS, SERVER_V8_FLAGS } from "../lib/web/build/server_bundle.ts";
import { ensureBuilt, memberHeaders, ROOT } from "../tests/helpers/server.ts";
import { GcLog } from "./gc_log.ts";

/** The permissions `deno task start` gives the server. */
export const PERMS = [
  "--allow-net",
  "--allow-read",
  "--allow-write",
  "--allow-env",
  "--allow-sys",
  "--allow-run",
];

function serverFlags(): string[] {
  return Deno.env.get("BENCH_SERVER_FLAGS")?.split(/\s+/).filter(Boolean) ?? [];
}

/** A line for a benchmark table: collections, their pauses in all, copied per collection. */
export function gcSummary(gc: { count: number; pauseMs: number; survivedMiB: number }): string {
  return `${gc.count} collections, ${fmt(gc.pauseMs, 0)} ms of pauses, ${
    fmt(gc.survivedMiB, 1)
  } MiB copied each`;
}

/** A running Hearth process (the server itself, not a `deno task` wrapper) and a signed-in client. */
export interface Hearth {
  url: string;
  pid: number;
  /** Its young-generation collections, when started with `gcTrace`. */
  gc?: GcLog;
  /** Headers of the member's client: session token and device cookie. */
  headers: Record<string, string>;
  /** Last lines the server printed (for errors). */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Seeds a temp home, starts `deno run _build/hearth.js start` (the server bundle) on a free
 * loopback port and signs a client in as the member. `seed` runs on the database before the server opens it.
 */
export async function startHearth(
  env: Record<string, string>,
  seed?: (db: Db, profileId: string) => Promise<void>,
  /** `gcTrace`: V8 reports each collection (`GcLog`, `Hearth.gc`). */
  options: { openFiles?: number; gcTrace?: boolean } = {},
): Promise<Hearth> {
  const home = await Deno.makeTempDir({ prefix: "hearth-bench-" });
  const fullEnv = { HEARTH_HOME: home, NO_COLOR: "1", ...env };
  const db = await openDatabase(resolvePaths(fullEnv).dbFile);
  let memberId: string;
  try {
    await createAdmin(db, { name: "Admin", password: "correct horse battery" });
    memberId = (await createMember(db, { name: "Bench", avatar: "🙂" })).id;
    await seed?.(db, memberId);
  } finally {
    await db.close();
  }
  const entry = Deno.env.get("BENCH_SERVER_ENTRY") ?? "_build/hearth.js";
  if (entry.endsWith("hearth.js")) await ensureBuilt();
  // `openFiles` runs the server under `prlimit`, which execs it: the pid stays the server's.
  const limit = options.openFiles
    ? [`--nofile=${options.openFiles}:${options.openFiles}`, "--", Deno.execPath()]
    : [];
  const child = new Deno.Command(options.openFiles ? "prlimit" : Deno.execPath(), {
    // BENCH_SERVER_FLAGS adds Deno flags to the server, e.g. "--cpu-prof --cpu-prof-dir=/tmp/p".
    args: [
      ...limit,
      "run",
      // As `deno task start` runs the bundle (the sources read deno.json, and take V8's flags).
      ...(entry.endsWith("hearth.js") ? BUNDLE_RUN_FLAGS : [SERVER_V8_FLAGS]).map((flag) =>
        flag === SERVER_V8_FLAGS && options.gcTrace ? `${flag},--trace-gc-nvp` : flag
      ),
      ...serverFlags(),
      ...PERMS,
      // What `deno task start` runs: the server bundle `deno task build` wrote. BENCH_SERVER_ENTRY
      // =main.ts runs the sources instead (a CPU profile then names the functions).
      entry,
      "start",
      "--port",
      "0",
      "--host",
      "127.0.0.1",
    ],
    cwd: ROOT,
    env: fullEnv,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let text = "";
  let resolveUrl!: (url: string) => void;
  const found = new Promise<string>((r) => resolveUrl = r);
  const gc = options.gcTrace ? new GcLog() : undefined;
  const pump = async (stream: ReadableStream<Uint8Array>, into?: GcLog) => {
    const decoder = new TextDecoder();
    for await (const chunk of stream) {
      const piece = decoder.decode(chunk, { stream: true });
      into?.feed(piece);
      // The collections' lines are the log's, not the output's (kept for errors).
      text = (text + (into ? piece.replace(/^.*GC: \{.*\n?/gm, "") : piece)).slice(-8192);
      const m = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(text);
      if (m) resolveUrl(`http://127.0.0.1:${m[1]}`);
    }
  };
  const pumps = Promise.all([pump(child.stdout, gc), pump(child.stderr)]);
  let stopped: Promise<void> | undefined;
  const stop = () =>
    stopped ??= (async () => {
      try {
        child.kill("SIGTERM");
      } catch { /* already gone */ }
      const timer = setTimeout(() => {
        try {
          child.kill("SIGKILL");
        } catch { /* already gone */ }
      }, 10_000);
      await child.status;
      clearTimeout(timer);
      await pumps;
      await Deno.remove(home, { recursive: true });
    })();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const url = await Promise.race([
    found,
    new Promise<never>((_, reject) =>
      timer = setTimeout(() => reject(new Error(`server did not start:\n${text}`)), 30_000)
    ),
  ]).catch(async (err) => {
    await stop();
    throw err;
  }).finally(() => clearTimeout(timer));
  const headers = await memberHeaders(url, memberId);
  return { url, pid: child.pid, headers, ...(gc && { gc }), output: () => text, stop };
}

/** VmRSS (or another /proc status field, e.g. VmHWM) of a process, in bytes. */
export function procMemory(pid: number, field = "VmRSS"): number {
  const status = Deno.readTextFileSync(`/proc/${pid}/status`);
  return Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)![1]) * 1024;
}

/**
 * Where a process's resident memory is, from `/proc/{pid}/smaps`, in bytes: `malloc` is the
 * main thread's C heap (`[heap]`: Deno's HTTP server, sockets, SQLite); `anon` is the other
 * anonymous memory (V8's heap above all, plus thread arenas and stacks); `files` is mapped files
 * (code).
 */
export interface MemoryParts {
  malloc: number;
  anon: number;
  files: number;
}

/** The `MemoryParts` of a process now. */
export function procMemoryParts(pid: number): MemoryParts {
  const parts: MemoryParts = { malloc: 0, anon: 0, files: 0 };
  let part: keyof MemoryParts = "anon";
  for (const line of Deno.readTextFileSync(`/proc/${pid}/smaps`).split("\n")) {
    // A mapping's header: "start-end perms offset dev inode [path]".
    const header = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (header) {
      const path = header[1];
      part = path === "[heap]" ? "malloc" : path.startsWith("/") ? "files" : "anon";
    } else if (line.startsWith("Rss:")) {
      parts[part] += Number(/(\d+) kB/.exec(line)![1]) * 1024;
    }
  }
  return parts;
}

/** Open file descriptors of a process (sockets, mostly, under load). */
export function procFds(pid: number): number {
  let n = 0;
  for (const _ of Deno.readDirSync(`/proc/${pid}/fd`)) n++;
  return n;
}

/** CPU seconds (user + system) a process used so far. */
export function procCpuSeconds(pid: number): number {
  const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (100 Hz)
}

/** The `p`-th percentile (0–100) of `xs`, nearest rank. */
export function percentile(xs: number[], p: number): number {
  if (!xs.length) return NaN;
  const s = Float64Array.from(xs).sort();
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

/** The median of `xs`. */
export function median(xs: number[]): number {
  return percentile(xs, 50);
}

/** `n` formatted with `digits` decimals. */
export function fmt(n: number, digits = 1): string {
  return n.toFixed(digits);
}

/** MiB with one decimal. */
export function mib(bytes: number): string {
  return (bytes / 2 ** 20).toFixed(1);
}

/** Header of the streaming and chat table: each figure beside its baseline from the same run. */
export const TABLE_HEADER = [
  "| measure | Hearth | baseline, same run | Hearth vs baseline | target | |",
  "| --- | --- | --- | --- | --- | --- |",
];

/** Runs `parts` in turn; one that throws becomes a FAIL row, and the others still run. */
export async function runParts(parts: [string, () => Promise<string[]>][]): Promise<string[]> {
  const rows: string[] = [];
  for (const [name, run] of parts) {
    try {
      rows.push(...await run());
    } catch (err) {
      const cause = (err as Error)?.cause ? `: ${(err as Error).cause}` : "";
      const message = (String((err as Error)?.message ?? err) + cause).split("\n")[0]
        .replaceAll("|", "/");
      rows.push(`| ${name}: could not be measured | ${message.slice(0, 300)} | | | | **FAIL** |`);
    }
  }
  return rows;
}

/** "PASS" or "**FAIL**". */
export function verdict(ok: boolean): string {
  return ok ? "PASS" : "**FAIL**";
}

/** Resolves after `ms`. */
export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Deterministic pseudo-random numbers (mulberry32), so every run uses the same text. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
