/**
 * `RealOllamaService`: talks to one or more Ollama hosts over HTTP and manages the local
 * installation through a `CommandRunner`.
 */
import { type CommandRunner, realCommandRunner } from "../process/command.ts";
import { OllamaError } from "./errors.ts";
import { type CallLimits, requestJson, requestNdjson } from "./http.ts";
import { findBinary, installOllama, isLoopback, spawnServe } from "./local.ts";
import { createRequestBody, isValidModelName, modelKey } from "./modelfile.ts";
import type {
  CreateModelOptions,
  CreateProgress,
  HostOption,
  HostStatus,
  InstallEvent,
  ModelDetails,
  OllamaService,
  OllamaStatus,
  PullProgress,
  RunningModel,
  StreamOptions,
  UnloadResult,
} from "./types.ts";
import { waitOnPs } from "./ps.ts";
import {
  PullRateTracker,
  toDetails,
  toInstalled,
  toRunning,
  type WireModelList,
  type WireProgress,
  type WireShow,
} from "./wire.ts";

/** The host used when nothing is configured. */
export const DEFAULT_OLLAMA_HOST = "http://127.0.0.1:11434";

/** Options of `RealOllamaService`. */
export interface RealOllamaOptions {
  /** Base URLs of the configured hosts, in order of preference. */
  hosts?: string[];
  /** Runs `ollama`, the installer and `ollama serve` (default: the real runner). */
  runner?: CommandRunner;
  /** Connect / first-byte deadline per call (default 10 s; tests use ~300 ms). */
  timeoutMs?: number;
  /** Longest silence allowed inside a pull or create stream (default 5 min: verifying a big download prints nothing). */
  idleTimeoutMs?: number;
  /** How long `ensureRunning` waits for a freshly started `ollama serve` (default 20 s). */
  startTimeoutMs?: number;
  /** Cap for one NDJSON line (default 1 MB). */
  maxLineBytes?: number;
  /** Minimum time between two samples of the pull rate (default 500 ms). */
  rateWindowMs?: number;
  /** Operating system, for `install` (default `Deno.build.os`). */
  os?: string;
  /** How long `unload` waits for `/api/ps` to drop the model (default 10 s). */
  unloadTimeoutMs?: number;
  /** Pause between two reads of `/api/ps` while waiting (default 100 ms). */
  psIntervalMs?: number;
}

/** Strips a trailing slash so `new URL(path, host)` and comparisons behave. */
function cleanHost(url: string): string {
  return url.trim().replace(/\/+$/, "");
}

/** The real Ollama service over HTTP. */
export class RealOllamaService implements OllamaService {
  readonly hosts: string[];
  readonly os: string;
  readonly #runner: CommandRunner;
  readonly #opts: Required<Omit<RealOllamaOptions, "hosts" | "runner" | "os">>;

  constructor(opts: RealOllamaOptions = {}) {
    this.hosts = (opts.hosts?.length ? opts.hosts : [DEFAULT_OLLAMA_HOST]).map(cleanHost);
    this.#runner = opts.runner ?? realCommandRunner;
    this.os = opts.os ?? Deno.build.os;
    this.#opts = {
      timeoutMs: opts.timeoutMs ?? 10_000,
      idleTimeoutMs: opts.idleTimeoutMs ?? 300_000,
      startTimeoutMs: opts.startTimeoutMs ?? 20_000,
      maxLineBytes: opts.maxLineBytes ?? 1024 * 1024,
      rateWindowMs: opts.rateWindowMs ?? 500,
      unloadTimeoutMs: opts.unloadTimeoutMs ?? 10_000,
      psIntervalMs: opts.psIntervalMs ?? 100,
    };
  }

  #limits(signal?: AbortSignal): CallLimits {
    const { timeoutMs, idleTimeoutMs, maxLineBytes } = this.#opts;
    return { timeoutMs, idleTimeoutMs, maxLineBytes, signal };
  }

  #get<T>(host: string, path: string): Promise<T | null> {
    return requestJson<T>(host, "GET", path, undefined, this.#limits());
  }

  async #hostStatus(url: string): Promise<HostStatus> {
    const status: HostStatus = {
      url,
      local: isLoopback(url),
      reachable: false,
      models: [],
      running: [],
    };
    try {
      status.version = (await this.#get<{ version?: string }>(url, "/api/version"))?.version;
      status.reachable = true;
      const [tags, ps] = await Promise.all([
        this.#get<WireModelList>(url, "/api/tags"),
        this.#get<WireModelList>(url, "/api/ps"),
      ]);
      status.models = (tags?.models ?? []).map(toInstalled);
      status.running = (ps?.models ?? []).map(toRunning);
    } catch (err) {
      status.error = err instanceof Error ? err.message : String(err);
    }
    return status;
  }

  async status(): Promise<OllamaStatus> {
    const [binary, hosts] = await Promise.all([
      findBinary(this.#runner).catch(() => ({ found: false })),
      Promise.all(this.hosts.map((h) => this.#hostStatus(h))),
    ]);
    return { binary, hosts };
  }

  install(signal?: AbortSignal): AsyncIterable<InstallEvent> {
    return installOllama(this.#runner, this.os, signal);
  }

  async #reachable(host: string): Promise<boolean> {
    try {
      await this.#get(host, "/api/version");
      return true;
    } catch {
      return false;
    }
  }

  async ensureRunning(): Promise<void> {
    const up = await Promise.all(this.hosts.map((h) => this.#reachable(h)));
    if (up.some(Boolean)) return;
    const local = this.hosts.find(isLoopback);
    if (!local) {
      throw new OllamaError(
        "ollama_unreachable",
        `No configured Ollama host answers (${
          this.hosts.join(", ")
        }), and none is on this machine, so Hearth cannot start one.`,
      );
    }
    if (!(await findBinary(this.#runner)).found) {
      throw new OllamaError(
        "ollama_not_installed",
        "Ollama is not installed on this machine. Install it from the setup page or from https://ollama.com/download.",
      );
    }
    await spawnServe(this.#runner, local);
    const deadline = Date.now() + this.#opts.startTimeoutMs;
    while (Date.now() < deadline) {
      if (await this.#reachable(local)) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new OllamaError(
      "ollama_unreachable",
      `Started "ollama serve", but it did not answer at ${local} within ${this.#opts.startTimeoutMs} ms.`,
      { host: local },
    );
  }

  /** The first configured host that answers, in configuration order. */
  async #firstReachable(): Promise<string> {
    const up = await Promise.all(this.hosts.map((h) => this.#reachable(h)));
    const index = up.indexOf(true);
    if (index < 0) {
      throw new OllamaError(
        "ollama_unreachable",
        `No configured Ollama host answers (${this.hosts.join(", ")}).`,
      );
    }
    return this.hosts[index];
  }

  async hostFor(model: string): Promise<string> {
    const wanted = modelKey(model);
    const answers = await Promise.all(this.hosts.map(async (url) => {
      try {
        const tags = await this.#get<WireModelList>(url, "/api/tags");
        const has = (tags?.models ?? []).some((m) => modelKey(m.name) === wanted);
        return { url, reachable: true, has };
      } catch {
        return { url, reachable: false, has: false };
      }
    }));
    const candidates = answers.filter((a) => a.has).map((a) => a.url);
    if (candidates.length === 0) {
      if (!answers.some((a) => a.reachable)) {
        throw new OllamaError(
          "ollama_unreachable",
          `No configured Ollama host answers (${this.hosts.join(", ")}).`,
        );
      }
      throw new OllamaError(
        "model_not_found",
        `No reachable Ollama host has the model "${model}". Pull it first.`,
      );
    }
    if (candidates.length === 1) return candidates[0];
    // Several hosts have it: one that already holds it in memory answers without a load.
    const loaded = await Promise.all(candidates.map(async (url) => {
      const ps = await this.#get<WireModelList>(url, "/api/ps").catch(() => null);
      return (ps?.models ?? []).some((m) => modelKey(m.name) === wanted);
    }));
    return candidates[Math.max(0, loaded.indexOf(true))];
  }

  #checkName(model: string) {
    if (!isValidModelName(model)) {
      throw new OllamaError("invalid_input", `model: "${model}" is not a valid model name`);
    }
  }

  async *pull(model: string, opts: StreamOptions = {}): AsyncGenerator<PullProgress> {
    this.#checkName(model);
    const host = opts.host ? cleanHost(opts.host) : await this.#firstReachable();
    const tracker = new PullRateTracker(this.#opts.rateWindowMs);
    const lines = requestNdjson<WireProgress>(
      host,
      "/api/pull",
      { model, stream: true },
      this.#limits(opts.signal),
    );
    let last = "";
    for await (const line of lines) {
      const event = tracker.next(line);
      last = event.status;
      yield event;
    }
    if (last !== "success") {
      throw new OllamaError("ollama_error", `The pull of "${model}" from ${host} ended early.`, {
        host,
      });
    }
  }

  async delete(model: string, opts: HostOption = {}): Promise<void> {
    this.#checkName(model);
    const host = opts.host ? cleanHost(opts.host) : await this.hostFor(model);
    await requestJson(host, "DELETE", "/api/delete", { model }, this.#limits());
  }

  async show(model: string, opts: HostOption = {}): Promise<ModelDetails> {
    this.#checkName(model);
    const host = opts.host ? cleanHost(opts.host) : await this.hostFor(model);
    const res = await requestJson<WireShow>(host, "POST", "/api/show", { model }, this.#limits());
    return toDetails(model, res ?? {});
  }

  async *create(
    opts: CreateModelOptions,
    stream: StreamOptions = {},
  ): AsyncGenerator<CreateProgress> {
    const body = createRequestBody(opts);
    const host = stream.host ? cleanHost(stream.host) : await this.#hostForCreate(opts.base);
    let last = "";
    for await (
      const line of requestNdjson<WireProgress>(
        host,
        "/api/create",
        body,
        this.#limits(stream.signal),
      )
    ) {
      last = line.status ?? "";
      yield { status: last };
    }
    if (last !== "success") {
      throw new OllamaError("ollama_error", `Building "${opts.name}" on ${host} ended early.`, {
        host,
      });
    }
  }

  /** Builds where the base model already is; if no host has it, Ollama pulls it itself. */
  async #hostForCreate(base: string): Promise<string> {
    try {
      return await this.hostFor(base);
    } catch (err) {
      if (err instanceof OllamaError && err.code === "model_not_found") {
        return this.#firstReachable();
      }
      throw err;
    }
  }

  async #unloadOn(host: string, model: string): Promise<void> {
    // docs/api.md "Unload a model": an empty prompt with keep_alive 0.
    await requestJson(host, "POST", "/api/generate", { model, keep_alive: 0 }, this.#limits());
  }

  /** What `host` has loaded, or null when it does not answer. */
  async #ps(host: string): Promise<RunningModel[] | null> {
    const ps = await this.#get<WireModelList>(host, "/api/ps").catch(() => null);
    return ps ? (ps.models ?? []).map(toRunning) : null;
  }

  async running(): Promise<RunningModel[] | null> {
    const lists = await Promise.all(this.hosts.map((h) => this.#ps(h)));
    return lists.some(Boolean) ? lists.flatMap((l) => l ?? []) : null;
  }

  /**
   * Ollama answers `keep_alive: 0` at once and unloads when the requests using the model end,
   * so this waits (up to `unloadTimeoutMs`) until `/api/ps` stops listing it on each host.
   */
  async unload(model: string, opts: HostOption = {}): Promise<UnloadResult> {
    this.#checkName(model);
    const wanted = modelKey(model);
    // Each host with its name for the model as it lists it (`Llama3.2` is `llama3.2:latest`).
    const targets = opts.host ? [{ host: cleanHost(opts.host), name: model }] : (
      await Promise.all(this.hosts.map(async (host) => {
        const name = (await this.#ps(host))?.find((m) => modelKey(m.name) === wanted)?.name;
        return name ? { host, name } : null;
      }))
    ).filter((t) => t !== null);
    const hosts = targets.map((t) => t.host);
    await Promise.all(targets.map((t) => this.#unloadOn(t.host, t.name)));
    const waits = await Promise.all(targets.map(async ({ host }) => {
      const { settled } = await waitOnPs(() => this.#ps(host), model, (entry) => !entry, {
        timeoutMs: this.#opts.unloadTimeoutMs,
        intervalMs: this.#opts.psIntervalMs,
      });
      return settled === true ? null : host;
    }));
    const busy = waits.filter((h) => h !== null);
    return busy.length ? { model, unloaded: false, hosts, busy } : { model, unloaded: true, hosts };
  }
}
