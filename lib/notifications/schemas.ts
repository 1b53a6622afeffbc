/** What the notification routes accept. */
import { z } from "zod";

/** `GET /api/notifications`: `limit` (≤ 100), `cursor` (the `next` of the page before), `unread`. */
export const notificationQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(100).optional(),
  unread: z.enum(["true", "false"]).transform((v) => v === "true").optional(),
});

/** A local time of day, `HH:MM` (24 h). */
export const briefingTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/);

/** `PUT /api/notifications/briefing`: the daily briefing's time, or null for none. */
export const briefingSchema = z.strictObject({ time: briefingTime.nullable() });

/** The `/me/briefing` form: `time`, and `on` unless it is turned off. */
export const briefingForm = z.object({
  time: z.string().max(10).optional(),
  on: z.literal("1").optional(),
}).strict();

/** The `/notifications` page's forms: mark one read (`id`), or all. */
export const readForm = z.object({ id: z.string().max(100).optional() }).strict();
