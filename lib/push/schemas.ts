/** The push API's inputs. */
import { z } from "zod";
import { PUSH_KINDS } from "./types.ts";

/** The most characters of a push endpoint URL (FCM's are about 190, Apple's about 200). */
export const ENDPOINT_MAX = 1024;

/** base64url (padding allowed, then dropped) of exactly `bytes` bytes. */
function base64urlOf(bytes: number) {
  const chars = Math.ceil(bytes * 4 / 3);
  return z.string().max(chars + 3).transform((s) => s.replace(/=+$/, "")).pipe(
    z.string().regex(/^[A-Za-z0-9_-]*$/, "must be base64url").length(
      chars,
      `must be ${bytes} bytes in base64url (${chars} characters)`,
    ),
  );
}

/** A browser's `PushSubscription.toJSON()`. */
export const subscriptionSchema = z.strictObject({
  endpoint: z.string().max(ENDPOINT_MAX).pipe(z.url({ protocol: /^https?$/ })),
  expirationTime: z.number().nullable().optional(),
  keys: z.strictObject({
    /** The browser's P-256 public key, uncompressed (65 bytes). */
    p256dh: base64urlOf(65),
    /** Its auth secret (16 bytes). */
    auth: base64urlOf(16),
  }),
});

/** `DELETE /api/push/subscriptions`: this browser's endpoint. */
export const unsubscribeSchema = z.strictObject({
  endpoint: z.string().max(ENDPOINT_MAX),
});

/** `PUT /api/push/preferences`: any of the kinds. */
export const preferencesSchema = z.strictObject(
  Object.fromEntries(Object.keys(PUSH_KINDS).map((k) => [k, z.boolean().optional()])) as Record<
    keyof typeof PUSH_KINDS,
    z.ZodOptional<z.ZodBoolean>
  >,
);

/** `POST /api/push/visibility`: whether this browser's Hearth page is hidden (or closing). */
export const visibilitySchema = z.strictObject({ hidden: z.boolean() });
