/** The fake Ollama server's options and handle (`startFakeOllama` in `fake_server.ts`). */
import type { FakeModelSpec } from "./fake_catalogue.ts";
import type { FakeReply } from "./fake_chat.ts";
import type { FakeFault } from "./fake_stream.ts";

/** How the fake answers chat and generate. A function sees the parsed request body. */
export type FakeReplyScript =
  | string
  | FakeReply
  | ((body: Record<string, unknown>) => string | FakeReply);

/** Options of `startFakeOllama`. */
export interface FakeOllamaOptions {
  /** Installed models (default: the fake catalogue's installed ones). */
  models?: FakeModelSpec[];
  /** Models `/api/pull` can download (default: the fake catalogue's library). */
  library?: FakeModelSpec[];
  /** Streaming speed of chat/generate; unset means no delay at all. */
  tokensPerSecond?: number;
  /** What chat/generate answer (default: a fixed sentence). */
  reply?: FakeReplyScript;
  /** Progress lines per layer in a pull (default 4). */
  pullSteps?: number;
  /** Delay before each pull/create line (default 0). */
  pullStepMs?: number;
  /** Listen on this port instead of a free one (to "restart" a server at the same URL). */
  port?: number;
  /** What `/api/version` reports (default "0.13.0"). */
  version?: string;
  /**
   * Requests of one model that run at once (`OLLAMA_NUM_PARALLEL`, default 1); the others wait
   * in arrival order, without a byte or a header.
   */
  numParallel?: number;
  /** How long loading a model takes, at its first use and at every reload (default 0). */
  loadMs?: number;
  /** How fast the prompt is read before the first token; unset means at once. */
  promptTokensPerSecond?: number;
  /**
   * How fast `/api/embed` reads its inputs (words per second), holding the model's turn, as an
   * embedding model on a CPU does; unset means at once.
   */
  embedTokensPerSecond?: number;
  /** `num_ctx` when neither the request nor the model sets one (Ollama's default, 4096). */
  defaultNumCtx?: number;
  /**
   * Answer Hearth's own requests as a model would, whatever `reply` says, so a script sees only
   * the chats it was written for: a conversation title (the question's first words), a follow-up
   * rewritten as a standalone query, and a reply from the sources in the system message (its
   * first passage, cited `[1]`); see `hearthReply` in `fake_demo.ts`.
   */
  titles?: boolean;
  /** Start as an Ollama that is not running (default true: it answers at once). */
  listening?: boolean;
}

/** One request the fake received. */
export interface RecordedRequest {
  method: string;
  path: string;
  /** The parsed JSON body, or null. */
  body: Record<string, unknown> | null;
}

/** A running fake Ollama server. */
export interface FakeOllama {
  /** Base URL, `http://127.0.0.1:<port>`. */
  readonly url: string;
  readonly port: number;
  /** Every request, in arrival order. */
  readonly requests: RecordedRequest[];
  /** How many clients went away before their response was complete. */
  readonly disconnects: number;
  /** Which requests those were. */
  readonly disconnectLog: { path: string; model?: string }[];
  /** Sets (or with null clears) a fault for one model name, or for every request with "*". */
  setFault(model: string, fault: FakeFault | null): void;
  /** Resolves once at least `count` disconnects (default 1) have happened. */
  waitForDisconnects(count?: number): Promise<void>;
  /** Names of installed models. */
  installed(): string[];
  /** Names of models loaded in memory. */
  loaded(): string[];
  /** Requests of `model` (or of every model) waiting for their turn. */
  waiting(model?: string): number;
  /** Requests of `model` (or of every model) holding a turn: loading, reading or answering. */
  running(model?: string): number;
  /** Loads of `model` (or of every model) so far, reloads included. */
  loads(model?: string): number;
  /** Every load in order, with the context size it was loaded with. */
  readonly loadLog: readonly { model: string; numCtx: number }[];
  /** Replaces what chat and generate answer. */
  setReply(reply: FakeReplyScript | undefined): void;
  /** Holds every stream before its next line until `release()`, as a stalled Ollama would. */
  hold(): void;
  /** Lets held streams go on at their pace. */
  release(): void;
  /** Whether it answers at its URL (Ollama is running). */
  readonly listening: boolean;
  /** Starts answering at its URL, models as they were (`ollama serve`). */
  start(): Promise<void>;
  /** Ends what is in flight and stops answering: connections close at once; models stay. */
  stop(): Promise<void>;
  /** Ends streams in flight, releases hung requests, stops the server. */
  close(): Promise<void>;
  /** `close()`, for `await using`. */
  [Symbol.asyncDispose](): Promise<void>;
}
