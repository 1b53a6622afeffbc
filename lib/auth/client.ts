/**
 * Browser side of the auth islands (picker, PIN pad, admin login, profile and device lists):
 * one JSON call helper that turns every answer into a result the UI can show. Imports nothing
 * from the server.
 */
import { type Signal, useSignal } from "@preact/signals";
import { useEffect, useRef } from "preact/hooks";
import { refreshSession } from "../client/session.ts";

/** What an auth API call ended with. */
export type ApiResult<T> =
  | { ok: true; data: T }
  | {
    ok: false;
    status: number;
    code: string;
    /** Already in the page's language (the server localizes errors). */
    message: string;
    field?: string;
    /** Seconds from `Retry-After` on a 429. */
    retryAfter?: number;
  };

let token: string | null = null;

/**
 * `fetch` with the session header. Unlike a blanket retry on 401, only an expired or missing
 * session is renewed and the request repeated: a wrong PIN or password must reach the server
 * exactly once, or the rate limiter would count every guess twice.
 */
async function sessionFetch(path: string, init: RequestInit): Promise<Response> {
  token ??= (await refreshSession()).token;
  const send = () => {
    const headers = new Headers(init.headers);
    headers.set("X-Hearth-Session", token ?? "");
    return fetch(path, { ...init, headers });
  };
  const res = await send();
  if (res.status !== 401) return res;
  const code = await res.clone().json().then((b) => b?.error?.code, () => null);
  if (code !== "session_expired" && code !== "session_required") return res;
  token = (await refreshSession()).token;
  return await send();
}

/**
 * Sends a JSON request to `/api/...` with the session header. A network failure becomes
 * `{ ok: false, status: 0, code: "network", message: networkMessage }`.
 */
export async function callApi<T>(
  path: string,
  method: string,
  body: unknown,
  networkMessage: string,
): Promise<ApiResult<T>> {
  let res: Response;
  try {
    res = await sessionFetch(path, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    return { ok: false, status: 0, code: "network", message: networkMessage };
  }
  const json = await res.json().catch(() => null);
  if (res.ok) return { ok: true, data: json as T };
  const error = json?.error ?? {};
  const retry = Number(res.headers.get("retry-after"));
  return {
    ok: false,
    status: res.status,
    code: String(error.code ?? "unknown"),
    message: String(error.message ?? networkMessage),
    field: error.field,
    retryAfter: Number.isFinite(retry) && retry > 0 ? retry : undefined,
  };
}

/** Avatars offered when adding or editing a profile. */
export const AVATARS = [
  "🦊",
  "🐻",
  "🐼",
  "🐨",
  "🐯",
  "🦁",
  "🐸",
  "🐵",
  "🦉",
  "🐙",
  "🐢",
  "🦄",
  "🌻",
  "🌙",
  "⭐",
  "🚀",
  "🎸",
  "⚽",
] as const;

/**
 * A lockout countdown for a 429: `start(retryAfter)` counts `seconds` down to 0 once a second,
 * so the UI can disable the form and say how long to wait.
 */
export function useLockout(): { seconds: Signal<number>; start(seconds: number): void } {
  const seconds = useSignal(0);
  const timer = useRef<ReturnType<typeof setInterval> | undefined>(undefined);
  useEffect(() => () => clearInterval(timer.current), []);
  const start = (s: number) => {
    clearInterval(timer.current);
    seconds.value = s;
    timer.current = setInterval(() => {
      seconds.value = Math.max(0, seconds.value - 1);
      if (seconds.value === 0) clearInterval(timer.current);
    }, 1000);
  };
  return { seconds, start };
}
