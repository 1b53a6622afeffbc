/**
 * The agent's tables (migration 0020, SPEC §10), kept beside `schema.ts` so that file stays short:
 * a conversation's workspace, its snapshots, and a profile's agent settings.
 */
import type { Generated } from "kysely";

/** A conversation's workspace (migration 0020): its size, kept current. */
export interface WorkspacesTable {
  conversation_id: string;
  profile_id: string;
  bytes: number;
  files: number;
  created_at: string;
  updated_at: string;
}

/** One snapshot of a workspace; its manifest is a file in the workspace's store. */
export interface WorkspaceSnapshotsTable {
  id: string;
  conversation_id: string;
  profile_id: string;
  /** The agent reply it was taken before; null when taken by hand, before a restore or a zip load. */
  message_id: string | null;
  reason: "turn" | "manual" | "restore" | "zip";
  files: number;
  bytes: number;
  /** What it stored that no earlier snapshot of the workspace had. */
  added_bytes: number;
  created_at: string;
}

/** A profile's agent settings; absent, the defaults of migration 0020. */
export interface AgentSettingsTable {
  profile_id: string;
  /** 0 or 1: a tool of that risk waits for the profile's approval. */
  approve_write: Generated<number>;
  approve_network: Generated<number>;
  approve_exec: Generated<number>;
  /** 0 or 1, the admin's choice: the fetch tool and the command tool are offered at all. */
  allow_network: Generated<number>;
  allow_exec: Generated<number>;
  /** Bytes all the profile's workspaces may hold; null: the household default. */
  quota_bytes: number | null;
  updated_at: string;
}
