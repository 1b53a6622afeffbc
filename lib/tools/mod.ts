/**
 * The agent's tool registry (SPEC §10): every tool the agent may be offered, and the set one
 * profile is offered now. File tools, the assistant's tools (todos, events, memos, lists, search,
 * documents) and the page and slide makers always; fetching a URL and running a command only
 * when the admin allowed them for the profile (`agent_settings`), so a tool the profile may not
 * use is never even described to the model.
 */
import { ToolRegistry } from "../assistant/registry.ts";
import type { AgentSettings } from "../agent/types.ts";
import { ASSISTANT_AGENT_TOOLS } from "./assistant.ts";
import { COMMAND_TOOL } from "./command.ts";
import { FETCH_TOOL } from "./fetch.ts";
import { FILE_TOOLS } from "./files.ts";
import { RENDER_TOOLS } from "./render.ts";
import type { AgentTool, AgentToolContext, ToolResult } from "./types.ts";

/** Every agent tool, whatever the settings. */
export const ALL_AGENT_TOOLS: AgentTool[] = [
  ...FILE_TOOLS,
  ...RENDER_TOOLS,
  ...ASSISTANT_AGENT_TOOLS,
  FETCH_TOOL,
  COMMAND_TOOL,
];

/** The tools a profile with `settings` is offered. */
export function agentTools(settings: AgentSettings): ToolRegistry<AgentToolContext, ToolResult> {
  return new ToolRegistry<AgentToolContext, ToolResult>(
    ALL_AGENT_TOOLS.filter((t) =>
      (t.risk !== "network" || settings.allowNetwork) && (t.risk !== "exec" || settings.allowExec)
    ),
  );
}
