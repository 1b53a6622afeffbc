/** The shapes of gems and their runs as the API sends them (browser-safe). */

/** The kinds of form field a placeholder can be. */
export type GemFieldType = "text" | "longtext" | "select" | "number" | "date" | "image";

/** One field of a gem's form (one `{{name}}` placeholder of its instructions). */
export interface GemField {
  name: string;
  type: GemFieldType;
  label: string;
  required: boolean;
  default?: string | number;
  /** A select's choices. */
  options?: string[];
  /** A number's bounds. */
  min?: number;
  max?: number;
}

/**
 * Sampling options of a gem's runs. `numCtx` is used only when the gem is baked into a custom
 * model: a run takes the model's one context size (lib/chat/model_context.ts), so a gem never
 * makes Ollama reload a model that chats use.
 */
export interface GemParameters {
  temperature?: number;
  maxTokens?: number;
  seed?: number;
  numCtx?: number;
}

/** A gem as the API sends it. */
export interface Gem {
  id: string;
  name: string;
  icon: string;
  description: string;
  instructions: string;
  fields: GemField[];
  /** "" = the household's default chat model. */
  model: string;
  parameters: GemParameters;
  /** A JSON Schema the answer must follow; null for a text answer. */
  outputSchema: Record<string, unknown> | null;
  /** Names from the assistant's tool registry the gem may use. */
  tools: string[];
  /** Document and folder ids the gem may read. */
  documents: string[];
  /** A starter gem's key (`summarize`…) while the admin has not changed it; else null. */
  starter: string | null;
  createdAt: string;
  updatedAt: string;
}

/** How a run ended (or that it still runs). */
export type GemRunStatus =
  | "running"
  | "complete"
  | "error"
  | "cancelled"
  | "truncated"
  | "interrupted";

/** A run of a gem by a profile. */
export interface GemRun {
  id: string;
  gemId: string;
  values: Record<string, string | number>;
  /** The instructions with the values in: the prompt the model read. */
  prompt: string;
  output: string;
  status: GemRunStatus;
  error: { code: string; message: string } | null;
  model: string;
  taskId: string | null;
  createdAt: string;
}
