/**
 * What agent mode takes from the other parts of issue 16, in one place: the workspace
 * (lib/workspace/workspace.ts), its snapshots (lib/workspace/snapshots.ts), the tools by the
 * profile's settings (lib/tools/mod.ts) and the settings (lib/agent/settings.ts). `chatDeps`
 * (lib/chat/deps.ts) offers agent mode only when they are connected; until then an agent
 * conversation answers as a plain chat.
 *
 * Connected, the body reads:
 *
 *   return {
 *     openWorkspace: (profileId, conversationId) =>
 *       openWorkspace({ db: services.db, paths: services.paths }, profileId, conversationId),
 *     snapshot: async (ws, messageId) => {
 *       await takeSnapshot({
 *         db: services.db.kysely,
 *         profileId: ws.profileId,
 *         conversationId: ws.conversationId,
 *         root: workspaceDir(services.paths, ws.conversationId),
 *         store: workspaceStoreDir(services.paths, ws.conversationId),
 *       }, { reason: "turn", messageId });
 *     },
 *     tools: (settings) => agentTools(settings),
 *     settings: (profileId) => getAgentSettings(services.db, profileId),
 *   };
 */
import type { AppServices } from "../services.ts";
import type { AgentDeps } from "./loop.ts";

/** The injected parts of `AgentDeps`. */
export type AgentParts = Pick<AgentDeps, "openWorkspace" | "snapshot" | "tools" | "settings">;

/** The parts over the running app's services, or null while they are not connected. */
export function agentParts(_services: AppServices): AgentParts | null {
  return null;
}
