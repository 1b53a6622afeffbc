/**
 * The one error type the Ollama layer throws. It is an `HttpError`, so a route can let it
 * propagate and the app's error handler answers with a fitting status and code.
 */
import { HttpError } from "../http/errors.ts";

/** Stable codes an `OllamaError` carries, with the HTTP status each maps to. */
export const OLLAMA_ERROR_STATUS = {
  /** No configured host answered (connection refused, DNS failure, nothing listening). */
  ollama_unreachable: 503,
  /** The `ollama` program is not installed on this machine. */
  ollama_not_installed: 503,
  /** The model does not exist on the host (or in the Ollama library, for a pull). */
  model_not_found: 404,
  /** The request was invalid before it reached Ollama (bad model name, bad parameter). */
  invalid_input: 422,
  /** Ollama answered with an error, or broke the protocol (bad JSON, stream cut short). */
  ollama_error: 502,
  /** Ollama did not send its first byte (or went silent mid-stream) within the timeout. */
  ollama_timeout: 504,
  /** One NDJSON line from Ollama was larger than the cap (1 MB by default). */
  upstream_line_too_long: 502,
} as const;

/** One of the codes in `OLLAMA_ERROR_STATUS`. */
export type OllamaErrorCode = keyof typeof OLLAMA_ERROR_STATUS;

/** A failure talking to Ollama, already mapped to an HTTP status and a stable code. */
export class OllamaError extends HttpError {
  /**
   * @param code Stable machine-readable code; the HTTP status follows from it.
   * @param message Sentence safe to show to users.
   * @param details Which host was involved and what Ollama itself said, for logs and the UI.
   */
  constructor(
    override readonly code: OllamaErrorCode,
    message: string,
    readonly details: { host?: string; upstreamStatus?: number; upstreamMessage?: string } = {},
  ) {
    super(OLLAMA_ERROR_STATUS[code], code, message);
    this.name = "OllamaError";
  }
}

/**
 * Turns an error text from Ollama (an HTTP error body or an `{"error"}` line after a 200)
 * into an `OllamaError`. Ollama says "not found" for a missing local model and
 * "file does not exist" when the library has no such manifest; both mean `model_not_found`.
 */
export function upstreamError(
  host: string,
  message: string,
  upstreamStatus?: number,
): OllamaError {
  const details = { host, upstreamStatus, upstreamMessage: message };
  if (upstreamStatus === 404 || /not found|file does not exist/i.test(message)) {
    return new OllamaError("model_not_found", `Ollama at ${host}: ${message}`, details);
  }
  const status = upstreamStatus ? ` (HTTP ${upstreamStatus})` : "";
  return new OllamaError("ollama_error", `Ollama at ${host} failed${status}: ${message}`, details);
}
