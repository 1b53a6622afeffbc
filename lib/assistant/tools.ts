/** The assistant's tool registry: every intent a message in assistant mode can become. */
import type { AssistantContext, ToolOutcome } from "./context.ts";
import { ToolRegistry } from "./registry.ts";
import { EVENT_TOOLS } from "./tools_events.ts";
import { MORE_TOOLS } from "./tools_more.ts";
import { TODO_TOOLS } from "./tools_todos.ts";
import { DOCUMENT_TOOLS } from "./tools_documents.ts";

/** Every assistant tool, by name. */
export const ASSISTANT_TOOLS = new ToolRegistry<AssistantContext, ToolOutcome>([
  ...TODO_TOOLS,
  ...EVENT_TOOLS,
  ...MORE_TOOLS,
  ...DOCUMENT_TOOLS,
]);
