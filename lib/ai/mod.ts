/**
 * AI providers for Hearth: one `ChatProvider` interface over Ollama's native API, an
 * OpenAI-compatible server, or the demo Fake, chosen here and nowhere else.
 */
import type { OllamaService } from "../ollama/types.ts";
import { FakeChatProvider, type FakeProviderOptions } from "./fake.ts";
import { OllamaProvider } from "./ollama.ts";
import { OpenAIProvider } from "./openai.ts";
import { ProviderError } from "./errors.ts";
import type { ChatProvider, ProviderKind, ProviderLimits } from "./types.ts";

export type * from "./types.ts";
export { DEFAULT_LIMITS } from "./types.ts";
export {
  isContextOverflow,
  PROVIDER_ERROR_STATUS,
  ProviderError,
  type ProviderErrorCode,
  type ProviderErrorDetails,
} from "./errors.ts";
export { OllamaProvider, type OllamaProviderOptions } from "./ollama.ts";
export { OpenAIProvider, type OpenAIProviderOptions } from "./openai.ts";
export {
  demoReply,
  FAKE_PROVIDER_HOST,
  FakeChatProvider,
  type FakeProviderOptions,
  type FakeProviderReply,
} from "./fake.ts";

/** Options of `createProvider`; the config's `ollama` and `providers.openai` sections fit. */
export interface CreateProviderOptions {
  /** Which upstream (default: `openai` when `openai.baseUrl` is set, else `ollama`). */
  kind?: Exclude<ProviderKind, "fake">;
  /** Ollama hosts in order of preference (config `ollama.hosts`). */
  ollamaHosts?: string[];
  /** An OpenAI-compatible server (config `providers.openai`); an empty baseUrl means none. */
  openai?: { baseUrl: string; apiKey?: string };
  /** Use the in-memory Fake. */
  fake?: boolean;
  /** Options of the Fake when it is chosen. */
  fakeOptions?: FakeProviderOptions;
  /** In demo mode, take the model list from this (fake) Ollama service. */
  ollamaService?: Pick<OllamaService, "status">;
  /** Overrides of the default deadlines and caps. */
  limits?: Partial<ProviderLimits>;
}

/**
 * The provider for this process: the Fake in demo mode, else the OpenAI-compatible server
 * when one is configured (or `kind: "openai"` is asked for), else Ollama.
 */
export function createProvider(opts: CreateProviderOptions = {}): ChatProvider {
  if (opts.fake) {
    return new FakeChatProvider({ ollama: opts.ollamaService, ...opts.fakeOptions });
  }
  const baseUrl = opts.openai?.baseUrl?.trim() ?? "";
  const kind = opts.kind ?? (baseUrl ? "openai" : "ollama");
  if (kind === "openai") {
    if (!baseUrl) {
      throw new ProviderError(
        "invalid_input",
        "providers.openai.baseUrl: the openai provider needs the server's URL",
      );
    }
    return new OpenAIProvider({ baseUrl, apiKey: opts.openai?.apiKey, limits: opts.limits });
  }
  return new OllamaProvider({ hosts: opts.ollamaHosts, limits: opts.limits });
}
