/**
 * JSON calls to Hearth's API from islands: `apiJson` sends and parses (through `apiFetch`, which
 * adds the session), every refusal (`{"error":{"code","message"}}`, already in the page's
 * language) becomes an `ApiError`, and `errorText` says any failure. Imports nothing from the
 * server.
 */
import { apiFetch } from "./session.ts";

/**
 * An API refusal, a task's `error` event, or a lost stream (`code` says which); `field` names
 * the input a validation error is about, `retryAfter` the seconds a 429 asks to wait.
 */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 0,
    readonly field?: string,
    readonly retryAfter?: number,
    /** The running task a 409 is about, when the server named it. */
    readonly task?: string,
  ) {
    super(message);
  }
}

/** Turns a non-2xx answer into an ApiError. */
export async function apiError(res: Response): Promise<ApiError> {
  const wait = Number(res.headers.get("retry-after"));
  const retryAfter = Number.isFinite(wait) && wait > 0 ? wait : undefined;
  try {
    const { code, message, field, task } = (await res.json())?.error ?? {};
    if (typeof code === "string") {
      const running = typeof task === "string" ? task : undefined;
      return new ApiError(code, String(message ?? code), res.status, field, retryAfter, running);
    }
  } catch {
    // Not JSON: a proxy or a dead box answered.
  }
  return new ApiError(
    `http_${res.status}`,
    `HTTP ${res.status}`,
    res.status,
    undefined,
    retryAfter,
  );
}

/**
 * What to tell the user about `err`: an API refusal as the server said it (in the page's
 * language); anything else (no connection, a proxy's page without Hearth's error) as `fallback`.
 */
export function errorText(err: unknown, fallback: string): string {
  const own = err instanceof ApiError && !err.code.startsWith("http_") && err.message;
  return own || fallback;
}

/** Sends `body` as JSON (if given) and returns the parsed answer; throws an ApiError. */
export async function apiJson<T>(path: string, method = "GET", body?: unknown): Promise<T> {
  const res = await apiFetch(path, jsonInit(method, body));
  if (!res.ok) throw await apiError(res);
  return res.status === 204 ? undefined as T : await res.json() as T;
}

/** A request init with a JSON body (or none). */
export function jsonInit(method: string, body?: unknown, signal?: AbortSignal): RequestInit {
  return body === undefined ? { method, signal } : {
    method,
    signal,
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  };
}
