/**
 * The assistant's tools for the agent (SPEC §10): todos, events, memos, lists, search and
 * document search, offered to an agent turn under the same names, schemas and risks, through one
 * adapter rather than copies. Each runs the assistant tool with the turn's `ctx.assistant`
 * (whose `messageId` is the agent reply, so its actions are stored against it and stay undoable:
 * the card carries the action id for `POST /api/assistant/actions/{id}/undo`). What it answers
 * becomes a `ToolResult`: `done` → its text, what the card lists (a query's items) and the card;
 * `ask` (ambiguous or incomplete: nothing was changed) → a 422 `needs_more` carrying the
 * question, which the loop hands back to the model so it can call again with more. The `chat`
 * and `daily_briefing` tools are intents of assistant mode, not actions, and are not offered.
 */
import type { AssistantTool, ToolOutcome } from "../assistant/context.ts";
import { defineTool } from "../assistant/registry.ts";
import { ASSISTANT_TOOLS } from "../assistant/tools.ts";
import type { ActionCard } from "../assistant/types.ts";
import { HttpError } from "../http/errors.ts";
import type { AgentTool, ToolResult } from "./types.ts";

/** What a tool tells the model at most. */
const CONTENT_CHARS = 16_000;
/** A step's one-line summary at most. */
const SUMMARY_CHARS = 200;

/** Assistant tools the agent is not offered: intents of assistant mode, not actions. */
const NOT_FOR_AGENT = new Set(["chat", "daily_briefing"]);

const cut = (text: string, max: number) => text.length > max ? `${text.slice(0, max - 1)}…` : text;

/** What the model is told of a card: what happened, and each item it lists. */
function cardText(card: ActionCard): string[] {
  const items = (card.items ?? []).map((item) =>
    `- ${item.title}${item.detail ? ` · ${item.detail}` : ""}`
  );
  return [`${card.title}: ${card.summary}`, ...items];
}

/** An assistant tool's outcome as an agent tool's result; `ask` throws 422 `needs_more`. */
export function toToolResult(tool: string, outcome: ToolOutcome): ToolResult {
  if (outcome.type === "ask") {
    throw new HttpError(422, "needs_more", outcome.text, {}, { question: outcome.text });
  }
  if (outcome.type !== "done") {
    // Only the tools left out above answer `chat` or `briefing`.
    throw new Error(`${tool} answered ${outcome.type}, which the agent does not take`);
  }
  const { text, card } = outcome;
  const content = [text, ...(card ? cardText(card) : [])].join("\n");
  const summary = card ? `${card.title}: ${card.summary}` : text.split("\n")[0];
  return {
    content: cut(content, CONTENT_CHARS),
    summary: cut(summary, SUMMARY_CHARS),
    ...(card && { card }),
  };
}

/** One assistant tool as an agent tool (same name, description, input and risk). */
export function agentToolOf(tool: AssistantTool): AgentTool {
  return defineTool({
    name: tool.name,
    description: tool.description,
    input: tool.input,
    risk: tool.risk,
    async run(ctx, args) {
      ctx.signal.throwIfAborted();
      return toToolResult(tool.name, await tool.run(ctx.assistant, args));
    },
  });
}

/** The assistant's tools the agent is offered. */
export const ASSISTANT_AGENT_TOOLS: AgentTool[] = ASSISTANT_TOOLS.list()
  .filter((tool) => !NOT_FOR_AGENT.has(tool.name))
  .map(agentToolOf);
