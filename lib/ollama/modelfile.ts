/**
 * Custom models: the Modelfile text Hearth shows (and lets users download), and the JSON body
 * that Ollama's current `/api/create` expects (`from`, `system`, `parameters`; the older
 * `modelfile` string field is gone). Both come from the same validated options.
 */
import type { CreateRequest } from "ollama";
import { z } from "zod";
import { OllamaError } from "./errors.ts";
import type { CreateModelOptions } from "./types.ts";

// host/namespace/model:tag, as Ollama's name parser accepts them; no spaces or newlines,
// so a name can never smuggle a second Modelfile instruction onto the FROM line.
const MODEL_NAME =
  /^[A-Za-z0-9][A-Za-z0-9._-]*(?::\d+)?(?:\/[A-Za-z0-9._-]+)*(?::[A-Za-z0-9._-]+)?$/;

/** True when `name` is a model name Ollama would accept (`llama3.2`, `library/qwen2.5:7b`). */
export function isValidModelName(name: string): boolean {
  return name.length <= 200 && MODEL_NAME.test(name);
}

/** A model name in a request body or URL, as Ollama accepts it (`llama3.2`, `library/qwen2.5:7b`). */
export const modelName = z.string().trim().min(1).max(200).refine(
  isValidModelName,
  "not a valid model name",
);

/** Adds the implicit `:latest` tag, so `llama3.2` and `llama3.2:latest` compare equal. */
export function normalizeModelName(name: string): string {
  const last = name.slice(name.lastIndexOf("/") + 1);
  return last.includes(":") ? name : `${name}:latest`;
}

/**
 * The name Ollama means by `name`, for comparing: the registry (`registry.ollama.ai`), the
 * namespace (`library`) and the tag (`latest`) filled in where left out, and lowercased, since
 * Ollama compares names without regard to case (`Name.EqualFold` in its `types/model`). So
 * `Llama3.2`, `llama3.2:latest` and `registry.ollama.ai/library/llama3.2:latest` are one model.
 */
export function modelKey(name: string): string {
  let key = modelKeys.get(name);
  if (key === undefined) {
    // Bounded: names come from requests too. Starting over is cheap; the hot names come back.
    if (modelKeys.size >= MODEL_KEYS_MAX) modelKeys.clear();
    modelKeys.set(name, key = keyOf(name));
  }
  return key;
}

/**
 * `modelKey`'s answers: routing compares the requested name with every listed model's on each
 * reply (three scans of a host's listing), so a household's few names are worked out once.
 */
const modelKeys = new Map<string, string>();
const MODEL_KEYS_MAX = 1024;

function keyOf(name: string): string {
  let rest = name.trim().replace(/^https?:\/\//i, "");
  let tag = "latest";
  const colon = rest.lastIndexOf(":");
  if (colon > rest.lastIndexOf("/")) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  const parts = rest.split("/");
  const model = parts.pop();
  const namespace = parts.pop() ?? "library";
  const host = parts.length ? parts.join("/") : "registry.ollama.ai";
  return `${host}/${namespace}/${model}:${tag}`.toLowerCase();
}

/** True when `a` and `b` name the same model, as Ollama matches names. */
export function sameModel(a: string, b: string): boolean {
  return modelKey(a) === modelKey(b);
}

function invalid(field: string, message: string): OllamaError {
  return new OllamaError("invalid_input", `${field}: ${message}`);
}

/** Checks the options and throws an `invalid_input` error naming the bad field. */
export function validateCreateOptions(opts: CreateModelOptions): void {
  if (!isValidModelName(opts.name)) throw invalid("name", "not a valid model name");
  if (!isValidModelName(opts.base)) throw invalid("base", "not a valid model name");
  if (opts.numCtx !== undefined && (!Number.isInteger(opts.numCtx) || opts.numCtx < 1)) {
    throw invalid("numCtx", "must be a positive whole number of tokens");
  }
  if (
    opts.temperature !== undefined &&
    (!Number.isFinite(opts.temperature) || opts.temperature < 0 || opts.temperature > 2)
  ) {
    throw invalid("temperature", "must be between 0 and 2");
  }
}

/**
 * Makes a system prompt safe inside `"""…"""`. Ollama's Modelfile parser has no escape
 * sequences: a triple-quoted value ends at the first line that ends in `"""`, and it drops
 * non-printable characters. So control characters (except tab, CR, LF) are removed, and in
 * every run of three or more `"` each quote after the second gets a backslash, which leaves
 * no `"""` inside the value. Prompts without such runs pass through unchanged.
 */
export function escapeTripleQuoted(text: string): string {
  // deno-lint-ignore no-control-regex
  const printable = text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, "");
  return printable.replace(/"{3,}/g, (run) => `""${'\\"'.repeat(run.length - 2)}`);
}

function parameters(opts: CreateModelOptions): Record<string, number> | undefined {
  const out: Record<string, number> = {};
  if (opts.numCtx !== undefined) out.num_ctx = opts.numCtx;
  if (opts.temperature !== undefined) out.temperature = opts.temperature;
  return Object.keys(out).length ? out : undefined;
}

/**
 * The Modelfile for these options, e.g.
 * `FROM llama3.2\nSYSTEM """You are Hearth."""\nPARAMETER num_ctx 8192\n`.
 * Throws `invalid_input` for bad options.
 */
export function generateModelfile(opts: CreateModelOptions): string {
  validateCreateOptions(opts);
  const lines = [`FROM ${opts.base}`];
  if (opts.system !== undefined) lines.push(`SYSTEM """${escapeTripleQuoted(opts.system)}"""`);
  for (const [key, value] of Object.entries(parameters(opts) ?? {})) {
    lines.push(`PARAMETER ${key} ${value}`);
  }
  return lines.join("\n") + "\n";
}

/**
 * The `/api/create` body for these options, typed by the `ollama` client's own
 * `CreateRequest`. The system prompt goes in verbatim: JSON needs no Modelfile quoting.
 */
export function createRequestBody(opts: CreateModelOptions): CreateRequest {
  validateCreateOptions(opts);
  const body: CreateRequest = { model: opts.name, from: opts.base, stream: true };
  if (opts.system !== undefined) body.system = opts.system;
  const params = parameters(opts);
  if (params) body.parameters = params;
  return body;
}
