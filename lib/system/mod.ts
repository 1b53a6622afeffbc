/**
 * System check and model catalogue: what this box has, which Ollama models it can run, and
 * which to suggest. Used by `GET /api/admin/system/check`, the setup wizard and `hearth doctor`.
 */
export type {
  Budget,
  GpuInfo,
  GpuSource,
  GpuVendor,
  ModelChoice,
  ModelFit,
  Placement,
  Recommendation,
  SystemCheck,
  SystemReport,
} from "./types.ts";
export { checkSystem, type CheckSystemOptions, PROBE_TIMEOUT_MS } from "./check.ts";
export { FAKE_DATA_DIR, fakeSystemReport } from "./fake.ts";
export {
  type Capability,
  CATALOGUE,
  type CatalogueEntry,
  DEFAULT_CHAT_CONTEXT,
  findModel,
  type ModelKind,
} from "./catalogue.ts";
export {
  budgetOf,
  COMFORT_FACTOR,
  DISK_FACTOR,
  GPU_RESERVE_BYTES,
  RAM_HEADROOM_BYTES,
  recommend,
  SLOW_ON_CPU_PARAMETERS,
} from "./recommend.ts";
export { formatBytes, formatReport } from "./format.ts";
export {
  mergeGpus,
  parseLspci,
  parseNvidiaSmi,
  parseRocmSmi,
  parseSysctl,
  vendorOf,
} from "./gpu_parsers.ts";
