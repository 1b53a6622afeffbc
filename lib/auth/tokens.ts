/**
 * Bearer secrets for cookies: 32 random bytes, base64url. Only their SHA-256 hash is stored, so a
 * copy of the database cannot be used to sign in.
 */
import { sha256Hex } from "../hash.ts";

/** A new random token (32 bytes, base64url, 43 characters). */
export function newToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return bytes.toBase64({ alphabet: "base64url", omitPadding: true });
}

/**
 * The SHA-256 of a token, hex: what the database stores and looks up. Synchronous: it runs on
 * every request, and `crypto.subtle.digest` cost ~200 µs of main-thread time per call against a
 * few µs here (1,000 chats started at once spent 0.2 s in it; docs/BENCHMARKS.md).
 */
export function hashToken(token: string): string {
  return sha256Hex(token);
}

/** Whether a cookie value looks like one of our tokens (cheap check before hashing). */
export function isTokenShaped(value: string | undefined): value is string {
  return typeof value === "string" && /^[A-Za-z0-9_-]{43}$/.test(value);
}
