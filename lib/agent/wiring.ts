/**
 * The app's agent parts: the conversation's real workspace, a snapshot before each changing turn,
 * the tools the profile's settings allow and those settings (`AppServices.agentParts`; tests may
 * put doubles in their place).
 */
import type { HearthPaths } from "../config/paths.ts";
import type { Db } from "../db/mod.ts";
import { agentTools } from "../tools/mod.ts";
import { snapshotTargetOf } from "../workspace/archive.ts";
import { takeSnapshot } from "../workspace/snapshots.ts";
import { openWorkspace } from "../workspace/workspace.ts";
import type { AgentParts } from "./deps.ts";
import { getAgentSettings } from "./settings.ts";

/** The real parts over `services`. */
export function appAgentParts(services: { db: Db; paths: HearthPaths }): AgentParts {
  return {
    openWorkspace: (profileId, conversationId) =>
      openWorkspace(services, profileId, conversationId),
    snapshot: async (ws, messageId) => {
      await takeSnapshot(snapshotTargetOf(services, ws), { reason: "turn", messageId });
    },
    tools: (settings) => agentTools(settings),
    settings: (profileId) => getAgentSettings(services.db.kysely, profileId),
  };
}
