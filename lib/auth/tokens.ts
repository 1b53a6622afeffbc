/**
 * Bearer secrets for cookies: 32 random bytes, base64url. Only their SHA-256 hash is stored, so a
 * copy of the database cannot be used to sign in.
 */

/** A new random token (32 bytes, base64url, 43 characters). */
export function newToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_")
    .replace(/=+$/, "");
}

/** The SHA-256 of a token, hex: what the database stores and looks up. */
export async function hashToken(token: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(token));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Whether a cookie value looks like one of our tokens (cheap check before hashing). */
export function isTokenShaped(value: string | undefined): value is string {
  return typeof value === "string" && /^[A-Za-z0-9_-]{43}$/.test(value);
}
