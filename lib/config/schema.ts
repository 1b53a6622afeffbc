/**
 * The config file's schema. Every field has a default, so a missing or partial file yields a
 * complete config; unknown keys are refused so a typo is an error, not a silent no-op.
 */
import { z } from "zod";
import { OllamaHostError, parseOllamaHost } from "../ollama/host.ts";

const hostName = z.string().trim().min(1).max(253).regex(
  /^[A-Za-z0-9.:[\]-]+$/,
  "must be a host name or address, without scheme or port",
);

/**
 * An Ollama server as Ollama reads `OLLAMA_HOST` (`box.lan` is `http://box.lan:11434`), stored
 * as the full URL Hearth talks to.
 */
export const ollamaHost = z.string().trim().min(1, "must name an Ollama server").transform(
  (raw, ctx) => {
    try {
      return parseOllamaHost(raw);
    } catch (err) {
      if (!(err instanceof OllamaHostError)) throw err;
      ctx.addIssue({ code: "custom", message: err.message });
      return z.NEVER;
    }
  },
);

/** The whole config. */
export const configSchema = z.strictObject({
  /** Schema version of the file, for future upgrades. */
  version: z.literal(1).default(1),
  /** UI and message language. */
  locale: z.enum(["en", "de"]).default("en"),
  server: z.strictObject({
    host: z.string().trim().min(1).default("0.0.0.0"),
    port: z.number().int().min(0).max(65535).default(8420),
    /** Extra names this box answers to (besides loopback and its own addresses). */
    allowedHosts: z.array(hostName).max(50).default([]),
    /**
     * Requests served at once for one client address (503 past it). Raise it when Hearth sits
     * behind a reverse proxy, where every device has the proxy's address.
     */
    connectionsPerClient: z.number().int().min(8).max(4096).default(128),
    /**
     * Serve HTTPS with a certificate from Hearth's own CA (`lib/tls/`), plain HTTP redirected.
     * Phones need it for the microphone and the service worker.
     */
    https: z.boolean().default(false),
  }).prefault({}),
  ollama: z.strictObject({
    /** Ollama servers, tried in order (`OLLAMA_HOST` replaces the default: `lib/config/env.ts`). */
    hosts: z.array(ollamaHost).min(1).max(10).default([
      "http://127.0.0.1:11434",
    ]),
    /**
     * Requests one host serves at once per model: match Ollama's `OLLAMA_NUM_PARALLEL` (default
     * 1). Hearth queues the rest, replies first, titles next, background work last.
     */
    parallel: z.number().int().min(1).max(64).default(1),
    /**
     * How long a reply may wait for its first token once Ollama has the request: its own queue,
     * loading the model and reading the prompt. Waiting in Hearth's queue does not count.
     */
    firstTokenTimeoutSeconds: z.number().int().min(10).max(3600).default(600),
  }).prefault({}),
  models: z.strictObject({
    /** The household's default chat model, chosen in the setup wizard; empty until then. */
    chat: z.string().trim().max(200).default(""),
    /**
     * The model that embeds document chunks and questions (lib/rag/); empty: the first installed
     * model with the `embedding` capability. Changing it re-embeds the library.
     */
    embedding: z.string().trim().max(200).default(""),
    /**
     * The context window (`num_ctx`) to ask for, per model, where the admin knows better than
     * the catalogue. A model with its own `num_ctx` (a custom model) keeps it regardless.
     */
    contextSizes: z.record(
      z.string().trim().min(1).max(200),
      z.number().int().min(512).max(1_048_576),
    ).default({}),
  }).prefault({}),
  providers: z.strictObject({
    openai: z.strictObject({
      /** An OpenAI-compatible server (llama.cpp, vLLM, a cloud API). Empty = not used. */
      baseUrl: z.union([z.url({ protocol: /^https?$/ }), z.literal("")]).default(""),
      apiKey: z.string().max(4096).default(""),
    }).prefault({}),
  }).prefault({}),
  /**
   * An OpenAI-compatible speech server on the LAN (faster-whisper-server, Speaches, LocalAI, a
   * cloud API) for `POST /api/stt` and `/api/tts`. Empty URL = voice is off.
   */
  speech: z.strictObject({
    baseUrl: z.union([z.url({ protocol: /^https?$/ }), z.literal("")]).default(""),
    apiKey: z.string().max(4096).default(""),
    /** The transcription model (`/v1/audio/transcriptions`). */
    sttModel: z.string().trim().min(1).max(200).default("whisper-1"),
    /** The speech model (`/v1/audio/speech`) and its default voice. */
    ttsModel: z.string().trim().min(1).max(200).default("tts-1"),
    ttsVoice: z.string().trim().min(1).max(100).default("alloy"),
  }).prefault({}),
});

/** A complete, validated config. */
export type Config = z.infer<typeof configSchema>;

/** The defaults, as a fresh object. */
export function defaultConfig(): Config {
  return configSchema.parse({});
}
