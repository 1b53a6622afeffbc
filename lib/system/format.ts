/**
 * The system check as plain text, for `hearth doctor` and logs.
 */
import { formatBytes as bytesIn } from "../i18n/format.ts";
import type { GpuInfo, Recommendation, SystemReport } from "./types.ts";

/**
 * Memory as the English report prints it, in `lib/i18n/format.ts`' convention: binary units,
 * always one decimal, so the columns line up: `formatBytes(16_750_000_000)` is "15.6 GiB". Null
 * (unknown) becomes "unknown"; negative or non-finite values become "0 B".
 */
export function formatBytes(bytes: number | null): string {
  return bytes === null ? "unknown" : bytesIn(bytes, "en", { binary: true, decimals: 1 });
}

/** A download or disk size as the report prints it: decimal units, one decimal ("4.9 GB"). */
export function formatDiskBytes(bytes: number | null): string {
  return bytes === null ? "unknown" : bytesIn(bytes, "en", { decimals: 1 });
}

function gpuLine(gpu: GpuInfo): string {
  const memory = gpu.vramBytes === undefined
    ? "memory unknown"
    : `${formatBytes(gpu.vramBytes)} ${gpu.unifiedMemory ? "unified memory" : "VRAM"}`;
  return `  GPU:     ${gpu.name}, ${memory} (${gpu.source})`;
}

/**
 * Plain-text lines (no colours, no trailing newlines) describing the machine, every catalogue
 * model's verdict, the suggested chat and embedding models, and any notes.
 */
export function formatReport(report: SystemReport, recommendation: Recommendation): string[] {
  const { memory, disk, cpu, os } = report;
  const lines = [
    report.fake ? "System check (demo data, not this machine)" : "System check",
    `  OS:      ${os.platform} ${os.arch}, release ${os.release}`,
    `  CPU:     ${cpu.model}, ${cpu.cores} ${cpu.cores === 1 ? "core" : "cores"}`,
    `  Memory:  ${formatBytes(memory.availableBytes)} available of ${
      formatBytes(memory.totalBytes)
    }`,
    disk.freeBytes === null
      ? `  Disk:    free space unknown (${disk.path})`
      : `  Disk:    ${formatDiskBytes(disk.freeBytes)} free of ${
        formatDiskBytes(disk.totalBytes)
      } (${disk.path})`,
  ];
  if (report.gpus.length) lines.push(...report.gpus.map(gpuLine));
  else lines.push("  GPU:     none found");

  lines.push("", "Models (yes = fits with room to spare, tight = fits, no = does not fit)");
  const width = Math.max(0, ...recommendation.models.map((m) => m.name.length));
  for (const fit of recommendation.models) {
    const mark = !fit.fits ? "no   " : fit.comfortable ? "yes  " : "tight";
    const sizes = `${formatDiskBytes(fit.downloadBytes).padStart(8)} download, ` +
      `${formatBytes(fit.ramBytes).padStart(8)} memory`;
    const where = fit.runsOn ? `, ${fit.runsOn.toUpperCase()}` : "";
    lines.push(`  ${mark}  ${fit.name.padEnd(width)}  ${sizes}${where}`);
    // Only a refusal needs explaining; the fitting ones say everything in their numbers.
    if (!fit.fits) lines.push(`         ${fit.reason}`);
  }

  lines.push("", "Recommended");
  const { chat, embedding } = recommendation;
  lines.push(`  Chat:       ${chat ? `${chat.name} - ${chat.reason}` : "none in the catalogue"}`);
  lines.push(
    `  Embedding:  ${
      embedding ? `${embedding.name} - ${embedding.reason}` : "none in the catalogue"
    }`,
  );
  if (recommendation.notes.length) {
    lines.push("", "Notes", ...recommendation.notes.map((n) => `  - ${n}`));
  }
  return lines;
}
