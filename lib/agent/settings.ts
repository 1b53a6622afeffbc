/**
 * A profile's agent settings (SPEC §10, table `agent_settings`): which risks wait for the
 * profile's approval (its own choice), whether the fetch and command tools are offered at all and
 * how much its workspaces may hold (the admin's choice). No row means the defaults of migration
 * 0020: writes run without asking, fetches and commands ask, neither is allowed, the household
 * quota.
 */
import type { Kysely } from "kysely";
import { z } from "zod";
import type { Database } from "../db/schema.ts";
import { HttpError } from "../http/errors.ts";
import { WORKSPACE_LIMITS } from "../workspace/types.ts";
import type { AgentSettings } from "./types.ts";

type DB = Kysely<Database>;

/** The settings of a profile without a row. */
export const DEFAULT_AGENT_SETTINGS: AgentSettings = {
  approve: { write: false, network: true, exec: true },
  allowNetwork: false,
  allowExec: false,
  quotaBytes: WORKSPACE_LIMITS.quotaBytes,
};

/** The largest quota the admin may set (1 TiB). */
export const MAX_QUOTA_BYTES = 2 ** 40;

/** Which risks wait for approval; a risk left out keeps its setting. */
export const approveSchema = z.strictObject({
  write: z.boolean().optional(),
  network: z.boolean().optional(),
  exec: z.boolean().optional(),
});

/**
 * `PUT /api/agent/settings`: `{ approve }`. The admin's fields are accepted only to be refused
 * (403) when they would change something: a client may send back what it was given.
 */
export const ownSettingsSchema = z.strictObject({
  approve: approveSchema.optional(),
  allowNetwork: z.boolean().optional(),
  allowExec: z.boolean().optional(),
  quotaBytes: z.number().optional(),
});

/** `PUT /api/admin/profiles/{id}/agent`: the admin's switches; `quotaBytes: null` is the default. */
export const adminAgentSchema = z.strictObject({
  allowNetwork: z.boolean().optional(),
  allowExec: z.boolean().optional(),
  quotaBytes: z.number().int().min(0).max(MAX_QUOTA_BYTES).nullable().optional(),
});

/** What the admin may change. */
export type AdminAgentChange = z.output<typeof adminAgentSchema>;

const bit = (on: boolean) => (on ? 1 : 0);

/** The profile's agent settings (the defaults when it has no row). */
export async function getAgentSettings(db: DB, profileId: string): Promise<AgentSettings> {
  const row = await db.selectFrom("agent_settings").selectAll()
    .where("profile_id", "=", profileId).executeTakeFirst();
  if (!row) return structuredClone(DEFAULT_AGENT_SETTINGS);
  return {
    approve: {
      write: row.approve_write === 1,
      network: row.approve_network === 1,
      exec: row.approve_exec === 1,
    },
    allowNetwork: row.allow_network === 1,
    allowExec: row.allow_exec === 1,
    quotaBytes: row.quota_bytes ?? WORKSPACE_LIMITS.quotaBytes,
  };
}

/** Writes the row, keeping what `change` leaves out as it was (or as the defaults say). */
async function upsert(
  db: DB,
  profileId: string,
  change: {
    approve_write?: number;
    approve_network?: number;
    approve_exec?: number;
    allow_network?: number;
    allow_exec?: number;
    quota_bytes?: number | null;
  },
): Promise<void> {
  const updated_at = new Date().toISOString();
  await db.insertInto("agent_settings")
    .values({ profile_id: profileId, ...change, updated_at })
    .onConflict((oc) => oc.column("profile_id").doUpdateSet({ ...change, updated_at }))
    .execute();
}

/** Sets which risks wait for the profile's approval (the ones given; the rest stay). */
export async function setApprovals(
  db: DB,
  profileId: string,
  approve: Partial<AgentSettings["approve"]>,
): Promise<AgentSettings> {
  const change: Parameters<typeof upsert>[2] = {};
  if (approve.write !== undefined) change.approve_write = bit(approve.write);
  if (approve.network !== undefined) change.approve_network = bit(approve.network);
  if (approve.exec !== undefined) change.approve_exec = bit(approve.exec);
  await upsert(db, profileId, change);
  return getAgentSettings(db, profileId);
}

/**
 * The admin's switches for a profile: the fetch tool, the command tool, the quota (`null`: the
 * household default). The caller checks that the profile exists.
 */
export async function setAdminAgent(
  db: DB,
  profileId: string,
  change: AdminAgentChange,
): Promise<AgentSettings> {
  const row: Parameters<typeof upsert>[2] = {};
  if (change.allowNetwork !== undefined) row.allow_network = bit(change.allowNetwork);
  if (change.allowExec !== undefined) row.allow_exec = bit(change.allowExec);
  if (change.quotaBytes !== undefined) row.quota_bytes = change.quotaBytes;
  await upsert(db, profileId, row);
  return getAgentSettings(db, profileId);
}

/**
 * Applies a profile's own `PUT /api/agent/settings`. 403 `agent_admin_only` when it would change
 * what only the admin decides (allowing itself the network or commands, or more room); sending
 * back the current values is fine.
 */
export async function setOwnSettings(
  db: DB,
  profileId: string,
  body: z.output<typeof ownSettingsSchema>,
): Promise<AgentSettings> {
  const current = await getAgentSettings(db, profileId);
  const adminField = (["allowNetwork", "allowExec", "quotaBytes"] as const).find((key) =>
    body[key] !== undefined && body[key] !== current[key]
  );
  if (adminField) {
    throw new HttpError(
      403,
      "agent_admin_only",
      `Only the admin can change ${adminField}.`,
      {},
      { field: adminField },
    );
  }
  return body.approve ? setApprovals(db, profileId, body.approve) : current;
}
