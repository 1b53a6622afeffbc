/**
 * The shapes of a system check: what the box has (memory, disk, CPU, GPUs, OS) and the
 * recommender's verdicts, as plain JSON so `GET /api/admin/system/check`, the setup wizard and
 * `hearth doctor` can all show the same report. Browser-safe (no imports).
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

/** Where a model would run: wholly in VRAM, or in system memory (CPU, or Apple's unified GPU). */
export type Placement = "gpu" | "cpu";

/** The memory and disk the recommender works with. */
export interface Budget {
  /** Available RAM minus `RAM_HEADROOM_BYTES` (recommend.ts), never below zero. */
  ramBytes: number;
  /** VRAM of the largest NVIDIA/AMD GPU minus `GPU_RESERVE_BYTES`; null without one. */
  gpuBytes: number | null;
  /** The GPU that runs models (discrete, or Apple silicon), if any. */
  gpuName: string | null;
  /** Apple silicon: the GPU runs models out of `ramBytes`, there is no separate VRAM. */
  unifiedMemory: boolean;
  /** Free disk at the data dir; null when unknown (then disk does not limit the choice). */
  diskBytes: number | null;
}

/** The verdict for one catalogue entry. */
export interface ModelFit {
  name: string;
  /** Copied from the catalogue so a UI can show the table from this answer alone. */
  downloadBytes: number;
  /** The catalogue's memory estimate. */
  ramBytes: number;
  fits: boolean;
  /** Fits with `COMFORT_FACTOR` (recommend.ts) to spare. */
  comfortable: boolean;
  /** Where it would run; null when it does not fit. */
  runsOn: Placement | null;
  /** One sentence for people: why it fits or what is missing. */
  reason: string;
}

/** A suggested model. */
export interface ModelChoice {
  name: string;
  /** Null when the machine is too small and the model is suggested anyway. */
  runsOn: Placement | null;
  reason: string;
}

/** The recommender's answer. JSON-serialisable. */
export interface Recommendation {
  budget: Budget;
  /** One verdict per catalogue entry, in catalogue order. */
  models: ModelFit[];
  /** Null only when the catalogue has no chat models. */
  chat: ModelChoice | null;
  /** Null only when the catalogue has no embedding models. */
  embedding: ModelChoice | null;
  /** Warnings worth showing next to the choice (tight memory, no GPU, too small a box). */
  notes: string[];
}

/** `GET /api/admin/system/check`: the report and the recommendation for it. */
export interface SystemCheck {
  report: SystemReport;
  recommendation: Recommendation;
}
