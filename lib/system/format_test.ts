import assert from "node:assert/strict";
import { CATALOGUE } from "./catalogue.ts";
import { fakeSystemReport } from "./fake.ts";
import { formatBytes, formatDiskBytes, formatReport } from "./format.ts";
import { recommend } from "./recommend.ts";
import { GIB, reportFor } from "./testing.ts";

Deno.test("format - downloads and disks read in decimal units with one decimal", () => {
  assert.equal(formatDiskBytes(4_920_000_000), "4.9 GB");
  assert.equal(formatDiskBytes(999), "999 B");
  assert.equal(formatDiskBytes(null), "unknown");
});

Deno.test("format - memory reads in binary units with one decimal", () => {
  assert.equal(formatBytes(16_750_000_000), "15.6 GiB");
  assert.equal(formatBytes(16 * GIB), "16.0 GiB");
  assert.equal(formatBytes(0), "0 B");
  assert.equal(formatBytes(-5), "0 B");
  assert.equal(formatBytes(Number.NaN), "0 B");
  assert.equal(formatBytes(1023), "1023 B");
  assert.equal(formatBytes(1024), "1.0 KiB");
  assert.equal(formatBytes(274_000_000), "261.3 MiB");
  // Just under a unit rounds up to the next unit rather than printing "1024.0 MiB".
  assert.equal(formatBytes(GIB - 1), "1.0 GiB");
  assert.equal(formatBytes(3 * 1024 * GIB), "3.0 TiB");
  assert.equal(formatBytes(null), "unknown");
});

Deno.test("format - the doctor report shows the machine's key figures and the choice", () => {
  const report = fakeSystemReport("/srv/hearth");
  const text = formatReport(report, recommend(report, CATALOGUE)).join("\n");
  for (
    const expected of [
      "demo data",
      "linux x86_64",
      "Intel(R) Core(TM) i3-N305, 8 cores",
      "12.4 GiB available of 16.0 GiB",
      "127.0 GB free of 238.4 GB (/srv/hearth)",
      "GPU:     none found",
      "Chat:       llama3.1:8b - ",
      "Embedding:  nomic-embed-text - ",
      "No GPU that Ollama can use",
    ]
  ) {
    assert.ok(text.includes(expected), `missing ${JSON.stringify(expected)} in:\n${text}`);
  }
});

Deno.test("format - every catalogue model gets a line, and refusals say why", () => {
  const report = reportFor({ totalGiB: 8, availableGiB: 6 });
  const lines = formatReport(report, recommend(report, CATALOGUE));
  for (const model of CATALOGUE) {
    assert.ok(lines.some((l) => l.includes(` ${model.name} `)), model.name);
  }
  const row = lines.findIndex((l) => l.includes(" qwen2.5:14b "));
  assert.match(lines[row], /^ {2}no\s+qwen2\.5:14b\s+9\.0 GB download,\s+10\.7 GiB memory$/);
  assert.match(lines[row + 1], /Needs 10\.7 GiB of memory; only 4\.5 GiB is free/);
  assert.match(lines.find((l) => l.includes(" phi4-mini "))!, /^ {2}yes\s+phi4-mini .*, CPU$/);
  assert.ok(lines.every((l) => !l.includes("\n") && l === l.trimEnd()));
});

Deno.test("format - GPUs show their memory and the probe that found them", () => {
  const report = reportFor({
    totalGiB: 32,
    availableGiB: 28,
    diskFreeGiB: null,
    gpus: [
      {
        vendor: "nvidia",
        name: "NVIDIA GeForce RTX 3090",
        vramBytes: 24 * GIB,
        source: "nvidia-smi",
      },
      { vendor: "intel", name: "Intel UHD Graphics 770", source: "lspci" },
    ],
  });
  const lines = formatReport(report, recommend(report, CATALOGUE));
  assert.ok(lines.includes("  GPU:     NVIDIA GeForce RTX 3090, 24.0 GiB VRAM (nvidia-smi)"));
  assert.ok(lines.includes("  GPU:     Intel UHD Graphics 770, memory unknown (lspci)"));
  assert.ok(lines.includes("  Disk:    free space unknown (/srv/hearth)"));
  assert.ok(lines[0] === "System check");
});
