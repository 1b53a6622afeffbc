/**
 * Pure parsers for the output of the GPU probes. They never throw: tools print warnings,
 * half-initialised drivers print prose, and a check that crashes on odd output is worse than one
 * that reports no GPU.
 */
import type { GpuInfo, GpuVendor } from "./types.ts";

const MIB = 1024 * 1024;

/**
 * Parses `nvidia-smi --query-gpu=name,memory.total --format=csv,noheader,nounits`:
 * one `name, MiB` line per GPU. Memory may be "[N/A]" (some laptop and datacenter parts), in which
 * case the GPU is kept without `vramBytes`. Lines without a comma ("No devices were found") are
 * skipped.
 */
export function parseNvidiaSmi(stdout: string): GpuInfo[] {
  const gpus: GpuInfo[] = [];
  for (const raw of stdout.split(/\r?\n/)) {
    const line = raw.trim();
    // The name itself may contain a comma, the memory never does.
    const comma = line.lastIndexOf(",");
    if (comma <= 0) continue;
    const name = line.slice(0, comma).trim();
    const memory = line.slice(comma + 1).trim();
    if (!name || /^(name|nvidia-smi)\b/i.test(name)) continue;
    const mib = /^\d+(\.\d+)?$/.test(memory) ? Number(memory) : NaN;
    if (!Number.isFinite(mib) && !/^\[.*\]$/.test(memory)) continue;
    const gpu: GpuInfo = { vendor: "nvidia", name, source: "nvidia-smi" };
    if (Number.isFinite(mib) && mib > 0) gpu.vramBytes = Math.round(mib * MIB);
    gpus.push(gpu);
  }
  return gpus;
}

/** Case- and space-insensitive lookup, because rocm-smi renamed its keys between releases. */
function field(card: Record<string, unknown>, ...names: string[]): string | undefined {
  const wanted = names.map((n) => n.toLowerCase().replace(/\s+/g, " "));
  for (const [key, value] of Object.entries(card)) {
    const k = key.toLowerCase().replace(/\s+/g, " ").trim();
    if (wanted.includes(k) && (typeof value === "string" || typeof value === "number")) {
      const text = String(value).trim();
      if (text && text.toLowerCase() !== "n/a") return text;
    }
  }
  return undefined;
}

/**
 * Parses `rocm-smi --showproductname --showmeminfo vram --json`: an object keyed `card0`,
 * `card1`, … Older releases print warnings around the JSON, so only the outermost `{…}` is read.
 */
export function parseRocmSmi(stdout: string): GpuInfo[] {
  const start = stdout.indexOf("{");
  const end = stdout.lastIndexOf("}");
  if (start < 0 || end <= start) return [];
  let data: unknown;
  try {
    data = JSON.parse(stdout.slice(start, end + 1));
  } catch {
    return [];
  }
  if (!data || typeof data !== "object" || Array.isArray(data)) return [];
  const gpus: GpuInfo[] = [];
  const cards = Object.entries(data as Record<string, unknown>)
    .filter(([key, value]) => /^card\d+$/i.test(key) && value && typeof value === "object")
    .sort(([a], [b]) => Number(a.slice(4)) - Number(b.slice(4)));
  for (const [, value] of cards) {
    const card = value as Record<string, unknown>;
    const name = field(card, "Card Series", "Market Name", "Card Model", "Device Name") ??
      "AMD GPU";
    const gpu: GpuInfo = { vendor: "amd", name, source: "rocm-smi" };
    const total = Number(field(card, "VRAM Total Memory (B)"));
    if (Number.isFinite(total) && total > 0) gpu.vramBytes = total;
    gpus.push(gpu);
  }
  return gpus;
}

/** Tells the maker from a free-text device description. */
export function vendorOf(text: string): GpuVendor {
  if (/nvidia/i.test(text)) return "nvidia";
  if (/advanced micro devices|\bamd\b|\bati\b|radeon/i.test(text)) return "amd";
  if (/intel/i.test(text)) return "intel";
  if (/apple/i.test(text)) return "apple";
  return "other";
}

const LSPCI_LINE =
  /^(\S+)\s+(?:VGA compatible controller|3D controller|Display controller)(?:\s+\[[0-9a-f]{4}\])?:\s*(.+)$/i;

/**
 * Parses plain `lspci` (or `lspci -nn`) output, keeping VGA, 3D and display controllers.
 * Each bus address is reported once. lspci never knows the amount of video memory.
 */
export function parseLspci(stdout: string): GpuInfo[] {
  const seen = new Set<string>();
  const gpus: GpuInfo[] = [];
  for (const raw of stdout.split(/\r?\n/)) {
    const match = LSPCI_LINE.exec(raw.trim());
    if (!match) continue;
    const [, address, description] = match;
    if (seen.has(address)) continue;
    seen.add(address);
    const name = description
      .replace(/\s*\(rev [0-9a-f]+\)\s*$/i, "")
      .replace(/\s*\[[0-9a-f]{4}:[0-9a-f]{4}\]\s*$/i, "")
      .trim();
    if (!name) continue;
    gpus.push({ vendor: vendorOf(name), name, source: "lspci" });
  }
  return gpus;
}

/**
 * Parses `sysctl -n machdep.cpu.brand_string hw.memsize` on macOS: the chip name, then the
 * memory size in bytes. Only Apple silicon yields a GPU; its memory is unified with system RAM.
 * Intel Macs answer with an Intel CPU name and yield nothing.
 */
export function parseSysctl(stdout: string): GpuInfo[] {
  const lines = stdout.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  const brand = lines.find((l) => /^apple\b/i.test(l));
  if (!brand) return [];
  const gpu: GpuInfo = {
    vendor: "apple",
    name: `${brand} GPU`,
    unifiedMemory: true,
    source: "sysctl",
  };
  const memsize = lines.map(Number).find((n) => Number.isInteger(n) && n > 0);
  if (memsize !== undefined) gpu.vramBytes = memsize;
  return [gpu];
}

/**
 * Combines the probes' findings. lspci sees every card but knows nothing about memory, so its
 * NVIDIA or AMD entries are dropped when the vendor's own tool already reported that vendor.
 */
export function mergeGpus(
  probes: { nvidia: GpuInfo[]; amd: GpuInfo[]; apple: GpuInfo[]; lspci: GpuInfo[] },
): GpuInfo[] {
  const covered = new Set<GpuVendor>();
  if (probes.nvidia.length) covered.add("nvidia");
  if (probes.amd.length) covered.add("amd");
  if (probes.apple.length) covered.add("apple");
  return [
    ...probes.nvidia,
    ...probes.amd,
    ...probes.apple,
    ...probes.lspci.filter((gpu) => !covered.has(gpu.vendor)),
  ];
}
