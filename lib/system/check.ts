/**
 * The real system check: memory, disk, CPU and OS from the runtime, GPUs from the vendors' tools.
 * GPU probes run in parallel, each bounded by a timeout, and any failure (missing tool, non-zero
 * exit, hang, garbage output) only means "that probe found no GPU".
 */
import { lazy } from "../async.ts";
import { type CommandRunner, realCommandRunner } from "../process/command.ts";
import { mergeGpus, parseLspci, parseNvidiaSmi, parseRocmSmi, parseSysctl } from "./gpu_parsers.ts";
import type { GpuInfo, SystemReport } from "./types.ts";

/** How long one GPU probe may take before it is dropped. */
export const PROBE_TIMEOUT_MS = 2_000;

/**
 * Extra time past the runner's own timeout before a probe is abandoned. A runner that honours
 * `timeoutMs` has killed and reaped its process by then, so nothing is left running; the guard only
 * matters for a runner that ignores the timeout.
 */
const PROBE_GRACE_MS = 250;

/**
 * The `node:*` modules a check reads, loaded with the first check (the setup wizard, the admin's
 * system page, `hearth doctor`), not at start: they cost idle memory (lib/hash.ts).
 */
const nodeModules = lazy(async () => {
  const [os, fs, path] = await Promise.all([
    import("node:os"),
    import("node:fs/promises"),
    import("node:path"),
  ]);
  return { os: os.default, statfs: fs.statfs, path };
});
type NodeModules = Awaited<ReturnType<typeof nodeModules>>;

/** Options for {@link checkSystem}. */
export interface CheckSystemOptions {
  /** Hearth's data folder; its file system is the one measured for free space. */
  dataDir: string;
  /** Runs the probe programs; defaults to the real runner. */
  runner?: CommandRunner;
  /** Per-probe timeout, default {@link PROBE_TIMEOUT_MS}. */
  probeTimeoutMs?: number;
  /** Which OS's probes to run and report (`Deno.build.os` by default); tests set it. */
  platform?: string;
}

/**
 * Looks at this machine (demo mode uses the Fake report, `fake.ts`, instead). Never throws for a
 * missing or broken GPU tool; completes within about one probe timeout because the probes run in
 * parallel.
 */
export async function checkSystem(options: CheckSystemOptions): Promise<SystemReport> {
  const runner = options.runner ?? realCommandRunner;
  const platform = options.platform ?? Deno.build.os;
  const timeoutMs = options.probeTimeoutMs ?? PROBE_TIMEOUT_MS;
  const node = await nodeModules();
  const [disk, gpus] = await Promise.all([
    diskOf(node, options.dataDir, runner, timeoutMs),
    probeGpus(runner, platform, timeoutMs),
  ]);
  return {
    fake: false,
    memory: memory(node.os),
    disk,
    cpu: cpu(node.os),
    os: { platform, arch: Deno.build.arch, release: osRelease(node.os) },
    gpus,
  };
}

/**
 * Runs one probe; resolves to its standard output, or null when the program is missing, fails,
 * times out or the runner throws.
 */
export async function runProbe(
  runner: CommandRunner,
  cmd: string,
  args: string[],
  timeoutMs: number,
): Promise<string | null> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const guard = new Promise<null>((done) => {
    timer = setTimeout(() => {
      controller.abort();
      done(null);
    }, timeoutMs + PROBE_GRACE_MS);
  });
  const run = Promise.resolve()
    .then(() => runner.run(cmd, args, { timeoutMs, signal: controller.signal }))
    .then(
      (r) => (r.notFound || r.timedOut || r.code !== 0 ? null : r.stdout),
      () => null,
    );
  try {
    return await Promise.race([run, guard]);
  } finally {
    clearTimeout(timer);
  }
}

async function probeGpus(
  runner: CommandRunner,
  platform: string,
  timeoutMs: number,
): Promise<GpuInfo[]> {
  const none = Promise.resolve<GpuInfo[]>([]);
  const probe = (cmd: string, args: string[], parse: (out: string) => GpuInfo[]) =>
    runProbe(runner, cmd, args, timeoutMs).then((out) => (out === null ? [] : parse(out)));
  // macOS has no nvidia-smi/rocm-smi/lspci worth asking; Windows has only nvidia-smi.
  const darwin = platform === "darwin";
  const linuxLike = !darwin && platform !== "windows";
  const [nvidia, amd, lspci, apple] = await Promise.all([
    darwin ? none : probe(
      "nvidia-smi",
      ["--query-gpu=name,memory.total", "--format=csv,noheader,nounits"],
      parseNvidiaSmi,
    ),
    linuxLike
      ? probe("rocm-smi", ["--showproductname", "--showmeminfo", "vram", "--json"], parseRocmSmi)
      : none,
    linuxLike ? probe("lspci", [], parseLspci) : none,
    darwin ? probe("sysctl", ["-n", "machdep.cpu.brand_string", "hw.memsize"], parseSysctl) : none,
  ]);
  return mergeGpus({ nvidia, amd, apple, lspci });
}

function memory(os: NodeModules["os"]): SystemReport["memory"] {
  try {
    const info = Deno.systemMemoryInfo();
    return { totalBytes: info.total, availableBytes: info.available };
  } catch {
    // Some sandboxes refuse the call; Node's view is coarser (free, not available) but present.
    return { totalBytes: os.totalmem(), availableBytes: os.freemem() };
  }
}

function cpu(os: NodeModules["os"]): SystemReport["cpu"] {
  const cpus = os.cpus();
  const model = cpus[0]?.model?.replace(/\s+/g, " ").trim() || "unknown CPU";
  const cores = cpus.length || navigator.hardwareConcurrency || 1;
  return { model, cores };
}

function osRelease(os: NodeModules["os"]): string {
  try {
    return Deno.osRelease();
  } catch {
    return os.release();
  }
}

/** The folder itself if it exists, else the closest ancestor that does (the data dir may be new). */
export async function nearestExistingPath(path: string): Promise<string> {
  const { dirname, resolve } = (await nodeModules()).path;
  let current = resolve(path);
  while (true) {
    try {
      await Deno.stat(current);
      return current;
    } catch (err) {
      if (!(err instanceof Deno.errors.NotFound || err instanceof Deno.errors.NotADirectory)) {
        return current;
      }
    }
    const parent = dirname(current);
    if (parent === current) return current;
    current = parent;
  }
}

/**
 * Parses `df -Pk PATH`: the last line's available and total 1024-byte blocks. Returns null for
 * anything else. The mount point may contain spaces, so the numbers are matched from the left.
 */
export function parseDf(stdout: string): { freeBytes: number; totalBytes: number } | null {
  const lines = stdout.split(/\r?\n/).filter((l) => l.trim());
  const match = /^.*?\s+(\d+)\s+(\d+)\s+(\d+)\s+\d+%\s+\S.*$/.exec(lines.at(-1) ?? "");
  if (!match || lines.length < 2) return null;
  return { totalBytes: Number(match[1]) * 1024, freeBytes: Number(match[3]) * 1024 };
}

async function diskOf(
  { statfs }: NodeModules,
  dataDir: string,
  runner: CommandRunner,
  timeoutMs: number,
): Promise<SystemReport["disk"]> {
  const path = await nearestExistingPath(dataDir);
  try {
    const fs = await statfs(path);
    // Linux counts blocks in fragment-size units; Node's typings omit frsize, Deno provides it.
    const unit = (fs as { frsize?: number }).frsize || fs.bsize;
    return { path, freeBytes: fs.bavail * unit, totalBytes: fs.blocks * unit };
  } catch {
    const out = await runProbe(runner, "df", ["-Pk", path], timeoutMs);
    const parsed = out === null ? null : parseDf(out);
    return { path, freeBytes: parsed?.freeBytes ?? null, totalBytes: parsed?.totalBytes ?? null };
  }
}
