/**
 * What agent mode takes from the other parts of issue 16, in one place: the workspace
 * (lib/workspace/workspace.ts), its snapshots (lib/workspace/snapshots.ts), the tools by the
 * profile's settings (lib/tools/mod.ts) and the settings (lib/agent/settings.ts). `chatDeps`
 * (lib/chat/deps.ts) offers agent mode only once they are connected to the services
 * (`connectAgentParts`); without them an agent conversation answers as a plain chat. Tests may
 * connect doubles over them.
 *
 * The app's parts are `appAgentParts` (lib/agent/wiring.ts), connected by `createServices`.
 */
import type { AgentDeps } from "./loop.ts";

/** The injected parts of `AgentDeps`. */
export type AgentParts = Pick<AgentDeps, "openWorkspace" | "snapshot" | "tools" | "settings">;

/** Keyed by the services object (`AppServices`) they serve. */
const connected = new WeakMap<object, AgentParts>();

/** Connects the parts to these services (the app's wiring; tests with doubles). */
export function connectAgentParts(services: object, parts: AgentParts): void {
  connected.set(services, parts);
}

/** The parts connected to these services, or null. */
export function agentParts(services: object): AgentParts | null {
  return connected.get(services) ?? null;
}
