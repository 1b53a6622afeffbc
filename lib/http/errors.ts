/**
 * The one error type that crosses from `lib/` into HTTP. Throw it anywhere; the app's error
 * handler turns it into `{"error":{"code","message"}}` with `status`.
 */
export class HttpError extends Error {
  /**
   * @param status HTTP status to answer with (4xx for the caller's mistakes, 5xx for ours).
   * @param code Stable machine-readable code, snake_case (`not_found`, `invalid_input`).
   * @param message Human-readable sentence, safe to show to users.
   * @param headers Extra response headers (`Allow`, `Retry-After`).
   * @param params Values for the `{placeholders}` of the translated `errors.<code>` message.
   */
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
    readonly params: Record<string, string | number> = {},
  ) {
    super(message);
    this.name = "HttpError";
  }
}

/** The JSON body of every error response. */
export interface ErrorBody {
  error: {
    code: string;
    message: string;
    field?: string;
    requestId?: string;
    /** The running task a 409 is about (`TaskRunningError`): follow it or cancel it. */
    task?: string;
  };
}

/** Builds the standard error body. */
export function errorBody(
  code: string,
  message: string,
  extra: { field?: string; requestId?: string; task?: string } = {},
): ErrorBody {
  return { error: { code, message, ...extra } };
}

/** Builds a JSON error response (for places that answer before the Hono app, like the server shell). */
export function errorResponse(
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): Response {
  return new Response(JSON.stringify(errorBody(code, message)), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", ...headers },
  });
}

/** A 422 for input that does not validate; `field` is the dotted path of the offending value. */
export class ValidationError extends HttpError {
  /**
   * @param issue The zod issue behind it, so the message can be said again in the user's
   *   language.
   */
  constructor(
    readonly field: string,
    message: string,
    code = "invalid_input",
    readonly issue?: unknown,
  ) {
    super(422, code, message, {}, { field });
    this.name = "ValidationError";
  }
}

/**
 * A 409 because a task that must run alone is running: the body names it (`task`), so the
 * client can follow it or cancel it instead of meeting a dead end.
 */
export class TaskRunningError extends HttpError {
  constructor(
    readonly task: string,
    code: string,
    message: string,
    params: Record<string, string | number> = {},
  ) {
    super(409, code, message, {}, params);
    this.name = "TaskRunningError";
  }
}
