/**
 * What an API key may reach: the one place that decides it, run by the root middleware on every
 * request after `identify`. A key is for scripts and other apps, so:
 *
 * - scope `chat`: the OpenAI-compatible `/v1/*`, and the chat's own routes (start a reply, list
 *   the models, follow or cancel one's own reply task);
 * - scope `read`: also `GET`/`HEAD` of the profile's data under `/api/*`;
 * - never: the admin's routes (a key never grants the admin), key management, pages, setup, or
 *   any other write: 403 `key_scope`.
 *
 * Within what a scope allows, the route decides as for a device cookie of the same profile (its
 * own data only; another profile's by id is a 404).
 */
import { HttpError } from "../http/errors.ts";
import { under } from "../http/paths.ts";
import type { Identity } from "./identity.ts";
import type { KeyScope } from "./api_keys.ts";

/** Routes a `chat` key may use, beyond `/v1/*`: method and path. */
const CHAT_ROUTES: readonly [readonly string[], RegExp][] = [
  [["POST"], /^\/api\/chat\/stream$/],
  [["GET", "HEAD"], /^\/api\/chat\/models$/],
  [["GET", "HEAD"], /^\/api\/tasks\/[A-Za-z0-9_-]+(\/stream)?$/],
  [["POST"], /^\/api\/tasks\/[A-Za-z0-9_-]+\/cancel$/],
];

/** Paths no key reaches, whatever its scope (compared decoded and in lower case). */
const NEVER = ["/api/admin", "/admin", "/api/keys", "/api/setup", "/setup", "/api/session"];

function decoded(path: string): string {
  try {
    return decodeURIComponent(path).toLowerCase();
  } catch {
    return path.toLowerCase();
  }
}

/** Whether a key of `scope` may send `method` to `path`. */
export function keyAllows(scope: KeyScope, method: string, path: string): boolean {
  const plain = decoded(path);
  if (NEVER.some((p) => under(plain, p)) || plain.includes("/admin/")) return false;
  // A URL's path arrives normalized; one that still has dot segments is not guessed at.
  if (/(^|\/)\.\.?(\/|$)/.test(plain)) return false;
  if (under(path, "/v1")) return true;
  if (CHAT_ROUTES.some(([methods, re]) => methods.includes(method) && re.test(path))) return true;
  return scope === "read" && (method === "GET" || method === "HEAD") && under(path, "/api");
}

function scopeError(scope: KeyScope): HttpError {
  return new HttpError(
    403,
    "key_scope",
    scope === "chat"
      ? "This API key may only chat (/v1 and the chat). Make a key with another scope, or use the app."
      : "This API key may only chat and read this profile's data. Use the app for anything else.",
    {},
    { scope },
  );
}

/**
 * Refuses what the request's API key (or a key in the wrong place) may not do: 401
 * `api_key_in_wrong_place`, 401 `invalid_api_key`, 403 `key_scope`. Passes every request without
 * a key.
 */
export function checkKey(who: Identity, method: string, path: string): void {
  if (who.misplacedKey) {
    throw new HttpError(
      401,
      "api_key_in_wrong_place",
      "Send the API key as the header “Authorization: Bearer hth_…”, never in another header, " +
        "the address or a cookie.",
    );
  }
  if (who.invalid.includes("api_key")) {
    throw new HttpError(
      401,
      "invalid_api_key",
      "This API key is not valid: it is unknown or was revoked. Make a new one in your profile's settings.",
      { "WWW-Authenticate": 'Bearer realm="hearth", error="invalid_token"' },
    );
  }
  if (who.apiKey && !keyAllows(who.apiKey.scope, method, path)) {
    throw scopeError(who.apiKey.scope);
  }
}

/** 401 `api_key_required`: `/v1/*` answers only requests with an API key. */
export function keyRequired(): HttpError {
  return new HttpError(
    401,
    "api_key_required",
    "Send an API key as the header “Authorization: Bearer hth_…”. Make one in your profile's settings.",
    { "WWW-Authenticate": 'Bearer realm="hearth"' },
  );
}
