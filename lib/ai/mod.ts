/**
 * AI providers for Hearth: one `ChatProvider` interface over Ollama's native API or an
 * OpenAI-compatible server, chosen here and nowhere else. (Demo mode runs the Ollama provider
 * on the Fake Ollama, chosen in `lib/services.ts`.)
 */
import type { ConnectionPool } from "../http/pool.ts";
import { OllamaProvider } from "./ollama.ts";
import { OpenAIProvider } from "./openai.ts";
import { ProviderError } from "./errors.ts";
import type { ModelQueue } from "./queue.ts";
import type { ChatProvider, ProviderKind, ProviderLimits } from "./types.ts";

export type * from "./types.ts";
export { DEFAULT_LIMITS } from "./types.ts";
export {
  errorDetail,
  isContextOverflow,
  PROVIDER_ERROR_STATUS,
  ProviderError,
  type ProviderErrorCode,
  type ProviderErrorDetails,
} from "./errors.ts";
export { OllamaProvider, type OllamaProviderOptions } from "./ollama.ts";
export { OpenAIProvider, type OpenAIProviderOptions } from "./openai.ts";
export { ModelQueue, type QueueLineView } from "./queue.ts";

/** Options of `createProvider`; the config's `ollama` and `providers.openai` sections fit. */
export interface CreateProviderOptions {
  /** Which upstream (default: `openai` when `openai.baseUrl` is set, else `ollama`). */
  kind?: ProviderKind;
  /** Ollama hosts in order of preference (config `ollama.hosts`). */
  ollamaHosts?: string[];
  /** An OpenAI-compatible server (config `providers.openai`); an empty baseUrl means none. */
  openai?: { baseUrl: string; apiKey?: string };
  /** Overrides of the default deadlines and caps. */
  limits?: Partial<ProviderLimits>;
  /** Told of every failure of the model server, with its detail (for the log). */
  onFailure?: (error: ProviderError) => void;
  /** The model queue Ollama requests wait in (default: one of the provider's own). */
  queue?: ModelQueue;
  /** Connections kept open to the Ollama hosts (default: none kept). */
  connections?: ConnectionPool;
}

/**
 * The provider for this process: the OpenAI-compatible server when one is configured (or
 * `kind: "openai"` is asked for), else Ollama.
 */
export function createProvider(opts: CreateProviderOptions = {}): ChatProvider {
  const baseUrl = opts.openai?.baseUrl?.trim() ?? "";
  const kind = opts.kind ?? (baseUrl ? "openai" : "ollama");
  if (kind === "openai") {
    if (!baseUrl) {
      throw new ProviderError(
        "invalid_input",
        "providers.openai.baseUrl: the openai provider needs the server's URL",
      );
    }
    const { limits, onFailure } = opts;
    return new OpenAIProvider({ baseUrl, apiKey: opts.openai?.apiKey, limits, onFailure });
  }
  return new OllamaProvider({
    hosts: opts.ollamaHosts,
    limits: opts.limits,
    onFailure: opts.onFailure,
    queue: opts.queue,
    connections: opts.connections,
  });
}
