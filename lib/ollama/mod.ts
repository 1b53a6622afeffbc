/**
 * Ollama management for Hearth: one `OllamaService` interface and its implementation over HTTP.
 * Tests and demo mode run it against the Fake Ollama (`fake_server.ts`, `fake_machine.ts`),
 * an HTTP server speaking Ollama's API, chosen in `lib/services.ts`.
 */
import { parseOllamaHost } from "./host.ts";
import type { CommandRunner } from "../process/command.ts";
import { type RealOllamaOptions, RealOllamaService } from "./real.ts";
import type { OllamaService } from "./types.ts";

export type * from "./types.ts";
export { OLLAMA_ERROR_STATUS, OllamaError, type OllamaErrorCode } from "./errors.ts";
export { DEFAULT_OLLAMA_HOST, type RealOllamaOptions, RealOllamaService } from "./real.ts";
export {
  createRequestBody,
  escapeTripleQuoted,
  generateModelfile,
  isValidModelName,
  modelKey,
  modelName,
  normalizeModelName,
  sameModel,
} from "./modelfile.ts";
export { OLLAMA_PORT, OllamaHostError, parseOllamaHost } from "./host.ts";
export { INSTALL_COMMAND } from "./local.ts";

/** Options of `createOllamaService`. */
export interface CreateOllamaServiceOptions extends RealOllamaOptions {
  /** Runs local programs for the real service. */
  runner?: CommandRunner;
}

/**
 * Parses a comma-separated host list (`HEARTH_OLLAMA_URL`): drops empty entries and reads each
 * as Ollama reads `OLLAMA_HOST` (`gpu-box` is `http://gpu-box:11434`; `lib/ollama/host.ts`).
 */
export function parseHostList(text: string | undefined): string[] {
  return (text ?? "").split(",").map((h) => h.trim()).filter(Boolean).map(parseOllamaHost);
}

function env(name: string): string | undefined {
  try {
    return Deno.env.get(name);
  } catch {
    // Without --allow-env the variable simply counts as unset.
    return undefined;
  }
}

/**
 * The Ollama service for `opts.hosts`, else `HEARTH_OLLAMA_URL`, else the default host.
 */
export function createOllamaService(opts: CreateOllamaServiceOptions = {}): OllamaService {
  const hosts = opts.hosts?.length ? opts.hosts : parseHostList(env("HEARTH_OLLAMA_URL"));
  return new RealOllamaService({ ...opts, hosts });
}
