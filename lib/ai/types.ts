/**
 * The one interface Hearth's chat, agent and document code talk to, whatever model server sits
 * behind it: Ollama's native API or an OpenAI-compatible server (llama.cpp, vLLM, a cloud API).
 * Demos and tests run them against fake servers speaking those APIs. Requests and events are provider-neutral; each provider
 * maps them to and from its wire format.
 */

/** Which implementation a provider is. */
export type ProviderKind = "ollama" | "openai";

/** A tool call the model made, as it is stored in an assistant message and sent back later. */
export interface ToolCall {
  /** Id that the tool's answer refers to (generated when the upstream has none). */
  id: string;
  name: string;
  arguments: Record<string, unknown>;
}

/** One message of a conversation, in the order the model should read them. */
export type ChatMessage =
  | { role: "system"; content: string }
  /** `images`: base64 (no `data:` prefix) JPEG/PNG/WebP, for models with the vision capability. */
  | { role: "user"; content: string; images?: string[] }
  | { role: "assistant"; content: string; toolCalls?: ToolCall[] }
  /** A tool's answer; Ollama matches it by `name`, OpenAI-compatible servers by `toolCallId`. */
  | { role: "tool"; content: string; toolCallId: string; name: string };

/** A tool the model may call. */
export interface ToolSpec {
  /** `[A-Za-z0-9_-]{1,64}`, as OpenAI requires. */
  name: string;
  description: string;
  /** JSON Schema of the arguments object. */
  parameters: Record<string, unknown>;
}

/** Sampling and size options of one generation. */
export interface ChatOptions {
  /**
   * Context window in tokens, sent (as `num_ctx`) only when Hearth knows better than the model's
   * own setting: an admin's choice or the catalogue's, never over a `num_ctx` baked into a custom
   * model. Every request to one model must send the same value (or none): a change reloads the
   * model in Ollama. OpenAI-compatible servers fix their context when they start, so it is never
   * sent there.
   */
  numCtx?: number;
  /** 0–2. */
  temperature?: number;
  /** Upper bound on generated tokens (`num_predict` / `max_tokens`). */
  maxTokens?: number;
  /** Makes sampling repeatable where the server supports it. */
  seed?: number;
}

/** One generation request. */
export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  tools?: ToolSpec[];
  /**
   * A JSON Schema the answer must follow (Ollama's `format`, OpenAI's `response_format` of type
   * `json_schema`): the reply's text is then one JSON value. For small models that answer in text
   * when they should call a tool (lib/assistant/).
   */
  format?: Record<string, unknown>;
  options: ChatOptions;
  /**
   * Whether a thinking model reasons before answering: true or false is sent as Ollama's
   * `think`; undefined sends nothing (the model's default; Ollama ≥ 0.12.6 thinks by default).
   * Send it only to models with the `thinking` capability: Ollama refuses `think: true` otherwise.
   */
  think?: boolean;
}

/**
 * A piece of the reply text. Tokens that arrived together (one read of the upstream: a fast
 * model, or a burst after a network hiccup) come as one event with their `count`, so the relay
 * does its per-event work once per burst and never waits for more.
 */
export interface TokenEvent {
  type: "token";
  text: string;
  /** How many upstream tokens `text` holds; absent means one. */
  count?: number;
}

/** A piece of the model's reasoning (`message.thinking`, `reasoning_content`): never history. */
export interface ThinkingEvent {
  type: "thinking";
  text: string;
  /** How many upstream chunks `text` holds; absent means one. */
  count?: number;
}

/**
 * What a generation is waiting for before its first token, as far as Hearth can tell: its place
 * in Hearth's model queue (`position` requests ahead of it), the model being loaded into memory,
 * or the model reading the prompt. Emitted when the state changes; never after the first token.
 */
export interface WaitEvent {
  type: "wait";
  state: "queued" | "loading" | "reading";
  /** For `queued`: how many requests are ahead of this one. */
  position?: number;
}

/** A complete tool call (OpenAI-style deltas are assembled before this is emitted). */
export interface ToolCallEvent {
  type: "tool_call";
  id: string;
  name: string;
  /** The parsed arguments; `{}` when the model wrote something that is not a JSON object. */
  arguments: Record<string, unknown>;
  /** Only when parsing failed: what the model wrote, so the agent can tell it what went wrong. */
  rawArguments?: string;
}

/** The last event of every successful generation. */
export interface DoneEvent {
  type: "done";
  promptTokens: number;
  completionTokens: number;
  /** Wall time of the whole generation as the upstream (or, failing that, Hearth) measured it. */
  totalMs: number;
  /** Time spent loading the model (Ollama only). */
  loadMs?: number;
  /** Time spent reading the prompt. */
  promptMs?: number;
  /** Time spent generating the reply. */
  generationMs?: number;
  tokensPerSecond?: number;
  /** `stop`, `length` (hit `maxTokens` or the context), `tool_calls`, or the upstream's own word. */
  doneReason: string;
  /** True when the upstream reported no usage and the counts are Hearth's own estimate. */
  usageEstimated?: boolean;
  /** Which host answered (after routing and failover). */
  host?: string;
}

/** What `chat()` streams. Failures are thrown as `ProviderError`s, not sent as events. */
export type ChatEvent = TokenEvent | ThinkingEvent | WaitEvent | ToolCallEvent | DoneEvent;

/** Options of one call. */
export interface CallOptions {
  /** Aborting it aborts the HTTP request to the upstream (not just the reading of it). */
  signal?: AbortSignal;
  /**
   * Place in the model queue: a person waiting for a reply (`interactive`, the default for chat),
   * titles and summaries (`title`), or work nobody watches (`background`, the default for embed).
   */
  priority?: Priority;
  /** Whose request it is (a profile id): the queue takes turns between owners. */
  owner?: string;
  /** What it is for (`chat`, `title`, `embed`…), as the admin's view of the queue shows it. */
  label?: string;
  /**
   * A reply that would wait for this request stops it instead (a `preempted` ProviderError):
   * for work that is cheap to ask again and that nobody waits for, such as a title.
   */
  preemptible?: boolean;
}

/** Model-queue priorities, most urgent first. */
export type Priority = "interactive" | "title" | "background";

/** The answer of `embed()`. */
export interface EmbedResult {
  /** One vector per input, in input order. */
  embeddings: number[][];
  promptTokens?: number;
  host?: string;
}

/** One model a provider can use. */
export interface ModelInfo {
  /** The name to put in `ChatRequest.model`. */
  name: string;
  /** Hosts that have it (Ollama: every configured host that lists it). */
  hosts: string[];
  /** Held in memory on some host right now (Ollama only). */
  loaded?: boolean;
  /** Bytes on disk (Ollama only). */
  size?: number;
  family?: string;
  /** What the model can do, as Ollama's `/api/show` says (`completion`, `tools`, `thinking`, `vision`, `embedding`), when known. */
  capabilities?: string[];
}

/** What a provider knows about one model beyond its name (Ollama: `/api/show` and `/api/ps`). */
export interface ModelDescription {
  name: string;
  /** `completion`, `tools`, `thinking`, `vision`, `embedding`…; empty when the server does not say. */
  capabilities: string[];
  /** The longest context the model was trained for. */
  contextLength?: number;
  /** A `num_ctx` baked into the model (a custom model's Modelfile): Hearth never overrides it. */
  numCtx?: number;
}

/** How one upstream host answered a health probe. */
export interface HostHealth {
  url: string;
  ok: boolean;
  latencyMs?: number;
  version?: string;
  /** Why it is not ok. */
  error?: string;
}

/** The answer of `health()`. */
export interface ProviderHealth {
  kind: ProviderKind;
  /** At least one host answers. */
  ok: boolean;
  hosts: HostHealth[];
}

/** A source of model replies, embeddings and model lists. */
export interface ChatProvider {
  readonly kind: ProviderKind;
  /**
   * Streams one generation: tokens and tool calls, then exactly one `done`. Throws a
   * `ProviderError` on failure, or the signal's reason when cancelled. Stopping the iteration
   * early aborts the upstream request too.
   */
  chat(request: ChatRequest, opts?: CallOptions): AsyncIterable<ChatEvent>;
  /** Embeds `inputs` with `model`. */
  embed(model: string, inputs: string[], opts?: CallOptions): Promise<EmbedResult>;
  /** Models the provider can use right now. Throws when no host answers. */
  models(): Promise<ModelInfo[]>;
  /**
   * What `model` can do and how large its context is, cached for a minute. Throws a
   * `ProviderError` (`model_not_found`, `upstream_unreachable`…) when it cannot be asked.
   */
  describe(model: string, opts?: CallOptions): Promise<ModelDescription>;
  /** Probes every host. Never throws. */
  health(): Promise<ProviderHealth>;
}

/** Deadlines and caps of upstream calls. */
export interface ProviderLimits {
  /**
   * To connect and send a request (default 10 s); for short JSON calls (model lists, versions),
   * the whole answer.
   */
  connectTimeoutMs: number;
  /**
   * To the first token once the request is with the model server (default 10 min): Ollama sends
   * nothing until then, while the request waits in its own queue, the model loads (minutes for
   * a large model from a slow disk) and the prompt is read (tens of seconds for a long history
   * on a CPU). Waiting in Hearth's model queue does not count: a household member's reply
   * running must never make another one fail. Config `ollama.firstTokenTimeoutSeconds`.
   */
  firstTokenTimeoutMs: number;
  /** Longest silence between two chunks once a stream started (default 5 min). */
  idleTimeoutMs: number;
  /** One whole generation (default 30 min, SPEC §13). */
  generationTimeoutMs: number;
  /** One upstream NDJSON or SSE line (default 1 MB, SPEC §13). */
  maxLineBytes: number;
}

/** The limits SPEC §13 asks for. */
export const DEFAULT_LIMITS: Readonly<ProviderLimits> = {
  connectTimeoutMs: 10_000,
  firstTokenTimeoutMs: 10 * 60_000,
  idleTimeoutMs: 300_000,
  generationTimeoutMs: 30 * 60_000,
  maxLineBytes: 1024 * 1024,
};
