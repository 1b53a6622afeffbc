/**
 * What an agent turn takes and gives (lib/agent/loop.ts `agentTurn`, lib/agent/step.ts): the
 * app's parts and one reply as the chat engine hands it over.
 */
import type { ChatProvider } from "../ai/types.ts";
import type { AssistantContext } from "../assistant/context.ts";
import type { ToolRegistry } from "../assistant/registry.ts";
import type { ReplyWriter } from "../chat/reply_writer.ts";
import type { Db } from "../db/mod.ts";
import type { Locale } from "../i18n/mod.ts";
import type { Logger } from "../log/logger.ts";
import type { TaskOutput } from "../tasks/task.ts";
import type { AgentToolContext, ToolResult, WorkspaceFiles } from "../tools/types.ts";
import type { Approvals } from "./approvals.ts";
import type { AgentSettings, ToolStep } from "./types.ts";

/** What the agent needs from the app (wired in lib/chat/deps.ts). */
export interface AgentDeps {
  db: Db;
  log: Logger;
  locale: Locale;
  now(): number;
  approvals: Approvals;
  /** The conversation's workspace, made on first use (404 for another profile's). */
  openWorkspace(profileId: string, conversationId: string): Promise<WorkspaceFiles>;
  /** A `turn` snapshot of the workspace before the reply `messageId` changes it. */
  snapshot(ws: WorkspaceFiles, messageId: string): Promise<void>;
  /** The tools this profile's agent is offered (by its settings). */
  tools(settings: AgentSettings): ToolRegistry<AgentToolContext, ToolResult>;
  settings(profileId: string): Promise<AgentSettings>;
  /** What the assistant's tools run with (lib/assistant/turn.ts `assistantContext`). */
  assistantContext(profileId: string, messageId: string): Promise<AssistantContext>;
  /** Tool calls per turn (default `MAX_STEPS`). */
  maxSteps?: number;
}

/**
 * What agent mode takes from the other parts (`AppServices.agentParts`): the conversation's
 * workspace (lib/workspace/workspace.ts), its snapshots (lib/workspace/snapshots.ts), the tools by
 * the profile's settings (lib/tools/mod.ts) and the settings (lib/agent/settings.ts). The app's
 * are `appAgentParts` (lib/agent/wiring.ts); tests may put doubles in their place.
 */
export type AgentParts = Pick<AgentDeps, "openWorkspace" | "snapshot" | "tools" | "settings">;

/** One agent reply, as the chat engine hands it over. */
export interface AgentTurn {
  profileId: string;
  conversationId: string;
  /** The assistant message being written. */
  messageId: string;
  model: string;
  /** The conversation so far as text, oldest first; the last one is the user's new message. */
  history: { role: "user" | "assistant"; content: string }[];
  /** The conversation's own system prompt, if any. */
  system?: string;
  /** What the model can do (Ollama `/api/show`); empty when unknown. */
  capabilities: string[];
  numCtx?: number;
  /** The tokens the prompt may take (the model's window less room for the answer). */
  budget?: number;
  /** The conversation's choice for a thinking model (sent only to one). */
  think?: boolean;
  provider: ChatProvider;
  out: TaskOutput;
  writer: ReplyWriter;
  signal: AbortSignal;
  /** Filled as the turn goes (each step as it was last streamed): the engine saves them. */
  steps: ToolStep[];
}

/** How the turn ended: the reply's stats and its meta (`agent`: how the tools were called). */
export interface AgentResult {
  stats: Record<string, unknown>;
  meta: Record<string, unknown>;
}
