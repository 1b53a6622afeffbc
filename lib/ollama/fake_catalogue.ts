/**
 * Made-up but realistic model data for the Fake Ollama (`fake_server.ts`). Sizes, families and
 * context lengths match the real library entries.
 */

import { CATALOGUE, type CatalogueEntry } from "../system/catalogue.ts";
import { normalizeModelName } from "./modelfile.ts";

/** Everything a fake needs to know about one model. */
export interface FakeModelSpec {
  /** Full name with tag (`llama3.2:latest`). */
  name: string;
  family: string;
  parameterSize: string;
  quantization: string;
  /** Bytes on disk. */
  size: number;
  /** Trained context length (`<family>.context_length`). */
  contextLength: number;
  /**
   * Length of embedding vectors the fake returns: the real one for embedding models (768 for
   * nomic-embed-text), kept small (8) for chat models.
   */
  embeddingLength: number;
  capabilities: string[];
  template: string;
  system?: string;
  /** Parameters baked into the model (`stop` may repeat). */
  parameters: Record<string, string | number | Array<string | number>>;
  /** ISO timestamp. */
  modifiedAt: string;
}

const LLAMA_TEMPLATE =
  "<|start_header_id|>system<|end_header_id|>\n\n{{ .System }}<|eot_id|>{{ range .Messages }}<|start_header_id|>{{ .Role }}<|end_header_id|>\n\n{{ .Content }}<|eot_id|>{{ end }}<|start_header_id|>assistant<|end_header_id|>\n\n";
const QWEN_TEMPLATE =
  "{{ if .System }}<|im_start|>system\n{{ .System }}<|im_end|>\n{{ end }}{{ range .Messages }}<|im_start|>{{ .Role }}\n{{ .Content }}<|im_end|>\n{{ end }}<|im_start|>assistant\n";

const QWEN3_TEMPLATE =
  "{{- range .Messages }}<|im_start|>{{ .Role }}\n{{ .Content }}<|im_end|>\n{{ end }}<|im_start|>assistant\n{{ if .IsThinkSet }}{{ if not .Think }}<think>\n\n</think>\n\n{{ end }}{{ end }}";
const GEMMA_TEMPLATE =
  '{{- range .Messages }}<start_of_turn>{{ if eq .Role "user" }}user{{ else }}model{{ end }}\n{{ .Content }}<end_of_turn>\n{{ end }}<start_of_turn>model\n';

/** Models the fakes have installed from the start. */
export const FAKE_INSTALLED: readonly FakeModelSpec[] = [
  {
    name: "llama3.2:latest",
    family: "llama",
    parameterSize: "3.2B",
    quantization: "Q4_K_M",
    size: 2_019_393_189,
    contextLength: 131_072,
    embeddingLength: 8,
    capabilities: ["completion", "tools"],
    template: LLAMA_TEMPLATE,
    parameters: { stop: ["<|start_header_id|>", "<|end_header_id|>", "<|eot_id|>"] },
    modifiedAt: "2025-01-10T09:30:00.000Z",
  },
  {
    name: "qwen2.5:0.5b",
    family: "qwen2",
    parameterSize: "494.03M",
    quantization: "Q4_K_M",
    size: 397_821_319,
    contextLength: 32_768,
    embeddingLength: 8,
    capabilities: ["completion", "tools"],
    template: QWEN_TEMPLATE,
    parameters: { stop: ["<|im_start|>", "<|im_end|>"] },
    modifiedAt: "2025-01-11T10:00:00.000Z",
  },
  {
    name: "nomic-embed-text:latest",
    family: "nomic-bert",
    parameterSize: "137M",
    quantization: "F16",
    size: 274_302_450,
    contextLength: 2_048,
    embeddingLength: 768,
    capabilities: ["embedding"],
    template: "",
    parameters: { num_ctx: 8192 },
    modifiedAt: "2025-01-12T11:00:00.000Z",
  },
  {
    // A thinking model: Ollama ≥ 0.12.6 thinks by default unless a request says think: false.
    name: "qwen3:0.6b",
    family: "qwen3",
    parameterSize: "751.63M",
    quantization: "Q4_K_M",
    size: 522_653_767,
    contextLength: 40_960,
    embeddingLength: 8,
    capabilities: ["completion", "tools", "thinking"],
    template: QWEN3_TEMPLATE,
    parameters: {
      repeat_penalty: 1,
      stop: ["<|im_start|>", "<|im_end|>"],
      temperature: 0.6,
      top_k: 20,
      top_p: 0.95,
    },
    modifiedAt: "2025-05-02T09:00:00.000Z",
  },
  {
    // A vision model: user messages may carry `images`.
    name: "gemma3:4b",
    family: "gemma3",
    parameterSize: "4.3B",
    quantization: "Q4_K_M",
    size: 3_338_801_804,
    contextLength: 131_072,
    embeddingLength: 8,
    capabilities: ["completion", "vision"],
    template: GEMMA_TEMPLATE,
    parameters: { stop: ["<end_of_turn>"], temperature: 1, top_k: 64, top_p: 0.95 },
    modifiedAt: "2025-03-12T09:00:00.000Z",
  },
];

/** The real embedding lengths of the catalogue's embedding models. */
const EMBEDDING_LENGTHS: Record<string, number> = {
  "nomic-embed-text": 768,
  "mxbai-embed-large": 1024,
  "all-minilm": 384,
};

/** "3.2B", "494M": a parameter count as Ollama shows it. */
function parameterSize(count: number): string {
  return count >= 1e9 ? `${(count / 1e9).toFixed(1)}B` : `${Math.round(count / 1e6)}M`;
}

/** A catalogue model as the fakes know it (sizes from the catalogue). */
function fromCatalogue(entry: CatalogueEntry): FakeModelSpec {
  const embedding = entry.kind === "embedding";
  return {
    name: normalizeModelName(entry.name),
    family: entry.family,
    parameterSize: parameterSize(entry.parameters),
    quantization: embedding ? "F16" : "Q4_K_M",
    size: entry.downloadBytes,
    contextLength: entry.contextLength,
    embeddingLength: embedding ? EMBEDDING_LENGTHS[entry.name] ?? 768 : 8,
    capabilities: embedding ? ["embedding"] : ["completion", ...entry.capabilities],
    template: embedding ? "" : QWEN_TEMPLATE,
    parameters: {},
    modifiedAt: "2025-04-01T00:00:00.000Z",
  };
}

const HAND_WRITTEN: readonly FakeModelSpec[] = [
  ...FAKE_INSTALLED,
  {
    name: "gemma3:1b",
    family: "gemma3",
    parameterSize: "999.89M",
    quantization: "Q4_K_M",
    size: 815_319_791,
    contextLength: 32_768,
    embeddingLength: 8,
    capabilities: ["completion"],
    template: "<start_of_turn>user\n{{ .Prompt }}<end_of_turn>\n<start_of_turn>model\n",
    parameters: { stop: ["<end_of_turn>"], temperature: 1, top_k: 64, top_p: 0.95 },
    modifiedAt: "2025-03-12T08:00:00.000Z",
  },
  {
    name: "mistral:latest",
    family: "llama",
    parameterSize: "7.2B",
    quantization: "Q4_0",
    size: 4_113_301_824,
    contextLength: 32_768,
    embeddingLength: 8,
    capabilities: ["completion", "tools"],
    template: "[INST] {{ .Prompt }} [/INST]",
    parameters: { stop: ["[INST]", "[/INST]"] },
    modifiedAt: "2024-07-22T20:00:00.000Z",
  },
];

/**
 * Models the fakes can pull (the "library"): the hand-written ones above, then every model of
 * the system catalogue, so the setup wizard can download whatever it offers. Installed models
 * can be pulled again too.
 */
export const FAKE_LIBRARY: readonly FakeModelSpec[] = [
  ...HAND_WRITTEN,
  ...CATALOGUE.map(fromCatalogue).filter((m) => !HAND_WRITTEN.some((h) => h.name === m.name)),
];

/** A stable pseudo sha256 (64 hex chars) for fake digests: FNV-1a, salted per block. */
export function fakeDigest(text: string): string {
  let out = "";
  for (let block = 0; block < 8; block++) {
    let h = 0x811c9dc5 ^ block;
    for (let i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
    out += (h >>> 0).toString(16).padStart(8, "0");
  }
  return out;
}

/**
 * The layers a pull of `spec` downloads: the weights, then the small template and params
 * blobs. Their sizes add up to `spec.size`.
 */
export function fakeLayers(spec: FakeModelSpec): { digest: string; size: number }[] {
  const small = [1_429, 412];
  const weights = spec.size - small[0] - small[1];
  return [weights, ...small].map((size, i) => ({
    digest: `sha256:${fakeDigest(`${spec.name}#${i}`)}`,
    size,
  }));
}
