/**
 * What agent mode takes from the other parts of issue 16, in one place: the workspace
 * (lib/workspace/workspace.ts), its snapshots (lib/workspace/snapshots.ts), the tools by the
 * profile's settings (lib/tools/mod.ts) and the settings (lib/agent/settings.ts). `chatDeps`
 * (lib/chat/deps.ts) offers agent mode only once they are connected to the services
 * (`connectAgentParts`); until then an agent conversation answers as a plain chat. Tests connect
 * doubles the same way.
 *
 * The app's wiring (in createServices, once `services` exists):
 *
 *   connectAgentParts(services, {
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
 *   });
 */
import type { AppServices } from "../services.ts";
import type { AgentDeps } from "./loop.ts";

/** The injected parts of `AgentDeps`. */
export type AgentParts = Pick<AgentDeps, "openWorkspace" | "snapshot" | "tools" | "settings">;

const connected = new WeakMap<AppServices, AgentParts>();

/** Connects the parts to these services (the app's wiring; tests with doubles). */
export function connectAgentParts(services: AppServices, parts: AgentParts): void {
  connected.set(services, parts);
}

/** The parts connected to these services, or null. */
export function agentParts(services: AppServices): AgentParts | null {
  return connected.get(services) ?? null;
}
