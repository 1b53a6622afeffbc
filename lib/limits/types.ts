/**
 * A limited profile's limits (SPEC §3), as the admin sets them and the browser shows them.
 * Browser-safe: no server imports.
 */
import { z } from "zod";

const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "Use a local time like 20:30.");
const names = z.array(z.string().min(1).max(200)).max(500);

/** What a limited profile may use; null (or absent) allows everything of that kind. */
export const limitsSchema = z.object({
  /** Model names it may chat with. */
  models: names.nullable().default(null),
  /** Tool names (assistant and agent tools) it may use. */
  tools: names.nullable().default(null),
  /** Gem ids it may run. */
  gems: names.nullable().default(null),
  /** Document ids it may read (of those it could see anyway). */
  documents: names.nullable().default(null),
  /** Quiet hours, local time; both or neither. */
  quietStart: HHMM.nullable().default(null),
  quietEnd: HHMM.nullable().default(null),
  /** Replies per local day. */
  dailyReplies: z.number().int().min(0).max(100_000).nullable().default(null),
}).strict().refine((l) => (l.quietStart === null) === (l.quietEnd === null), {
  message: "Quiet hours need both a start and an end.",
  path: ["quietEnd"],
});

/** A profile's limits. */
export type ProfileLimits = z.infer<typeof limitsSchema>;
