/**
 * The tables of migration 0021 (SPEC §3, §12), kept beside `schema.ts` so that file stays short:
 * a profile's API keys, a limited profile's limits, and the replies counted against them.
 */

/** A profile's API key; only its SHA-256 hash is stored. */
export interface ApiKeysTable {
  id: string;
  profile_id: string;
  name: string;
  /** `chat`: chat and `/v1` only; `read`: also read the profile's data. */
  scope: "chat" | "read";
  /** The key's first characters (`hth_ab12…`), to tell keys apart in a list. */
  prefix: string;
  /** Hex SHA-256 of the whole key. */
  hash: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

/** A limited profile's limits; no row: not limited. JSON arrays of allowed names or ids. */
export interface ProfileLimitsTable {
  profile_id: string;
  /** JSON string[] of model names (null: any). */
  models: string | null;
  /** JSON string[] of tool names (null: any). */
  tools: string | null;
  /** JSON string[] of gem ids (null: any). */
  gems: string | null;
  /** JSON string[] of document ids (null: any the profile can see). */
  documents: string | null;
  /** Local `HH:MM` when quiet hours start and end (both null: none). */
  quiet_start: string | null;
  quiet_end: string | null;
  /** Replies per local day (null: no limit). */
  daily_replies: number | null;
  updated_at: string;
}

/** Replies counted for a profile on one local day (`2026-12-04`). */
export interface LimitUsageTable {
  profile_id: string;
  day: string;
  replies: number;
}
