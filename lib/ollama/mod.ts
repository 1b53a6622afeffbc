/**
 * Ollama management for Hearth: one `OllamaService` interface, a Real implementation over HTTP
 * and a Fake in memory, chosen here and nowhere else.
 */
import type { CommandRunner } from "../process/command.ts";
import { FakeOllamaService, type FakeOllamaServiceOptions } from "./fake.ts";
import { DEFAULT_OLLAMA_HOST, type RealOllamaOptions, RealOllamaService } from "./real.ts";
import type { OllamaService } from "./types.ts";

export type * from "./types.ts";
export { OLLAMA_ERROR_STATUS, OllamaError, type OllamaErrorCode } from "./errors.ts";
export { DEFAULT_OLLAMA_HOST, type RealOllamaOptions, RealOllamaService } from "./real.ts";
export { FakeOllamaService, type FakeOllamaServiceOptions } from "./fake.ts";
export {
  createRequestBody,
  escapeTripleQuoted,
  generateModelfile,
  isValidModelName,
  normalizeModelName,
} from "./modelfile.ts";
export { INSTALL_COMMAND } from "./local.ts";

/** Options of `createOllamaService`. */
export interface CreateOllamaServiceOptions extends RealOllamaOptions {
  /** Use the in-memory fake. */
  fake?: boolean;
  /** Options for the fake when it is chosen. */
  fakeOptions?: FakeOllamaServiceOptions;
  /** Runs local programs for the real service. */
  runner?: CommandRunner;
}

/**
 * Parses a comma-separated host list (`HEARTH_OLLAMA_URL`): trims entries, drops empty ones,
 * adds `http://` when no scheme is given and removes trailing slashes.
 */
export function parseHostList(text: string | undefined): string[] {
  return (text ?? "").split(",").map((h) => h.trim()).filter(Boolean).map((h) =>
    (/^https?:\/\//i.test(h) ? h : `http://${h}`).replace(/\/+$/, "")
  );
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
 * The Ollama service for this process: the Fake when `opts.fake`, otherwise the Real one for
 * `opts.hosts`, else `HEARTH_OLLAMA_URL`, else the default host.
 */
export function createOllamaService(opts: CreateOllamaServiceOptions = {}): OllamaService {
  const hosts = opts.hosts?.length ? opts.hosts : parseHostList(env("HEARTH_OLLAMA_URL"));
  if (opts.fake) {
    return new FakeOllamaService({ host: hosts[0] ?? DEFAULT_OLLAMA_HOST, ...opts.fakeOptions });
  }
  return new RealOllamaService({ ...opts, hosts });
}
