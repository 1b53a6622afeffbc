/** A conversation as a file to keep: Markdown to read, JSON to re-import or process. */
import type { Conversation, Message } from "./types.ts";

/** Markdown: a title, then each message under its speaker. */
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

/** JSON: the conversation with all its messages. */
export function toJson(conversation: Conversation, messages: Message[]): string {
  return JSON.stringify({ format: "hearth.conversation.v1", conversation, messages }, null, 2);
}

/** A file name safe on every OS, from the title. */
export function exportFileName(conversation: Conversation, ext: "md" | "json" | "zip"): string {
  const base = (conversation.title || "conversation").normalize("NFKD").replace(/[^\w\s-]/g, "")
    .trim().replace(/\s+/g, "-").slice(0, 60) || "conversation";
  return `${base}.${ext}`;
}
