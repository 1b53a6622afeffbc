/**
 * Which catalogue models this machine can run, and which chat and embedding model to suggest.
 */
import type { CatalogueEntry } from "./catalogue.ts";
import { formatBytes, formatDiskBytes } from "./format.ts";
import type {
  Budget,
  ModelChoice,
  ModelFit,
  Placement,
  Recommendation,
  SystemReport,
} from "./types.ts";

const GIB = 1024 ** 3;

/** RAM kept free for the operating system, Hearth and the browser-facing server. */
export const RAM_HEADROOM_BYTES = 1.5 * GIB;
/** VRAM the driver, CUDA/ROCm context and display keep for themselves. */
export const GPU_RESERVE_BYTES = 0.5 * GIB;
/** A recommended model needs this factor of its estimate to be free ("fits with margin"). */
export const COMFORT_FACTOR = 1.2;
/** The disk must hold the download plus this factor (Ollama unpacks next to partial blobs). */
export const DISK_FACTOR = 1.1;

/**
 * Above this many parameters a model generates only a few tokens per second on a CPU (generation
 * is bound by memory bandwidth, i.e. by the weights' size), so a note offers a quicker one.
 */
export const SLOW_ON_CPU_PARAMETERS = 9e9;

/** Works out the {@link Budget} from a report; see {@link recommend} for the rule. */
export function budgetOf(report: SystemReport): Budget {
  const apple = report.gpus.find((g) => g.vendor === "apple" && g.unifiedMemory);
  const discrete = report.gpus
    .filter((g) => (g.vendor === "nvidia" || g.vendor === "amd") && (g.vramBytes ?? 0) > 0)
    .sort((a, b) => (b.vramBytes ?? 0) - (a.vramBytes ?? 0))[0];
  return {
    ramBytes: Math.max(0, report.memory.availableBytes - RAM_HEADROOM_BYTES),
    gpuBytes: discrete ? Math.max(0, (discrete.vramBytes ?? 0) - GPU_RESERVE_BYTES) : null,
    gpuName: discrete?.name ?? apple?.name ?? null,
    unifiedMemory: !discrete && !!apple,
    diskBytes: report.disk.freeBytes,
  };
}

function assess(model: CatalogueEntry, budget: Budget): ModelFit {
  const need = model.ramBytes;
  const download = model.downloadBytes * DISK_FACTOR;
  const diskOk = budget.diskBytes === null || download <= budget.diskBytes;
  const onGpu = budget.gpuBytes !== null && need <= budget.gpuBytes;
  const onRam = need <= budget.ramBytes;
  const comfortableOnGpu = budget.gpuBytes !== null && need * COMFORT_FACTOR <= budget.gpuBytes;
  const fits = diskOk && (onGpu || onRam);
  const runsOn: Placement | null = !fits ? null : onGpu || budget.unifiedMemory ? "gpu" : "cpu";
  const comfortable = fits && (comfortableOnGpu || need * COMFORT_FACTOR <= budget.ramBytes);
  const problems: string[] = [];
  if (!onGpu && !onRam) {
    const gpu = budget.gpuBytes === null ? "" : ` and the GPU has ${formatBytes(budget.gpuBytes)}`;
    problems.push(
      `Needs ${formatBytes(need)} of memory; only ${formatBytes(budget.ramBytes)} is free ` +
        `after keeping ${formatBytes(RAM_HEADROOM_BYTES)} for the system${gpu}.`,
    );
  }
  if (!diskOk) {
    problems.push(
      `Needs ${formatDiskBytes(download)} of disk for the download; only ` +
        `${formatDiskBytes(budget.diskBytes ?? 0)} is free.`,
    );
  }
  let reason: string;
  if (problems.length) reason = problems.join(" ");
  else if (onGpu) {
    reason = `Fits in the ${formatBytes(budget.gpuBytes ?? 0)} of VRAM on ${budget.gpuName} ` +
      `(needs ${formatBytes(need)}).`;
  } else if (budget.unifiedMemory) {
    reason = `Fits in ${formatBytes(budget.ramBytes)} of free unified memory (needs ` +
      `${formatBytes(need)}); runs on the ${budget.gpuName}.`;
  } else {
    const lead = budget.gpuBytes === null ? "Fits in" : "Too big for the GPU, but fits in";
    reason = `${lead} ${formatBytes(budget.ramBytes)} of free memory (needs ` +
      `${formatBytes(need)}); runs on the CPU.`;
  }
  return {
    name: model.name,
    downloadBytes: model.downloadBytes,
    ramBytes: need,
    fits,
    comfortable,
    runsOn,
    reason,
  };
}

/**
 * Judges every catalogue entry against the machine and suggests one chat and one embedding model.
 * Deterministic: the same report and catalogue always give the same answer.
 *
 * The rule:
 * - Memory: a model runs on the GPU when the largest NVIDIA/AMD GPU's VRAM, less 0.5 GiB for the
 *   driver, holds its whole estimate (`ramBytes`); otherwise it must fit in available RAM less
 *   1.5 GiB for the system. Apple silicon has unified memory: the RAM budget applies, and the model
 *   runs on its GPU. GPUs without a known VRAM size (lspci, Intel) do not count.
 * - Disk: the data dir's free space must hold the download plus 10%. Unknown free space does not
 *   block anything (a note says so).
 * - "Fits with margin" means the estimate times 1.2 fits the budget.
 * - Chat: among `kind: "chat"` models, the first non-empty tier wins, and within a tier the
 *   largest estimate (ties: catalogue order): tool-capable with margin; tool-capable that fits;
 *   any with margin; any that fits. If none fits, the smallest chat model is suggested with a note
 *   that the machine is too small.
 * - On the CPU, a pick above {@link SLOW_ON_CPU_PARAMETERS} gives way to the largest
 *   tool-capable model under it that fits with margin (about twice as fast), with a note naming
 *   the bigger one.
 * - Embedding: the first embedding model in catalogue order that fits in the memory and disk left
 *   beside the suggested chat model (both stay loaded while documents are indexed); failing that,
 *   the smallest embedding model.
 */
export function recommend(
  report: SystemReport,
  catalogue: readonly CatalogueEntry[],
): Recommendation {
  const budget = budgetOf(report);
  const models = catalogue.map((m) => assess(m, budget));
  const verdict = new Map(catalogue.map((m, i) => [m, models[i]]));
  const order = new Map(catalogue.map((m, i) => [m, i]));
  const largest = (a: CatalogueEntry, b: CatalogueEntry) =>
    b.ramBytes - a.ramBytes || order.get(a)! - order.get(b)!;
  const smallest = (list: CatalogueEntry[]) =>
    [...list].sort((a, b) => a.ramBytes - b.ramBytes || order.get(a)! - order.get(b)!)[0];
  const notes: string[] = [];

  let chat: ModelChoice | null = null;
  let chatModel: CatalogueEntry | undefined;
  const chats = catalogue.filter((m) => m.kind === "chat");
  const tools = (m: CatalogueEntry) => m.capabilities.includes("tools");
  const tiers: [(m: CatalogueEntry) => boolean, string][] = [
    [
      (m) => tools(m) && verdict.get(m)!.comfortable,
      "The largest tool-capable chat model that fits with room to spare.",
    ],
    [
      (m) => tools(m) && verdict.get(m)!.fits,
      "The largest tool-capable chat model that fits, with little room to spare.",
    ],
    [
      (m) => verdict.get(m)!.comfortable,
      "The largest chat model that fits with room to spare; it cannot use Hearth's tools.",
    ],
    [
      (m) => verdict.get(m)!.fits,
      "The largest chat model that fits; it cannot use Hearth's tools.",
    ],
  ];
  for (const [accept, why] of tiers) {
    chatModel = chats.filter(accept).sort(largest)[0];
    if (!chatModel) continue;
    const fit = verdict.get(chatModel)!;
    chat = { name: chatModel.name, runsOn: fit.runsOn, reason: `${why} ${fit.reason}` };
    if (!fit.comfortable) {
      notes.push(
        `Memory is tight: ${chatModel.name} fits with little to spare. Close other programs, ` +
          `or choose a smaller model if answers stall.`,
      );
    }
    break;
  }
  if (!chat && chats.length) {
    chatModel = smallest(chats);
    const fit = verdict.get(chatModel)!;
    chat = {
      name: chatModel.name,
      runsOn: null,
      reason: `No chat model fits this machine; this is the smallest one. ${fit.reason}`,
    };
    notes.push(
      `This machine is too small for local models: even ${chatModel.name} does not fit. ` +
        `Expect very slow answers, or point Hearth at an Ollama server on a bigger machine.`,
    );
  }

  if (chatModel && chat?.runsOn === "cpu" && chatModel.parameters > SLOW_ON_CPU_PARAMETERS) {
    const quicker = chats
      .filter((m) =>
        tools(m) && m.parameters <= SLOW_ON_CPU_PARAMETERS && verdict.get(m)!.comfortable
      )
      .sort(largest)[0];
    if (quicker) {
      // On a CPU, speed matters more than size: a reply at a few tokens per second feels broken.
      const bigger = chatModel;
      chatModel = quicker;
      const fit = verdict.get(quicker)!;
      chat = {
        name: quicker.name,
        runsOn: fit.runsOn,
        reason:
          `The largest tool-capable chat model that answers at a usable speed on this CPU. ${fit.reason}`,
      };
      notes.push(
        `${bigger.name} would also fit, but on the CPU it answers at about half the speed of ` +
          `${quicker.name}.`,
      );
    }
  }

  const embedding = chooseEmbedding(catalogue, budget, chatModel, chat, smallest);
  if (budget.gpuBytes === null && !budget.unifiedMemory) {
    notes.push("No GPU that Ollama can use was found, so models run on the CPU and answer slower.");
  }
  if (budget.diskBytes === null) {
    notes.push("Free disk space could not be measured; make sure the downloads have room.");
  }
  return { budget, models, chat, embedding, notes };
}

function chooseEmbedding(
  catalogue: readonly CatalogueEntry[],
  budget: Budget,
  chatModel: CatalogueEntry | undefined,
  chat: ModelChoice | null,
  smallest: (list: CatalogueEntry[]) => CatalogueEntry,
): ModelChoice | null {
  const embeddings = catalogue.filter((m) => m.kind === "embedding");
  if (!embeddings.length) return null;
  // What the chat model leaves: it occupies the pool it runs in (unified memory is one pool).
  const chatRuns = chat?.runsOn ?? null;
  const chatNeed = chatModel && chatRuns ? chatModel.ramBytes : 0;
  const onDiscreteGpu = chatRuns === "gpu" && !budget.unifiedMemory;
  const gpuLeft = budget.gpuBytes === null
    ? null
    : budget.gpuBytes - (onDiscreteGpu ? chatNeed : 0);
  const ramLeft = budget.ramBytes - (onDiscreteGpu ? 0 : chatNeed);
  const diskLeft = budget.diskBytes === null
    ? null
    : budget.diskBytes - (chatModel && chatRuns ? chatModel.downloadBytes * DISK_FACTOR : 0);
  const beside = chatRuns && chatModel ? ` beside ${chatModel.name}` : "";
  for (const model of embeddings) {
    const diskOk = diskLeft === null || model.downloadBytes * DISK_FACTOR <= diskLeft;
    if (!diskOk) continue;
    if (gpuLeft !== null && model.ramBytes <= gpuLeft) {
      return { name: model.name, runsOn: "gpu", reason: `Fits in the GPU's memory${beside}.` };
    }
    if (model.ramBytes <= ramLeft) {
      return {
        name: model.name,
        runsOn: budget.unifiedMemory ? "gpu" : "cpu",
        reason: `Fits in the free memory${beside}.`,
      };
    }
  }
  return {
    name: smallest(embeddings).name,
    runsOn: null,
    reason: `Too little memory or disk is left${beside}; this is the smallest embedding model.`,
  };
}
