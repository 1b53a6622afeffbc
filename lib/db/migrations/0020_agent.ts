import type { Migration } from "../migrate.ts";

/**
 * The agent (SPEC §10): a conversation may run in agent mode, with tools in a workspace of its
 * own (`<data>/workspaces/<conversation id>/`; its snapshots' objects and manifests under
 * `<data>/workspace-store/<conversation id>/`).
 *
 * - `conversations.agent`: 0 or 1, agent mode (tools, the workspace, approvals).
 * - `workspaces`: one row per conversation that has a workspace, with its size (`bytes`, `files`)
 *   kept current by every change Hearth makes and recounted after a command, a zip load or a
 *   restore; a profile's quota is the sum over its rows. Deleted with the conversation (the
 *   folders go with it, and a sweep at start removes folders without a row).
 * - `workspace_snapshots`: a snapshot's row (its manifest is a file in the store); `message_id`
 *   names the agent reply it was taken before (null for one taken by hand, a restore's own
 *   safety snapshot or a zip load's); `added_bytes` is what it stored that no earlier snapshot had.
 * - `agent_settings`: per profile. The profile chooses which risks need its approval; the admin
 *   alone allows the network and command tools and may set a quota (null: the household default).
 */
export default {
  version: 20,
  name: "agent",
  up(db) {
    db.exec(`
      ALTER TABLE conversations ADD COLUMN agent INTEGER NOT NULL DEFAULT 0;
      CREATE TABLE workspaces (
        conversation_id TEXT PRIMARY KEY NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
        profile_id TEXT NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
        bytes INTEGER NOT NULL DEFAULT 0,
        files INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX workspaces_profile ON workspaces (profile_id);
      CREATE TABLE workspace_snapshots (
        id TEXT PRIMARY KEY NOT NULL,
        conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
        profile_id TEXT NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
        message_id TEXT,
        reason TEXT NOT NULL CHECK (reason IN ('turn', 'manual', 'restore', 'zip')),
        files INTEGER NOT NULL,
        bytes INTEGER NOT NULL,
        added_bytes INTEGER NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX workspace_snapshots_conversation
        ON workspace_snapshots (conversation_id, created_at);
      CREATE TABLE agent_settings (
        profile_id TEXT PRIMARY KEY NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
        approve_write INTEGER NOT NULL DEFAULT 0,
        approve_network INTEGER NOT NULL DEFAULT 1,
        approve_exec INTEGER NOT NULL DEFAULT 1,
        allow_network INTEGER NOT NULL DEFAULT 0,
        allow_exec INTEGER NOT NULL DEFAULT 0,
        quota_bytes INTEGER,
        updated_at TEXT NOT NULL
      ) STRICT;
    `);
  },
} satisfies Migration;
