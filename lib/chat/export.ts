/** A conversation as a file to keep: Markdown to read, JSON to re-import or process. */
import type { Conversation, Message } from "./types.ts";

/** Markdown: a title, then each message of the path given under its speaker. */
export function toMarkdown(conversation: Conversation, messages: Message[]): string {
  const names: Record<Message["role"], string> = {
    user: "You",
    assistant: "Assistant",
    system: "System",
    tool: "Tool",
  };
  const lines = [`# ${conversation.title || "Conversation"}`, ""];
  lines.push(
    `_${conversation.createdAt}${conversation.model ? ` · ${conversation.model}` : ""}_`,
    "",
  );
  for (const m of messages) {
    const note = m.status === "complete" ? "" : ` _(${m.status})_`;
    lines.push(`## ${names[m.role]}${note}`, "", m.content, "");
  }
  return lines.join("\n");
}

/**
 * JSON (`hearth.conversation.v2`): the conversation (with `leafId`, the end of its active path)
 * and every message of every branch, oldest first, each with its `parentId`. (v1 had one path
 * and no `parentId`.)
 */
export function toJson(conversation: Conversation, messages: Message[]): string {
  const all = messages.map(({ versions: _, ...m }) => m);
  return JSON.stringify(
    { format: "hearth.conversation.v2", conversation, messages: all },
    null,
    2,
  );
}

/** A file name safe on every OS, from the title. */
export function exportFileName(conversation: Conversation, ext: "md" | "json" | "zip"): string {
  const base = (conversation.title || "conversation").normalize("NFKD").replace(/[^\w\s-]/g, "")
    .trim().replace(/\s+/g, "-").slice(0, 60) || "conversation";
  return `${base}.${ext}`;
}
