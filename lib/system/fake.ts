/**
 * The Fake system report: a fixed, plausible household mini PC (16 GiB, 8 cores, no GPU), so demos
 * and UI tests show the same numbers on every machine.
 */
import type { SystemReport } from "./types.ts";

const GIB = 1024 ** 3;

/** Where the demo box keeps its data when the caller does not say. */
export const FAKE_DATA_DIR = "/home/hearth/.local/share/hearth";

/**
 * A fresh copy of the demo report: an Intel N305 mini PC with 16 GiB RAM (12.4 GiB available),
 * a 256 GB SSD with 118 GiB free, Linux, and no GPU, so models run on the CPU. `dataDir` only
 * changes the reported disk path.
 */
export function fakeSystemReport(dataDir: string = FAKE_DATA_DIR): SystemReport {
  return {
    fake: true,
    memory: { totalBytes: 16 * GIB, availableBytes: Math.round(12.4 * GIB) },
    disk: { path: dataDir, freeBytes: Math.round(118.3 * GIB), totalBytes: 238_437_658_624 },
    cpu: { model: "Intel(R) Core(TM) i3-N305", cores: 8 },
    os: { platform: "linux", arch: "x86_64", release: "6.8.0-45-generic" },
    gpus: [],
  };
}
