/**
 * What is logged stays safe to show: secrets in free text are masked (the key-based
 * `redactSecrets` covers structured fields) and control characters are escaped, so one entry is
 * one line on stdout, in the ring buffer and in the admin's live log.
 */
import { REDACTED, redactSecrets } from "../config/redact.ts";

/** Longest string kept in a log entry; the rest is cut with a marker. */
export const MAX_LOG_STRING = 8 * 1024;
/** Deepest nesting of fields kept; deeper values read as "[nested]". */
const MAX_DEPTH = 8;
/** Most keys or array items kept per object. */
const MAX_ITEMS = 100;

// `hth_` API keys, anywhere in the text.
const API_KEY = /\bhth_[A-Za-z0-9_-]{6,}/g;
// `Bearer <token>` / `Basic <token>` (an Authorization value, wherever it is quoted).
const SCHEME = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi;
// `password=…`, `token: …`, `"apiKey":"…"`, `Authorization: …` written into a message.
const PAIR =
  /\b((?:authorization|password|passwd|secret|token|api[_-]?key|apikey|cookie|pin)["']?\s*[:=]\s*["']?)(?!\*{8}|Bearer\b|Basic\b)([^\s"'&,;]+)/gi;
// Query values that carry a credential: `?session=…`, `&key=…`, `?api_key=…`, `?token=…`.
const QUERY =
  /([?&](?:session|key|api_key|apikey|token|access_token|password|secret)=)(?!\*{8})[^&\s#"']+/gi;

/** `text` with credentials masked. */
export function redactText(text: string): string {
  return text
    .replace(SCHEME, (_, scheme: string) => `${scheme} ${REDACTED}`)
    .replace(API_KEY, `hth_${REDACTED}`)
    .replace(QUERY, (_, key: string) => `${key}${REDACTED}`)
    .replace(PAIR, (_, key: string) => `${key}${REDACTED}`);
}

/**
 * `text` on one line: CR, LF and every other control character (and the Unicode line and
 * paragraph separators) become visible escapes (`\r`, `\n`, `\t`, `\u001b`).
 */
export function oneLine(text: string): string {
  // deno-lint-ignore no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => {
    if (c === "\r") return "\\r";
    if (c === "\n") return "\\n";
    if (c === "\t") return "\\t";
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;
  });
}

/** A log message as it is kept: cut to `MAX_LOG_STRING`, redacted, on one line. */
export function safeText(text: string): string {
  const cut = text.length > MAX_LOG_STRING
    ? `${text.slice(0, MAX_LOG_STRING)}… (${text.length - MAX_LOG_STRING} more characters)`
    : text;
  return oneLine(redactText(cut));
}

function clean(value: unknown, depth: number): unknown {
  if (typeof value === "string") return safeText(value);
  if (value === null || typeof value !== "object") {
    return typeof value === "bigint" ? value.toString() : value;
  }
  if (value instanceof Date) return value;
  if (depth >= MAX_DEPTH) return "[nested]";
  if (Array.isArray(value)) return value.slice(0, MAX_ITEMS).map((v) => clean(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value).slice(0, MAX_ITEMS)) {
    out[safeText(k)] = clean(v, depth + 1);
  }
  return out;
}

/** Structured fields as they are kept: secret keys masked, every string made safe, bounded. */
export function safeFields(fields: Record<string, unknown>): Record<string, unknown> {
  // Bounded first (a cyclic or huge object ends at MAX_DEPTH), then the secret keys masked.
  return redactSecrets(clean(fields, 0)) as Record<string, unknown>;
}
