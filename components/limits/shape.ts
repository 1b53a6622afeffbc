/**
 * The shapes of a limited profile's limits as the browser reads them (`GET /api/me`, the admin's
 * `/api/admin/profiles/{id}/limits`): plain types, since `lib/limits/types.ts` holds the zod
 * schema the server checks with (lib/limits/store.ts keeps the two the same at compile time).
 */

/** What a limited profile may use; null allows everything of that kind. */
export interface LimitsShape {
  models: string[] | null;
  tools: string[] | null;
  gems: string[] | null;
  documents: string[] | null;
  quietStart: string | null;
  quietEnd: string | null;
  dailyReplies: number | null;
}

/** Today's replies of a profile against its daily limit. */
export interface LimitUsage {
  /** The profile's local day, `2026-12-04`. */
  day: string;
  replies: number;
  /** Replies left today (null: no daily limit). */
  left: number | null;
}

/** A profile's limits and today's use, as the admin page and `GET /api/me` show them. */
export interface LimitsView {
  /** Null: the profile is not limited. */
  limits: LimitsShape | null;
  usage: LimitUsage;
}

/** The choices of the admin's limits editor (lib/limits/options.ts). */
export interface LimitOptions {
  models: string[];
  tools: string[];
  gems: { id: string; name: string; icon: string }[];
  documents: { id: string; name: string; shared: boolean }[];
}
