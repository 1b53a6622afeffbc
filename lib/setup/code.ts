/**
 * The one-time setup code: `hearth start` prints it in the terminal while Hearth has no admin,
 * and a browser on the LAN must type it before the wizard opens (SPEC §3). It is random, easy
 * to read aloud and to type on a phone, and compared in constant time.
 */
import { equalBytes, sha256 } from "../hash.ts";

/** Letters and digits that cannot be mistaken for each other (no I, O, 0, 1). */
const ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
/** Characters in a code, without the dash: 32^8 ≈ 10^12 possibilities. */
export const SETUP_CODE_LENGTH = 8;

/** A fresh random code, shown as two groups of four: `K7QM-3XPA`. */
export function generateSetupCode(): string {
  // 256 is a multiple of 32, so taking each byte modulo 32 is unbiased.
  const bytes = crypto.getRandomValues(new Uint8Array(SETUP_CODE_LENGTH));
  const chars = [...bytes].map((b) => ALPHABET[b % ALPHABET.length]).join("");
  return `${chars.slice(0, 4)}-${chars.slice(4)}`;
}

/** What a person typed, as the code is compared: upper case, without spaces or dashes. */
export function normalizeSetupCode(input: string): string {
  return input.toUpperCase().replace(/[\s-]+/g, "");
}

/**
 * Whether `input` is `code`, ignoring case, spaces and dashes. The comparison takes the same
 * time wherever the first difference is (both sides are hashed to equal length first).
 */
export function setupCodeMatches(code: string, input: string): boolean {
  return equalBytes(sha256(normalizeSetupCode(code)), sha256(normalizeSetupCode(input)));
}
