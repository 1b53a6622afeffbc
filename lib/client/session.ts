/**
 * Browser side of sessions, for islands: gets a token from `GET /api/session`, keeps it per tab
 * (sessionStorage), sends it on every API call, and gets a fresh one once when the server says
 * it expired. Imports nothing from the server.
 */

const KEY = "hearth.session";
const HEADER = "X-Hearth-Session";

/** What `GET /api/session` answers. */
export interface SessionReply {
  token: string;
  expiresAt: number;
  idleSeconds: number;
  version: string;
}

function stored(): string | null {
  try {
    return sessionStorage.getItem(KEY);
  } catch {
    return null;
  }
}

function store(token: string): void {
  try {
    sessionStorage.setItem(KEY, token);
  } catch {
    // Private mode without storage: the token lives as long as the page.
  }
  current = token;
}

let current: string | null = null;

/**
 * Asks the server for a session, renewing the tab's token when it is still valid. Throws a
 * `TypeError` when the server cannot be reached (the caller decides about retrying).
 */
export async function refreshSession(signal?: AbortSignal): Promise<SessionReply> {
  const token = current ?? stored();
  const res = await fetch("/api/session", {
    headers: token ? { [HEADER]: token } : {},
    cache: "no-store",
    signal,
  });
  if (!res.ok) throw new Error(`GET /api/session answered ${res.status}`);
  const reply = await res.json() as SessionReply;
  store(reply.token);
  return reply;
}

/** `fetch` for `/api/*`: adds the session header, and renews it once when the server says it expired. */
export async function apiFetch(path: string, init: RequestInit = {}): Promise<Response> {
  if (!(current ?? stored())) await refreshSession(init.signal ?? undefined);
  const send = () => {
    const headers = new Headers(init.headers);
    headers.set(HEADER, current ?? stored() ?? "");
    return fetch(path, { ...init, headers });
  };
  const res = await send();
  if (res.status !== 401) return res;
  // Only an expired or missing session is worth a retry: a wrong PIN or a missing admin login
  // would be sent (and counted by the rate limiter) twice.
  const code = await res.clone().json().then((b) => b?.error?.code).catch(() => undefined);
  if (code !== "session_expired" && code !== "session_required") return res;
  await refreshSession(init.signal ?? undefined);
  return send();
}
