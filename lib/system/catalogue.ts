/**
 * The model catalogue: Ollama library models a household box would run, as data.
 *
 * Download sizes, parameter counts and context lengths are the figures on each model's
 * ollama.com library page for its default tag (sizes there are decimal GB). The memory need is an
 * estimate, not a published figure: weights (about the download size) + the f16 KV cache at
 * `defaultContext` (from each model's layer and KV-head counts) + runtime buffers (10% of the
 * weights, at least 256 MiB). It matches what `ollama ps` shows to within roughly 10–15%.
 */

/** What a model can do, named as Ollama's `/api/show` `capabilities` names them. */
export type Capability = "tools" | "vision" | "embedding" | "thinking";

/** "chat" models may become the household's assistant; "code" and "embedding" serve one job. */
export type ModelKind = "chat" | "code" | "embedding";

/** One model in the catalogue. */
export interface CatalogueEntry {
  /** Ollama name with tag, as passed to `ollama pull`. */
  name: string;
  family: string;
  kind: ModelKind;
  /** Parameter count. */
  parameters: number;
  /** Size of the default tag's download. */
  downloadBytes: number;
  /** Memory needed to run it at `defaultContext` (see the module comment for the estimate). */
  ramBytes: number;
  /** The longest context the model supports. */
  contextLength: number;
  /** The context Hearth asks for (`num_ctx`) unless configured otherwise; `ramBytes` assumes it. */
  defaultContext: number;
  capabilities: Capability[];
  description: string;
}

const GB = 1e9;
const MIB = 1024 * 1024;

/** The context Hearth gives chat models: room for a system prompt, a few documents and history. */
export const DEFAULT_CHAT_CONTEXT = 8192;

/** f16 KV cache of a model with full attention in every layer. */
function kvCache(layers: number, kvHeads: number, headDim: number, context: number): number {
  return 2 * layers * kvHeads * headDim * 2 * context;
}

/**
 * f16 KV cache of Gemma 3, where five of every six layers attend only to a sliding window, so
 * only the global layers grow with the context.
 */
function slidingKvCache(
  globalLayers: number,
  localLayers: number,
  kvHeads: number,
  headDim: number,
  window: number,
  context: number,
): number {
  return kvCache(globalLayers, kvHeads, headDim, context) +
    kvCache(localLayers, kvHeads, headDim, Math.min(window, context));
}

function need(downloadBytes: number, kvBytes: number): number {
  return Math.round(downloadBytes + kvBytes + Math.max(256 * MIB, downloadBytes * 0.1));
}

interface Spec extends Omit<CatalogueEntry, "ramBytes" | "defaultContext"> {
  /** KV cache size at `defaultContext`. */
  kv: (context: number) => number;
}

function entry({ kv, ...spec }: Spec): CatalogueEntry {
  const defaultContext = spec.kind === "embedding"
    ? spec.contextLength
    : Math.min(DEFAULT_CHAT_CONTEXT, spec.contextLength);
  // Rounded so the JSON shows whole bytes rather than 398000000.00000006.
  const downloadBytes = Math.round(spec.downloadBytes);
  return Object.freeze({
    ...spec,
    parameters: Math.round(spec.parameters),
    downloadBytes,
    defaultContext,
    ramBytes: need(downloadBytes, kv(defaultContext)),
    capabilities: Object.freeze([...spec.capabilities]) as Capability[],
  });
}

/** Ollama's "128K" and "32K" are powers of two. */
const K = 1024;

/**
 * The built-in catalogue. Embedding models are listed in order of preference for document search
 * (the recommender takes the first that fits); chat models in no particular order.
 */
export const CATALOGUE: readonly CatalogueEntry[] = Object.freeze([
  entry({
    name: "qwen2.5:0.5b",
    family: "qwen2.5",
    kind: "chat",
    parameters: 0.494e9,
    downloadBytes: 0.398 * GB,
    contextLength: 32 * K,
    capabilities: ["tools"],
    description: "Tiny multilingual model for very small boxes; quick but shallow answers.",
    kv: (ctx) => kvCache(24, 2, 64, ctx),
  }),
  entry({
    name: "gemma3:1b",
    family: "gemma3",
    kind: "chat",
    parameters: 1.0e9,
    downloadBytes: 0.815 * GB,
    contextLength: 32 * K,
    capabilities: [],
    description: "Google's smallest Gemma 3, text only; good for short replies on little memory.",
    kv: (ctx) => slidingKvCache(4, 22, 1, 256, 512, ctx),
  }),
  entry({
    name: "qwen2.5:1.5b",
    family: "qwen2.5",
    kind: "chat",
    parameters: 1.54e9,
    downloadBytes: 0.986 * GB,
    contextLength: 32 * K,
    capabilities: ["tools"],
    description: "Small multilingual model with tool calling; fine on a Raspberry Pi 5.",
    kv: (ctx) => kvCache(28, 2, 128, ctx),
  }),
  entry({
    // The default tag of the 1B model is Q8_0, hence a larger download than its size suggests.
    name: "llama3.2:1b",
    family: "llama3.2",
    kind: "chat",
    parameters: 1.24e9,
    downloadBytes: 1.3 * GB,
    contextLength: 128 * K,
    capabilities: ["tools"],
    description: "Meta's 1B model for summaries and simple questions on small devices.",
    kv: (ctx) => kvCache(16, 8, 64, ctx),
  }),
  entry({
    name: "qwen2.5:3b",
    family: "qwen2.5",
    kind: "chat",
    parameters: 3.09e9,
    downloadBytes: 1.9 * GB,
    contextLength: 32 * K,
    capabilities: ["tools"],
    description: "Capable 3B multilingual model with tool calling for mini PCs.",
    kv: (ctx) => kvCache(36, 2, 128, ctx),
  }),
  entry({
    name: "llama3.2:3b",
    family: "llama3.2",
    kind: "chat",
    parameters: 3.21e9,
    downloadBytes: 2.0 * GB,
    contextLength: 128 * K,
    capabilities: ["tools"],
    description: "Meta's 3B model; good everyday assistant and tool use on modest hardware.",
    kv: (ctx) => kvCache(28, 8, 128, ctx),
  }),
  entry({
    name: "phi4-mini",
    family: "phi4",
    kind: "chat",
    parameters: 3.84e9,
    downloadBytes: 2.5 * GB,
    contextLength: 128 * K,
    capabilities: ["tools"],
    description: "Microsoft's 3.8B model, strong at reasoning and maths for its size.",
    kv: (ctx) => kvCache(32, 8, 128, ctx),
  }),
  entry({
    name: "gemma3:4b",
    family: "gemma3",
    kind: "chat",
    parameters: 4.3e9,
    downloadBytes: 3.3 * GB,
    contextLength: 128 * K,
    capabilities: ["vision"],
    description: "Google's 4B Gemma 3 that also reads images (photos, receipts, screenshots).",
    kv: (ctx) => slidingKvCache(5, 29, 4, 256, 1024, ctx),
  }),
  entry({
    name: "mistral:7b",
    family: "mistral",
    kind: "chat",
    parameters: 7.25e9,
    downloadBytes: 4.4 * GB,
    contextLength: 32 * K,
    capabilities: ["tools"],
    description: "Mistral 7B v0.3, a dependable general model with function calling.",
    kv: (ctx) => kvCache(32, 8, 128, ctx),
  }),
  entry({
    name: "qwen2.5:7b",
    family: "qwen2.5",
    kind: "chat",
    parameters: 7.62e9,
    downloadBytes: 4.7 * GB,
    contextLength: 32 * K,
    capabilities: ["tools"],
    description: "Strong 7B multilingual all-rounder with reliable tool calling.",
    kv: (ctx) => kvCache(28, 4, 128, ctx),
  }),
  entry({
    // The library page lists "tools" for the deepseek-r1 family, but that applies to the newer
    // 8B and 671B tags; the 7B Qwen distill's template has no tool support.
    name: "deepseek-r1:7b",
    family: "deepseek-r1",
    kind: "chat",
    parameters: 7.62e9,
    downloadBytes: 4.7 * GB,
    contextLength: 128 * K,
    capabilities: ["thinking"],
    description: "Reasoning model that thinks step by step before answering; slower, careful.",
    kv: (ctx) => kvCache(28, 4, 128, ctx),
  }),
  entry({
    name: "qwen2.5-coder:7b",
    family: "qwen2.5-coder",
    kind: "code",
    parameters: 7.62e9,
    downloadBytes: 4.7 * GB,
    contextLength: 32 * K,
    capabilities: ["tools"],
    description: "Qwen 2.5 tuned for programming: writing, explaining and fixing code.",
    kv: (ctx) => kvCache(28, 4, 128, ctx),
  }),
  entry({
    name: "llama3.1:8b",
    family: "llama3.1",
    kind: "chat",
    parameters: 8.03e9,
    downloadBytes: 4.9 * GB,
    contextLength: 128 * K,
    capabilities: ["tools"],
    description: "Meta's 8B model, a well-rounded assistant with solid tool use.",
    kv: (ctx) => kvCache(32, 8, 128, ctx),
  }),
  entry({
    name: "gemma3:12b",
    family: "gemma3",
    kind: "chat",
    parameters: 12.2e9,
    downloadBytes: 8.1 * GB,
    contextLength: 128 * K,
    capabilities: ["vision"],
    description: "Google's 12B Gemma 3: high-quality writing and image understanding.",
    kv: (ctx) => slidingKvCache(8, 40, 8, 256, 1024, ctx),
  }),
  entry({
    name: "qwen2.5:14b",
    family: "qwen2.5",
    kind: "chat",
    parameters: 14.8e9,
    downloadBytes: 9.0 * GB,
    contextLength: 32 * K,
    capabilities: ["tools"],
    description: "Qwen 2.5 14B, the most capable model here; wants a GPU or plenty of RAM.",
    kv: (ctx) => kvCache(48, 8, 128, ctx),
  }),
  entry({
    // The model itself handles 8192 tokens; Ollama's library page lists its context as 2K.
    name: "nomic-embed-text",
    family: "nomic-bert",
    kind: "embedding",
    parameters: 0.137e9,
    downloadBytes: 0.274 * GB,
    contextLength: 2 * K,
    capabilities: ["embedding"],
    description: "Compact, popular embedding model with a long input window; good for documents.",
    kv: (ctx) => kvCache(12, 12, 64, ctx),
  }),
  entry({
    name: "mxbai-embed-large",
    family: "bert",
    kind: "embedding",
    parameters: 0.335e9,
    downloadBytes: 0.67 * GB,
    contextLength: 512,
    capabilities: ["embedding"],
    description: "Larger, very accurate embedding model; short inputs (512 tokens).",
    kv: (ctx) => kvCache(24, 16, 64, ctx),
  }),
  entry({
    name: "all-minilm",
    family: "bert",
    kind: "embedding",
    parameters: 0.023e9,
    downloadBytes: 0.046 * GB,
    contextLength: 512,
    capabilities: ["embedding"],
    description: "Tiny, fast embedding model for small machines; lower retrieval quality.",
    kv: (ctx) => kvCache(6, 12, 32, ctx),
  }),
]);

/** Finds a catalogue entry by its Ollama name (":latest" is ignored). */
export function findModel(
  name: string,
  catalogue: readonly CatalogueEntry[] = CATALOGUE,
): CatalogueEntry | undefined {
  const wanted = name.replace(/:latest$/, "");
  return catalogue.find((m) => m.name === wanted);
}
