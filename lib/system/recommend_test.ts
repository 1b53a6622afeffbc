import assert from "node:assert/strict";
import { CATALOGUE, findModel } from "./catalogue.ts";
import { fakeSystemReport } from "./fake.ts";
import { budgetOf, recommend, SLOW_ON_CPU_PARAMETERS } from "./recommend.ts";
import { GIB, reportFor } from "./testing.ts";
import type { GpuInfo } from "./types.ts";

const rtx3090: GpuInfo = {
  vendor: "nvidia",
  name: "NVIDIA GeForce RTX 3090",
  vramBytes: 24 * GIB,
  source: "nvidia-smi",
};
const gtx1650: GpuInfo = {
  vendor: "nvidia",
  name: "NVIDIA GeForce GTX 1650",
  vramBytes: 4 * GIB,
  source: "nvidia-smi",
};
const m2: GpuInfo = {
  vendor: "apple",
  name: "Apple M2 GPU",
  vramBytes: 16 * GIB,
  unifiedMemory: true,
  source: "sysctl",
};
const fitOf = (rec: ReturnType<typeof recommend>, name: string) =>
  rec.models.find((m) => m.name === name)!;

Deno.test("recommend - a 1 GiB box gets the smallest models and a clear note", () => {
  const rec = recommend(reportFor({ totalGiB: 1, availableGiB: 0.7 }), CATALOGUE);
  assert.equal(rec.budget.ramBytes, 0);
  assert.ok(rec.models.every((m) => !m.fits && m.runsOn === null));
  assert.equal(rec.chat?.name, "qwen2.5:0.5b");
  assert.equal(rec.chat?.runsOn, null);
  assert.equal(rec.embedding?.name, "all-minilm");
  assert.ok(rec.notes.some((n) => n.includes("too small")), rec.notes.join("\n"));
  assert.match(fitOf(rec, "qwen2.5:0.5b").reason, /only 0 B is free/);
});

Deno.test("recommend - an 8 GiB box without GPU gets a small tool-capable model on the CPU", () => {
  const rec = recommend(reportFor({ totalGiB: 8, availableGiB: 6 }), CATALOGUE);
  assert.equal(rec.chat?.name, "phi4-mini");
  assert.equal(rec.chat?.runsOn, "cpu");
  assert.equal(rec.embedding?.name, "nomic-embed-text");
  assert.equal(fitOf(rec, "llama3.1:8b").fits, false);
  assert.match(fitOf(rec, "llama3.1:8b").reason, /^Needs 6\.0 GiB of memory; only 4\.5 GiB/);
  assert.ok(rec.notes.some((n) => n.includes("No GPU")));
});

Deno.test("recommend - a 16 GiB box picks an 8B model and calls 14B tight", () => {
  const rec = recommend(fakeSystemReport(), CATALOGUE);
  assert.equal(rec.chat?.name, "llama3.1:8b");
  assert.equal(rec.chat?.runsOn, "cpu");
  const big = fitOf(rec, "qwen2.5:14b");
  assert.equal(big.fits, true);
  assert.equal(big.comfortable, false);
});

Deno.test("recommend - 32 GiB with a 24 GiB NVIDIA card runs the largest model on the GPU", () => {
  const rec = recommend(reportFor({ totalGiB: 32, availableGiB: 28, gpus: [rtx3090] }), CATALOGUE);
  assert.equal(rec.budget.gpuBytes, 23.5 * GIB);
  assert.equal(rec.chat?.name, "qwen2.5:14b");
  assert.equal(rec.chat?.runsOn, "gpu");
  assert.match(rec.chat!.reason, /VRAM on NVIDIA GeForce RTX 3090/);
  assert.deepEqual(rec.embedding, {
    name: "nomic-embed-text",
    runsOn: "gpu",
    reason: "Fits in the GPU's memory beside qwen2.5:14b.",
  });
  assert.ok(rec.models.every((m) => m.fits && m.runsOn === "gpu"));
  assert.ok(!rec.notes.some((n) => n.includes("No GPU")));
});

Deno.test("recommend - Apple silicon with 16 GiB unified memory runs models on its GPU", () => {
  const report = reportFor({ totalGiB: 16, availableGiB: 10, gpus: [m2], platform: "darwin" });
  const rec = recommend(report, CATALOGUE);
  assert.equal(rec.budget.unifiedMemory, true);
  // Unified memory is not extra memory: the RAM budget applies.
  assert.equal(rec.budget.gpuBytes, null);
  assert.equal(rec.budget.ramBytes, 8.5 * GIB);
  assert.equal(rec.chat?.name, "llama3.1:8b");
  assert.equal(rec.chat?.runsOn, "gpu");
  assert.match(rec.chat!.reason, /unified memory .* runs on the Apple M2 GPU/);
  assert.equal(fitOf(rec, "qwen2.5:14b").fits, false);
  assert.equal(rec.embedding?.runsOn, "gpu");
  assert.deepEqual(rec.notes, []);
});

Deno.test("recommend - a tiny disk rules out big downloads whatever the memory", () => {
  const rec = recommend(reportFor({ totalGiB: 16, availableGiB: 12, diskFreeGiB: 3 }), CATALOGUE);
  const big = fitOf(rec, "llama3.1:8b");
  assert.equal(big.fits, false);
  assert.match(big.reason, /of disk for the download; only 3\.2 GB is free/);
  assert.doesNotMatch(big.reason, /of memory/);
  assert.equal(rec.chat?.name, "phi4-mini");
  // What is left after phi4-mini's download still holds the preferred embedding model.
  assert.equal(rec.embedding?.name, "nomic-embed-text");
  const none = recommend(
    reportFor({ totalGiB: 16, availableGiB: 12, diskFreeGiB: 0.1 }),
    CATALOGUE,
  );
  assert.equal(none.chat?.runsOn, null);
  assert.ok(none.notes.some((n) => n.includes("too small")));
});

Deno.test("recommend - a GPU too small for a model sends it to system RAM", () => {
  const rec = recommend(
    reportFor({ totalGiB: 16, availableGiB: 12.4, gpus: [gtx1650] }),
    CATALOGUE,
  );
  assert.equal(fitOf(rec, "qwen2.5:3b").runsOn, "gpu");
  const llama = fitOf(rec, "llama3.1:8b");
  assert.equal(llama.runsOn, "cpu");
  assert.match(llama.reason, /^Too big for the GPU, but fits in 10\.9 GiB/);
  assert.equal(rec.chat?.name, "llama3.1:8b");
});

Deno.test("recommend - GPUs without known VRAM count as no GPU", () => {
  const igpu: GpuInfo = { vendor: "intel", name: "Intel UHD Graphics 770", source: "lspci" };
  const nvidiaLspci: GpuInfo = { vendor: "nvidia", name: "NVIDIA GA102", source: "lspci" };
  const budget = budgetOf(reportFor({ totalGiB: 16, availableGiB: 12, gpus: [igpu, nvidiaLspci] }));
  assert.equal(budget.gpuBytes, null);
  assert.equal(budget.unifiedMemory, false);
});

Deno.test("recommend - the largest of several GPUs sets the VRAM budget", () => {
  const budget = budgetOf(
    reportFor({ totalGiB: 64, availableGiB: 60, gpus: [gtx1650, rtx3090, gtx1650] }),
  );
  assert.equal(budget.gpuBytes, 23.5 * GIB);
  assert.equal(budget.gpuName, "NVIDIA GeForce RTX 3090");
});

Deno.test("recommend - on the CPU a quicker model wins over a bigger one, which is named", () => {
  const rec = recommend(reportFor({ totalGiB: 32, availableGiB: 28 }), CATALOGUE);
  assert.equal(fitOf(rec, "qwen2.5:14b").comfortable, true, "the 14B would fit");
  assert.ok(findModel("qwen2.5:14b")!.parameters > SLOW_ON_CPU_PARAMETERS);
  assert.equal(rec.chat?.name, "llama3.1:8b");
  assert.equal(rec.chat?.runsOn, "cpu");
  assert.ok(rec.notes.some((n) => n.includes("qwen2.5:14b would also fit")));
});

Deno.test("recommend - tool-capable models win over larger ones without tools", () => {
  // 10.5 GiB free: gemma3:12b (no tools) fits with margin, qwen2.5:14b does not.
  const rec = recommend(reportFor({ totalGiB: 16, availableGiB: 12.5 }), CATALOGUE);
  assert.equal(fitOf(rec, "gemma3:12b").comfortable, true);
  assert.equal(rec.chat?.name, "llama3.1:8b");
  const noTools = CATALOGUE.filter((m) => m.kind !== "chat" || !m.capabilities.includes("tools"));
  assert.equal(
    recommend(reportFor({ totalGiB: 16, availableGiB: 12.5 }), noTools).chat?.name,
    "gemma3:12b",
  );
});

Deno.test("recommend - unknown free disk does not block and is mentioned", () => {
  const rec = recommend(
    reportFor({ totalGiB: 16, availableGiB: 12, diskFreeGiB: null }),
    CATALOGUE,
  );
  assert.equal(rec.chat?.name, "llama3.1:8b");
  assert.ok(rec.notes.some((n) => n.includes("disk space could not be measured")));
});

Deno.test("recommend - is deterministic, JSON-safe and lists every catalogue entry in order", () => {
  const report = reportFor({ totalGiB: 32, availableGiB: 28, gpus: [rtx3090] });
  const first = recommend(report, CATALOGUE);
  assert.deepEqual(recommend(structuredClone(report), CATALOGUE), first);
  assert.deepEqual(first.models.map((m) => m.name), CATALOGUE.map((m) => m.name));
  assert.deepEqual(JSON.parse(JSON.stringify(first)), first);
});

Deno.test("recommend - an empty catalogue yields no choices rather than an error", () => {
  const rec = recommend(fakeSystemReport(), []);
  assert.deepEqual(rec.models, []);
  assert.equal(rec.chat, null);
  assert.equal(rec.embedding, null);
});
