/**
 * Ollama's JSON shapes (docs/api.md) and their mapping to Hearth's camelCase types. Every
 * field is read defensively: older and newer Ollama versions add and drop fields.
 */
import type {
  InstalledModel,
  ModelDetails,
  ParameterValue,
  PullProgress,
  RunningModel,
} from "./types.ts";

/** `details` of a model in `/api/tags`, `/api/ps` and `/api/show`. */
export interface WireDetails {
  parent_model?: string;
  format?: string;
  family?: string;
  families?: string[] | null;
  parameter_size?: string;
  quantization_level?: string;
}

/** One entry of `/api/tags` or `/api/ps`. */
export interface WireModel {
  name: string;
  model?: string;
  modified_at?: string;
  size?: number;
  digest?: string;
  details?: WireDetails;
  expires_at?: string;
  size_vram?: number;
  /** `/api/ps`: the context the runner was loaded with. */
  context_length?: number;
}

/** `/api/tags` and `/api/ps`. */
export interface WireModelList {
  models?: WireModel[] | null;
}

/** `/api/show`. */
export interface WireShow {
  modelfile?: string;
  parameters?: string;
  template?: string;
  system?: string;
  details?: WireDetails;
  model_info?: Record<string, unknown>;
  capabilities?: string[];
  modified_at?: string;
}

/** One line of `/api/pull` or `/api/create`. */
export interface WireProgress {
  status?: string;
  digest?: string;
  total?: number;
  completed?: number;
}

/** Maps one `/api/tags` entry. */
export function toInstalled(m: WireModel): InstalledModel {
  return {
    name: m.name ?? m.model ?? "",
    size: m.size ?? 0,
    family: m.details?.family ?? "",
    parameterSize: m.details?.parameter_size ?? "",
    quantization: m.details?.quantization_level ?? "",
    modifiedAt: m.modified_at ?? "",
  };
}

/** Maps one `/api/ps` entry. */
export function toRunning(m: WireModel): RunningModel {
  return {
    name: m.name ?? m.model ?? "",
    sizeVram: m.size_vram ?? 0,
    expiresAt: m.expires_at ?? "",
    ...(m.size !== undefined && { size: m.size }),
    ...(m.context_length !== undefined && { contextLength: m.context_length }),
  };
}

function parseValue(raw: string): ParameterValue {
  // `ollama show` prints values with Go's %#v: strings quoted (JSON-compatible for the
  // characters that appear in practice), numbers and booleans bare.
  if (raw.startsWith('"')) {
    try {
      return JSON.parse(raw);
    } catch {
      return raw.slice(1, -1);
    }
  }
  if (raw === "true" || raw === "false") return raw === "true";
  const n = Number(raw);
  return raw !== "" && Number.isFinite(n) ? n : raw;
}

/**
 * Parses the `parameters` text of `/api/show` (`num_ctx     8192\nstop    "<|eot_id|>"`).
 * A key that appears more than once (like `stop`) becomes an array.
 */
export function parseParameters(text: string): Record<string, ParameterValue | ParameterValue[]> {
  const out: Record<string, ParameterValue | ParameterValue[]> = {};
  for (const line of text.split("\n")) {
    const match = line.trim().match(/^(\S+)\s+(.*)$/);
    if (!match) continue;
    const [, key, raw] = match;
    const value = parseValue(raw.trim());
    const prev = out[key];
    if (prev === undefined) out[key] = value;
    else out[key] = Array.isArray(prev) ? [...prev, value] : [prev, value];
  }
  return out;
}

/** Maps `/api/show`; the context length comes from `<architecture>.context_length`. */
export function toDetails(name: string, s: WireShow): ModelDetails {
  const info = s.model_info ?? {};
  const arch = typeof info["general.architecture"] === "string"
    ? info["general.architecture"] as string
    : s.details?.family;
  const ctx = arch ? info[`${arch}.context_length`] : undefined;
  const parameters = parseParameters(s.parameters ?? "");
  const numCtx = parameters.num_ctx;
  return {
    name,
    family: s.details?.family ?? arch ?? "",
    families: s.details?.families ?? [],
    parameterSize: s.details?.parameter_size ?? "",
    quantization: s.details?.quantization_level ?? "",
    format: s.details?.format ?? "",
    contextLength: typeof ctx === "number" ? ctx : undefined,
    numCtx: typeof numCtx === "number" ? numCtx : undefined,
    parameters,
    template: s.template ?? "",
    system: s.system || undefined,
    capabilities: s.capabilities ?? [],
    modifiedAt: s.modified_at,
  };
}

/**
 * Turns raw pull lines into `PullProgress` with percent and a per-layer download rate,
 * measured from the byte delta between samples at least `windowMs` apart.
 */
export class PullRateTracker {
  #samples = new Map<string, { at: number; completed: number; rate?: number }>();

  constructor(readonly windowMs = 500, readonly now: () => number = () => performance.now()) {}

  /** Maps one line; call it for every line in order. */
  next(line: WireProgress): PullProgress {
    const out: PullProgress = { status: line.status ?? "" };
    if (line.digest) out.digest = line.digest;
    if (typeof line.total === "number") out.total = line.total;
    if (typeof line.completed === "number") out.completed = line.completed;
    if (out.total && out.completed !== undefined) {
      out.percent = Math.round((out.completed / out.total) * 1000) / 10;
    }
    if (out.digest && out.completed !== undefined) {
      const at = this.now();
      const prev = this.#samples.get(out.digest);
      if (!prev) {
        this.#samples.set(out.digest, { at, completed: out.completed });
      } else if (at > prev.at && at - prev.at >= this.windowMs) {
        const delta = Math.max(0, out.completed - prev.completed);
        const rate = Math.round((delta * 1000) / (at - prev.at));
        this.#samples.set(out.digest, { at, completed: out.completed, rate });
      }
      const rate = this.#samples.get(out.digest)?.rate;
      if (rate !== undefined) out.bytesPerSecond = rate;
    }
    return out;
  }
}
