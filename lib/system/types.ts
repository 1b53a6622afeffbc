/**
 * The shape of a system check: what the box has (memory, disk, CPU, GPUs, OS), as plain JSON so
 * `GET /api/admin/system/check`, the setup wizard and `hearth doctor` can all show the same report.
 */

/** GPU makers Hearth tells apart; Ollama accelerates nvidia, amd and apple. */
export type GpuVendor = "nvidia" | "amd" | "intel" | "apple" | "other";

/** Which probe found a GPU. */
export type GpuSource = "nvidia-smi" | "rocm-smi" | "lspci" | "sysctl";

/** One graphics processor. */
export interface GpuInfo {
  vendor: GpuVendor;
  /** Product name as the probe reported it, e.g. "NVIDIA GeForce RTX 3090". */
  name: string;
  /** Dedicated video memory; absent when the probe cannot tell (lspci never can). */
  vramBytes?: number;
  /** True for Apple silicon: `vramBytes` is the same memory as system RAM, not extra memory. */
  unifiedMemory?: boolean;
  source: GpuSource;
}

/** Everything the system check found. JSON-serialisable. */
export interface SystemReport {
  /** True when this is the fixed demo report rather than this machine. */
  fake: boolean;
  memory: {
    totalBytes: number;
    /** Memory that can be used without swapping (Linux MemAvailable). */
    availableBytes: number;
  };
  disk: {
    /** The folder actually measured: the data dir, or its nearest existing ancestor. */
    path: string;
    /** Space available to Hearth's user; null when the file system could not be asked. */
    freeBytes: number | null;
    totalBytes: number | null;
  };
  cpu: {
    model: string;
    /** Logical CPUs (hardware threads) this process may use. */
    cores: number;
  };
  os: {
    /** `Deno.build.os`: "linux", "darwin", "windows", … */
    platform: string;
    /** `Deno.build.arch`: "x86_64" or "aarch64". */
    arch: string;
    /** Kernel release, e.g. "6.8.0-45-generic". */
    release: string;
  };
  gpus: GpuInfo[];
}
