/**
 * SHA-256 and HMAC-SHA256 of small inputs, synchronously, without `node:crypto`: a token on every
 * request, a setup code, an ICS uid or ETag, a preview link's signature. `crypto.subtle` is
 * asynchronous and costs ~200 µs of main-thread time per call; `node:crypto` would load Deno's
 * Node compatibility layer at start (any `node:*` module but `node:sqlite` does: ~3–4 MiB of
 * Hearth's idle memory, 4–10 MiB of a bare `Deno.serve`'s; docs/BENCHMARKS.md). Large data
 * (uploads, backups, workspace files) still streams through `node:crypto`, imported where used.
 */
import { hmac } from "@noble/hashes/hmac.js";
import { sha256 as nobleSha256 } from "@noble/hashes/sha2.js";
import type { Hash } from "node:crypto";
import { lazy } from "./async.ts";

const encoder = new TextEncoder();
const bytesOf = (data: string | Uint8Array) =>
  typeof data === "string" ? encoder.encode(data) : data;

/** The SHA-256 digest of `data` (a string is hashed as UTF-8). */
export function sha256(data: string | Uint8Array): Uint8Array<ArrayBuffer> {
  return nobleSha256(bytesOf(data)) as Uint8Array<ArrayBuffer>;
}

/** The SHA-256 digest of `data`, as lowercase hex. */
export function sha256Hex(data: string | Uint8Array): string {
  return sha256(data).toHex();
}

/** The HMAC-SHA256 of `data` under `key`. */
export function hmacSha256(key: Uint8Array, data: string | Uint8Array): Uint8Array<ArrayBuffer> {
  return hmac(nobleSha256, key, bytesOf(data)) as Uint8Array<ArrayBuffer>;
}

/**
 * Whether `a` and `b` hold the same bytes, in time that depends only on their lengths (for
 * secrets: a comparison that stops at the first difference tells an attacker how much was right).
 */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  let diff = 0;
  for (let i = 0; i < a.byteLength; i++) diff |= a[i] ^ b[i];
  return diff === 0;
}

const nodeCrypto = lazy(() => import("node:crypto"));

/**
 * Node's native SHA-256, for large data fed piece by piece (`update`, then `digest("hex")`):
 * uploads, backups, workspace files. `node:crypto` loads with the first call, not at start.
 */
export async function nativeSha256(): Promise<Hash> {
  return (await nodeCrypto()).createHash("sha256");
}
