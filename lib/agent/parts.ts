/**
 * What agent mode takes from the other parts of issue 16, in one place: the workspace
 * (lib/workspace/workspace.ts), its snapshots (lib/workspace/snapshots.ts), the tools by the
 * profile's settings (lib/tools/mod.ts) and the settings (lib/agent/settings.ts). `chatDeps`
 * (lib/chat/deps.ts) offers agent mode only once they are connected to the services
 * (`connectAgentParts`); until then an agent conversation answers as a plain chat. Tests connect
 * doubles the same way.
 *
 * The app's wiring (lib/services.ts `createServices`, once `services` exists, e.g. beside the
 * `services.tasks.define` lines):
 *
 *   connectAgentParts(services, {
 *     // lib/workspace/workspace.ts (ws)
 *     openWorkspace: (profileId, conversationId) =>
 *       openWorkspace(services, profileId, conversationId),
 *     // lib/workspace/snapshots.ts + archive.ts (snap)
 *     snapshot: async (ws, messageId) => {
 *       await takeSnapshot(snapshotTargetOf(services, ws), { reason: "turn", messageId });
 *     },
 *     // lib/tools/mod.ts (the lead's): FILE_TOOLS, ASSISTANT_AGENT_TOOLS, RENDER_TOOLS, and
 *     // FETCH_TOOL / COMMAND_TOOL when settings.allowNetwork / allowExec
 *     tools: (settings) => agentTools(settings),
 *     // lib/agent/settings.ts (tools)
 *     settings: (profileId) => getAgentSettings(services.db.kysely, profileId),
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
