/**
 * `FakeOllamaService`: an in-memory Ollama for tests and `HEARTH_FAKE_OLLAMA=1` demos. It keeps
 * the real service's shapes and errors (unknown models, unreachable server, progress that
 * moves, cancellation) and reuses the real installer and rate code with a scripted runner.
 */
import type { CommandLine, CommandRunner } from "../process/command.ts";
import { OllamaError } from "./errors.ts";
import {
  FAKE_INSTALLED,
  FAKE_LIBRARY,
  fakeDigest,
  fakeLayers,
  type FakeModelSpec,
} from "./fake_catalogue.ts";
import { installOllama } from "./local.ts";
import { createRequestBody, isValidModelName, normalizeModelName } from "./modelfile.ts";
import { DEFAULT_OLLAMA_HOST } from "./real.ts";
import type {
  CreateModelOptions,
  CreateProgress,
  InstallEvent,
  ModelDetails,
  OllamaService,
  OllamaStatus,
  PullProgress,
  StreamOptions,
} from "./types.ts";
import { PullRateTracker } from "./wire.ts";
import { sleep } from "../async.ts";

/** Options of `FakeOllamaService`. */
export interface FakeOllamaServiceOptions {
  /** The host URL it reports (default `http://127.0.0.1:11434`). */
  host?: string;
  /** Installed models (default: the fake catalogue's installed ones). */
  installed?: readonly FakeModelSpec[];
  /** Models `pull` can download (default: the fake catalogue's library). */
  library?: readonly FakeModelSpec[];
  /** Pause between progress events, so demos look alive (default 0). */
  delayMs?: number;
  /** Whether the `ollama` binary "exists" (default true). */
  binaryFound?: boolean;
  /** Whether the server "answers" (default true). */
  running?: boolean;
  /** Operating system reported to `install` (default "linux"). */
  os?: string;
}

const FAKE_VERSION = "0.9.0";
const INSTALL_LINES = [
  ">>> Installing ollama to /usr/local",
  ">>> Downloading Linux amd64 bundle",
  "######################################################################## 100.0%",
  ">>> Creating ollama user...",
  ">>> Enabling and starting ollama service...",
  ">>> The Ollama API is now available at 127.0.0.1:11434.",
  '>>> Install complete. Run "ollama" from the command line.',
];

function readEnv(name: string): string | undefined {
  try {
    return Deno.env.get(name);
  } catch {
    return undefined; // no --allow-env: the defaults apply
  }
}

/**
 * Demo knobs, so a demo or a browser test can show every state without code:
 * `HEARTH_FAKE_OLLAMA_STATE` = `running` (default), `stopped` (installed, not started) or
 * `missing` (not installed), and `HEARTH_FAKE_OLLAMA_DELAY_MS` = pause between progress events.
 * Options passed to the constructor win.
 */
export function fakeOptionsFromEnv(
  env: (name: string) => string | undefined = readEnv,
): FakeOllamaServiceOptions {
  const out: FakeOllamaServiceOptions = {};
  const state = env("HEARTH_FAKE_OLLAMA_STATE")?.trim();
  if (state === "stopped") Object.assign(out, { binaryFound: true, running: false });
  else if (state === "missing") Object.assign(out, { binaryFound: false, running: false });
  else if (state && state !== "running") {
    throw new Error(`HEARTH_FAKE_OLLAMA_STATE must be running, stopped or missing, not "${state}"`);
  }
  const delay = env("HEARTH_FAKE_OLLAMA_DELAY_MS")?.trim();
  if (delay) {
    if (!/^\d{1,5}$/.test(delay)) {
      throw new Error(`HEARTH_FAKE_OLLAMA_DELAY_MS must be 0–99999 ms, not "${delay}"`);
    }
    out.delayMs = Number(delay);
  }
  return out;
}

/** The in-memory Ollama. */
export class FakeOllamaService implements OllamaService {
  readonly host: string;
  binaryFound: boolean;
  running: boolean;
  readonly #installed = new Map<string, FakeModelSpec>();
  readonly #library = new Map<string, FakeModelSpec>();
  readonly #loaded = new Map<string, number>();
  readonly #delayMs: number;
  readonly os: string;

  constructor(options: FakeOllamaServiceOptions = {}) {
    const opts = { ...fakeOptionsFromEnv(), ...options };
    this.host = opts.host ?? DEFAULT_OLLAMA_HOST;
    this.binaryFound = opts.binaryFound ?? true;
    this.running = opts.running ?? this.binaryFound;
    this.#delayMs = opts.delayMs ?? 0;
    this.os = opts.os ?? "linux";
    for (const m of opts.installed ?? FAKE_INSTALLED) this.#installed.set(m.name, { ...m });
    for (const m of opts.library ?? FAKE_LIBRARY) this.#library.set(m.name, { ...m });
  }

  #up(): void {
    if (!this.running) {
      throw new OllamaError("ollama_unreachable", `Ollama at ${this.host} is not reachable.`, {
        host: this.host,
      });
    }
  }

  #model(name: string, notFound: string): FakeModelSpec {
    if (!isValidModelName(name)) {
      throw new OllamaError("invalid_input", `model: "${name}" is not a valid model name`);
    }
    this.#up();
    const spec = this.#installed.get(normalizeModelName(name));
    if (!spec) throw new OllamaError("model_not_found", `Ollama at ${this.host}: ${notFound}`);
    return spec;
  }

  /** Marks a model as loaded in memory, as a chat would (for demos and other tests). */
  load(model: string): void {
    const spec = this.#model(model, `model "${model}" not found, try pulling it first`);
    this.#loaded.set(spec.name, Date.now() + 5 * 60_000);
  }

  status(): Promise<OllamaStatus> {
    const models = [...this.#installed.values()].map((m) => ({
      name: m.name,
      size: m.size,
      family: m.family,
      parameterSize: m.parameterSize,
      quantization: m.quantization,
      modifiedAt: m.modifiedAt,
    }));
    const running = [...this.#loaded].map(([name, expires]) => ({
      name,
      sizeVram: this.#installed.get(name)?.size ?? 0,
      expiresAt: new Date(expires).toISOString(),
    }));
    return Promise.resolve({
      binary: this.binaryFound
        ? { found: true, path: "/usr/local/bin/ollama", version: FAKE_VERSION }
        : { found: false },
      hosts: [
        this.running
          ? { url: this.host, reachable: true, version: FAKE_VERSION, models, running }
          : {
            url: this.host,
            reachable: false,
            error: `Ollama at ${this.host} is not reachable.`,
            models: [],
            running: [],
          },
      ],
    });
  }

  async *install(signal?: AbortSignal): AsyncGenerator<InstallEvent> {
    const delayMs = this.#delayMs;
    // The real installer code path, fed by a runner that prints what the script prints.
    const runner: CommandRunner = {
      run: () =>
        Promise.resolve({ code: 0, stdout: "", stderr: "", notFound: false, timedOut: false }),
      async *stream(): AsyncGenerator<CommandLine> {
        for (const line of INSTALL_LINES) {
          try {
            await sleep(delayMs, signal);
          } catch {
            yield { type: "exit", code: -1, timedOut: false };
            return;
          }
          yield { type: "stdout", line };
        }
        yield { type: "exit", code: 0, timedOut: false };
      },
    };
    for await (const event of installOllama(runner, this.os, signal)) {
      if (event.type === "done" && event.ok) this.binaryFound = this.running = true;
      yield event;
    }
  }

  ensureRunning(): Promise<void> {
    if (this.running) return Promise.resolve();
    if (!this.binaryFound) {
      return Promise.reject(
        new OllamaError("ollama_not_installed", "Ollama is not installed on this machine."),
      );
    }
    this.running = true;
    return Promise.resolve();
  }

  async *pull(model: string, opts: StreamOptions = {}): AsyncGenerator<PullProgress> {
    if (!isValidModelName(model)) {
      throw new OllamaError("invalid_input", `model: "${model}" is not a valid model name`);
    }
    this.#up();
    const name = normalizeModelName(model);
    const spec = this.#library.get(name) ?? this.#installed.get(name);
    await sleep(this.#delayMs, opts.signal);
    yield { status: "pulling manifest" };
    if (!spec) {
      throw new OllamaError(
        "model_not_found",
        `Ollama at ${this.host}: pull model manifest: file does not exist`,
      );
    }
    // A simulated clock: every progress event stands for a quarter second of downloading.
    let clock = 0;
    const tracker = new PullRateTracker(0, () => (clock += 250));
    for (const layer of fakeLayers(spec)) {
      const status = `pulling ${layer.digest.slice(7, 19)}`;
      for (let step = 0; step <= 4; step++) {
        await sleep(this.#delayMs, opts.signal);
        const completed = Math.round((layer.size * step) / 4);
        yield tracker.next({ status, digest: layer.digest, total: layer.size, completed });
      }
    }
    for (const status of ["verifying sha256 digest", "writing manifest", "success"]) {
      await sleep(this.#delayMs, opts.signal);
      if (status === "success") {
        this.#installed.set(spec.name, { ...spec, modifiedAt: new Date().toISOString() });
      }
      yield { status };
    }
  }

  delete(model: string): Promise<void> {
    try {
      const spec = this.#model(model, `model '${model}' not found`);
      this.#installed.delete(spec.name);
      this.#loaded.delete(spec.name);
      return Promise.resolve();
    } catch (err) {
      return Promise.reject(err);
    }
  }

  show(model: string): Promise<ModelDetails> {
    try {
      const m = this.#model(model, `model '${model}' not found`);
      const numCtx = m.parameters.num_ctx;
      return Promise.resolve({
        name: model,
        family: m.family,
        families: [m.family],
        parameterSize: m.parameterSize,
        quantization: m.quantization,
        format: "gguf",
        contextLength: m.contextLength,
        numCtx: typeof numCtx === "number" ? numCtx : undefined,
        parameters: { ...m.parameters },
        template: m.template,
        system: m.system,
        capabilities: [...m.capabilities],
        modifiedAt: m.modifiedAt,
      });
    } catch (err) {
      return Promise.reject(err);
    }
  }

  async *create(
    opts: CreateModelOptions,
    stream: StreamOptions = {},
  ): AsyncGenerator<CreateProgress> {
    const body = createRequestBody(opts);
    this.#up();
    // Like Ollama, a base that is not installed is pulled first (or fails as unknown).
    if (!this.#installed.has(normalizeModelName(opts.base))) {
      for await (const p of this.pull(opts.base, stream)) {
        if (p.status !== "success") yield { status: p.status };
      }
    }
    const base = this.#installed.get(normalizeModelName(opts.base))!;
    const statuses = fakeLayers(base).slice(0, 2).map((l) => `using existing layer ${l.digest}`);
    if (body.system !== undefined) {
      statuses.push(`creating new layer sha256:${fakeDigest(body.system)}`);
    }
    if (body.parameters) {
      statuses.push(`creating new layer sha256:${fakeDigest(JSON.stringify(body.parameters))}`);
    }
    statuses.push("writing manifest", "success");
    for (const status of statuses) {
      await sleep(this.#delayMs, stream.signal);
      if (status === "success") {
        this.#installed.set(normalizeModelName(opts.name), {
          ...base,
          name: normalizeModelName(opts.name),
          system: opts.system ?? base.system,
          parameters: { ...base.parameters, ...body.parameters as Record<string, number> },
          modifiedAt: new Date().toISOString(),
        });
      }
      yield { status };
    }
  }

  unload(model: string): Promise<void> {
    if (!isValidModelName(model)) {
      return Promise.reject(
        new OllamaError("invalid_input", `model: "${model}" is not a valid model name`),
      );
    }
    this.#loaded.delete(normalizeModelName(model));
    return Promise.resolve();
  }

  hostFor(model: string): Promise<string> {
    try {
      this.#model(model, `model "${model}" not found, try pulling it first`);
      return Promise.resolve(this.host);
    } catch (err) {
      return Promise.reject(err);
    }
  }
}
