/**
 * The `OllamaService` interface and the shapes it returns, and the status the admin API sends,
 * so routes, the setup wizard and `hearth doctor` depend on the interface; in tests and demo mode
 * the Real service talks to the Fake Ollama (`fake_server.ts`). Browser-safe (no imports).
 */

/** One model installed on a host (from `/api/tags`). */
export interface InstalledModel {
  /** Full name with tag, as Ollama lists it (`llama3.2:latest`). */
  name: string;
  /** Bytes on disk. */
  size: number;
  /** Architecture family (`llama`, `qwen2`, `nomic-bert`). */
  family: string;
  /** Human-readable parameter count (`3.2B`). */
  parameterSize: string;
  /** Quantization level (`Q4_K_M`). */
  quantization: string;
  /** ISO timestamp of the last pull or create. */
  modifiedAt: string;
}

/** One model loaded in memory on a host (from `/api/ps`). */
export interface RunningModel {
  name: string;
  /** Bytes of the model held in GPU memory (0 when it runs on the CPU). */
  sizeVram: number;
  /** ISO timestamp when Ollama will unload it unless it is used again. */
  expiresAt: string;
  /** Bytes it takes in memory altogether (GPU and CPU), when Ollama says. */
  size?: number;
  /** The context it was loaded with, when Ollama says. */
  contextLength?: number;
}

/** What one configured host answered. */
export interface HostStatus {
  /** The host's base URL as configured (`http://127.0.0.1:11434`). */
  url: string;
  /**
   * On this machine (a loopback address): Hearth may install and start Ollama for it. Any other
   * host is another machine's Ollama, which Hearth only uses.
   */
  local: boolean;
  /** It answered `/api/version` within the timeout. */
  reachable: boolean;
  version?: string;
  /** Why it is unreachable, or why its model lists could not be read. */
  error?: string;
  models: InstalledModel[];
  running: RunningModel[];
}

/** Whether the `ollama` program exists on this machine. */
export interface BinaryStatus {
  found: boolean;
  /** Absolute path, when the shell could tell. */
  path?: string;
  /** Client version reported by `ollama --version`. */
  version?: string;
}

/** The answer of `status()`. */
export interface OllamaStatus {
  binary: BinaryStatus;
  hosts: HostStatus[];
}

/** An installed model with what `show` adds: the trained context and the baked-in `num_ctx`. */
export interface ModelRow extends InstalledModel {
  contextLength?: number;
  numCtx?: number;
}

/** One host as the admin pages show it. */
export interface HostView extends Omit<HostStatus, "models"> {
  models: ModelRow[];
}

/** `GET /api/admin/ollama/status`: the status with each model's context length. */
export interface StatusView extends Omit<OllamaStatus, "hosts"> {
  hosts: HostView[];
}

/** One event of `install()`. */
export type InstallEvent =
  /** A line the installer printed. */
  | { type: "log"; stream: "stdout" | "stderr"; line: string }
  /** This OS cannot be installed automatically: what to do instead. */
  | { type: "manual"; os: string; message: string; url: string }
  /**
   * Hearth did not run the installer: a tool it needs is missing (`tools`), or it would need a
   * password for sudo (`sudo`). `command` is what the admin runs instead, in a terminal.
   */
  | {
    type: "blocked";
    reason: "tools" | "sudo";
    message: string;
    command: string;
    /** The missing tools (`tools`). */
    missing?: string[];
  }
  /**
   * The installer ended; `ok` only when it exited 0 and `ollama` is there. `output`: its last
   * lines on failure.
   */
  | { type: "done"; ok: boolean; code: number; message: string; output?: string[] };

/** One progress event of `pull()`. */
export interface PullProgress {
  /** Ollama's status text (`pulling manifest`, `pulling 6a0746a1ec1a`, `success`). */
  status: string;
  /** The layer being downloaded (`sha256:…`). */
  digest?: string;
  /** Bytes of this layer downloaded so far. */
  completed?: number;
  /** Size of this layer in bytes. */
  total?: number;
  /** `completed / total` in percent, one decimal. */
  percent?: number;
  /** Download rate of this layer, from byte deltas over time. */
  bytesPerSecond?: number;
}

/** A scalar Modelfile parameter value. */
export type ParameterValue = string | number | boolean;

/** Everything `show()` tells about one model. */
export interface ModelDetails {
  name: string;
  family: string;
  families: string[];
  parameterSize: string;
  quantization: string;
  format: string;
  /** The longest context the model was trained for (`<arch>.context_length` in model_info). */
  contextLength?: number;
  /** The `num_ctx` baked into this model's parameters, when one is set. */
  numCtx?: number;
  /** Parameters baked into the model (`stop` and other repeated keys become arrays). */
  parameters: Record<string, ParameterValue | ParameterValue[]>;
  /** The Go template Ollama applies to prompts. */
  template: string;
  /** The system prompt baked into the model, if any. */
  system?: string;
  /** What the model can do (`completion`, `tools`, `embedding`, `vision`, `thinking`). */
  capabilities: string[];
  modifiedAt?: string;
}

/** What `create()` builds: a custom model on top of a base model. */
export interface CreateModelOptions {
  /** Name of the new model (`hearth-assistant` or `hearth-assistant:8k`). */
  name: string;
  /** The model it is built from (`llama3.2`). */
  base: string;
  system?: string;
  /** Context size in tokens (`PARAMETER num_ctx`). */
  numCtx?: number;
  temperature?: number;
}

/** One progress line of `create()`. */
export interface CreateProgress {
  status: string;
}

/** What `unload()` did. */
export interface UnloadResult {
  model: string;
  /** True once no host lists it in `/api/ps` (also when it was not loaded at all). */
  unloaded: boolean;
  /** The hosts that were asked to unload it. */
  hosts: string[];
  /**
   * Hosts still holding it when the wait ended: a request is still using it there (Ollama
   * unloads when that ends), or the host stopped answering.
   */
  busy?: string[];
}

/** Options shared by the calls that may target a particular host. */
export interface HostOption {
  /** Use this host instead of letting the service choose one. */
  host?: string;
}

/** Options of the long-running, cancellable calls. */
export interface StreamOptions extends HostOption {
  /** Aborting stops the operation and aborts the HTTP request to Ollama. */
  signal?: AbortSignal;
}

/** Managing the local Ollama installation and the models on every configured host. */
export interface OllamaService {
  /** The operating system `install` acts for: Hearth runs the official script on `linux`. */
  readonly os: string;
  /** The binary on this machine and what every configured host answers. Never throws. */
  status(): Promise<OllamaStatus>;
  /** Installs Ollama (Linux: the official script) or explains how to on other systems. */
  install(signal?: AbortSignal): AsyncIterable<InstallEvent>;
  /** Returns once some host answers; starts `ollama serve` locally when it can. */
  ensureRunning(): Promise<void>;
  /** Downloads a model; ends with a `success` event or throws. */
  pull(model: string, opts?: StreamOptions): AsyncIterable<PullProgress>;
  /** Deletes a model (from `opts.host`, or the host that has it). */
  delete(model: string, opts?: HostOption): Promise<void>;
  /** Details, context length, parameters and template of a model. */
  show(model: string, opts?: HostOption): Promise<ModelDetails>;
  /** Builds (or rebuilds) a custom model; ends with a `success` event or throws. */
  create(opts: CreateModelOptions, stream?: StreamOptions): AsyncIterable<CreateProgress>;
  /**
   * Unloads a model from memory (`keep_alive: 0`) on `opts.host` or wherever it runs, and waits
   * (bounded) until `/api/ps` no longer lists it; `unloaded: false` says it did not finish.
   */
  unload(model: string, opts?: HostOption): Promise<UnloadResult>;
  /** The models loaded on every reachable host (`/api/ps`); null when no host answers. */
  running(): Promise<RunningModel[] | null>;
  /** The URL of a reachable host that has the model, preferring one where it is loaded. */
  hostFor(model: string): Promise<string>;
}
