/**
 * Admin passwords and profile PINs, hashed with bcrypt (cost 10). bcrypt reads only the first
 * 72 bytes of its input, so longer passwords are refused rather than silently cut.
 */
import { z } from "zod";
import { ValidationError } from "../http/errors.ts";

/** bcryptjs, loaded at the first sign-in or password change rather than at start. */
const bcrypt = () => import("bcryptjs");

/** bcrypt work factor: about 65 ms per hash on a small box. */
export const BCRYPT_COST = 10;
/** Shortest admin password, in characters. */
export const PASSWORD_MIN_CHARS = 8;
/** Longest admin password, in UTF-8 bytes (bcrypt's limit). */
export const PASSWORD_MAX_BYTES = 72;

/** A PIN: 4 to 8 digits. */
export const pinSchema = z.string().regex(/^\d{4,8}$/, "must be 4 to 8 digits");

/**
 * Throws a 422 naming `field` when `password` is shorter than 8 characters
 * (`password_too_short`) or longer than 72 UTF-8 bytes (`password_too_long`).
 */
export function checkPassword(password: string, field = "password"): void {
  if ([...password].length < PASSWORD_MIN_CHARS) {
    throw new ValidationError(
      field,
      `${field}: use at least ${PASSWORD_MIN_CHARS} characters.`,
      "password_too_short",
    );
  }
  if (new TextEncoder().encode(password).length > PASSWORD_MAX_BYTES) {
    throw new ValidationError(
      field,
      `${field}: use at most ${PASSWORD_MAX_BYTES} bytes (fewer characters with accents or emoji).`,
      "password_too_long",
    );
  }
}

/** Checks and hashes an admin password. */
export async function hashPassword(password: string): Promise<string> {
  checkPassword(password);
  return await (await bcrypt()).hash(password, BCRYPT_COST);
}

/** Hashes a PIN (validated by `pinSchema` first). */
export async function hashPin(pin: string): Promise<string> {
  return await (await bcrypt()).hash(pin, BCRYPT_COST);
}

/** Whether `secret` matches a bcrypt `digest`; false for an over-long secret. */
export async function verifySecret(secret: string, digest: string): Promise<boolean> {
  if (new TextEncoder().encode(secret).length > PASSWORD_MAX_BYTES) return false;
  return await (await bcrypt()).compare(secret, digest);
}
