/**
 * The one error type AI providers throw. It is an `HttpError`, so a route or a task can let it
 * propagate and the error handler answers with a fitting status and a stable code.
 */
import { HttpError } from "../http/errors.ts";
import { OllamaError } from "../ollama/errors.ts";
import type { ChatRequest } from "./types.ts";

/** Stable codes a `ProviderError` carries, with the HTTP status each maps to. */
export const PROVIDER_ERROR_STATUS = {
  /** No host answered (connection refused, DNS failure, nothing listening). */
  upstream_unreachable: 503,
  /** No first byte within the deadline, silence mid-stream, or a generation over 30 min. */
  upstream_timeout: 504,
  /** The model does not exist on any reachable host. */
  model_not_found: 404,
  /** The upstream failed, broke the protocol, or cut the stream. */
  upstream_error: 502,
  /** One upstream line was larger than the cap (1 MB by default). */
  upstream_line_too_long: 502,
  /** The upstream refused Hearth's API key: a server configuration problem, not the user's. */
  upstream_auth_failed: 502,
  /** The prompt does not fit the model's context window. */
  context_overflow: 422,
  /** The request was invalid before it was sent (empty model, no messages, bad option). */
  invalid_input: 422,
  /** A preemptible request (a title) gave its slot to a reply; ask again later. */
  preempted: 503,
} as const;

/** One of the codes in `PROVIDER_ERROR_STATUS`. */
export type ProviderErrorCode = keyof typeof PROVIDER_ERROR_STATUS;

/** Where a `ProviderError` came from, for logs and the admin. */
export interface ProviderErrorDetails {
  host?: string;
  upstreamStatus?: number;
  upstreamMessage?: string;
}

/**
 * What a member is told, per code. Members chat; they do not run the model server, and its
 * address (a LAN host and port, an internal name) and what it said are the admin's business.
 * `invalid_input` is about the request and never names an upstream, so it keeps its sentence.
 * The wording is the English of the `errors.<code>` messages (`lib/i18n/messages/chat.ts`).
 */
const MEMBER_MESSAGE: Record<Exclude<ProviderErrorCode, "invalid_input">, string> = {
  upstream_unreachable: "The model server cannot be reached.",
  upstream_timeout: "The model server did not answer in time.",
  model_not_found: "The model server does not have this model.",
  upstream_error: "The model server answered with an error.",
  upstream_line_too_long: "The model server sent more data at once than Hearth accepts.",
  upstream_auth_failed: "The model server refused Hearth's API key.",
  context_overflow: "The conversation is too long for this model's context window.",
  preempted: "A reply needed the model first; this will be asked again.",
};

/**
 * A failure of an AI provider, already mapped to an HTTP status and a stable code. Its `message`
 * is what anyone may see (a member's chat, an API answer): no URL, host or upstream text; its
 * `detail` is the whole story (which server, what it said) for the admin and the log.
 */
export class ProviderError extends HttpError {
  /** The sentence with the server's address and what it said: for the admin and the log. */
  readonly detail: string;

  /**
   * @param code Stable machine-readable code; the HTTP status follows from it.
   * @param detail The whole sentence, naming the server (for the admin and the log).
   * @param message What members see; default: the code's own sentence (`invalid_input`: `detail`).
   *   Never a host or anything the upstream said.
   */
  constructor(
    override readonly code: ProviderErrorCode,
    detail: string,
    readonly details: ProviderErrorDetails = {},
    message?: string,
  ) {
    super(
      PROVIDER_ERROR_STATUS[code],
      code,
      message ?? (code === "invalid_input" ? detail : MEMBER_MESSAGE[code]),
    );
    this.name = "ProviderError";
    this.detail = detail;
  }
}

/**
 * A rethrower that first tells `onFailure` of a `ProviderError` (a caller's cancel is not one).
 * `.catch(report)` and `catch (err) { report(err) }` keep the error as it was.
 */
export function reportFailure(
  onFailure?: (error: ProviderError) => void,
): (err: unknown) => never {
  return (err) => {
    if (err instanceof ProviderError) {
      try {
        onFailure?.(err);
      } catch {
        // A failing log must not replace the failure it was told of.
      }
    }
    throw err;
  };
}

/** The admin's sentence for any error: a `ProviderError`'s detail, else its message. */
export function errorDetail(err: unknown): string {
  if (err instanceof ProviderError) return err.detail;
  return err instanceof Error ? err.message : String(err);
}

// llama.cpp: "the request exceeds the available context size" (type exceed_context_size_error);
// OpenAI: "This model's maximum context length is 8192 tokens" (code context_length_exceeded);
// Ollama: "input length exceeds the context length".
const OVERFLOW =
  /context (size|length|window)[^.]*(exceed|too (long|large|small))|exceeds? (the )?(available |maximum )?context|maximum context length/i;

/** True when an upstream's error text (or code/type) says the prompt did not fit. */
export function isContextOverflow(message: string, code?: unknown, type?: unknown): boolean {
  return code === "context_length_exceeded" || type === "exceed_context_size_error" ||
    OVERFLOW.test(message);
}

const FROM_OLLAMA: Record<OllamaError["code"], ProviderErrorCode> = {
  ollama_unreachable: "upstream_unreachable",
  ollama_not_installed: "upstream_unreachable",
  ollama_timeout: "upstream_timeout",
  model_not_found: "model_not_found",
  invalid_input: "invalid_input",
  ollama_error: "upstream_error",
  upstream_line_too_long: "upstream_line_too_long",
};

/** Maps an error of the Ollama HTTP layer; anything else is returned unchanged. */
export function fromOllamaError(err: unknown): unknown {
  if (!(err instanceof OllamaError)) return err;
  const message = err.details.upstreamMessage ?? err.message;
  const code = err.code === "ollama_error" && isContextOverflow(message)
    ? "context_overflow"
    : FROM_OLLAMA[err.code];
  const mapped = new ProviderError(code, err.message, err.details);
  mapped.cause = err;
  return mapped;
}

/** Codes after which another host may well succeed, when nothing was streamed yet. */
const FAILOVER_CODES = new Set<ProviderErrorCode>([
  "upstream_unreachable",
  "upstream_timeout",
  "upstream_error",
  "upstream_line_too_long",
  "model_not_found",
]);

/** Whether a failure before the first event is worth retrying on the next host. */
export function worthFailover(err: unknown): boolean {
  return err instanceof ProviderError && FAILOVER_CODES.has(err.code);
}

function invalid(message: string): ProviderError {
  return new ProviderError("invalid_input", message);
}

/** Checks what every provider needs and throws an `invalid_input` error naming the field. */
export function validateChatRequest(req: ChatRequest): void {
  if (typeof req.model !== "string" || !req.model.trim()) throw invalid("model: is empty");
  if (!Array.isArray(req.messages) || req.messages.length === 0) {
    throw invalid("messages: at least one message is needed");
  }
  const { numCtx, temperature, maxTokens } = req.options ?? {};
  if (numCtx !== undefined && (!Number.isInteger(numCtx) || numCtx < 1)) {
    throw invalid("options.numCtx: must be a positive whole number of tokens");
  }
  if (temperature !== undefined && !(temperature >= 0 && temperature <= 2)) {
    throw invalid("options.temperature: must be between 0 and 2");
  }
  if (maxTokens !== undefined && (!Number.isInteger(maxTokens) || maxTokens < 1)) {
    throw invalid("options.maxTokens: must be a positive whole number");
  }
  for (const [i, tool] of (req.tools ?? []).entries()) {
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(tool.name ?? "")) {
      throw invalid(`tools.${i}.name: must be 1–64 letters, digits, "_" or "-"`);
    }
  }
}
