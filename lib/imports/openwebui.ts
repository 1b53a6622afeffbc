/**
 * Open WebUI's chat export ("Export chats" in its settings, or one chat's JSON download): an
 * array of `{ id, title, chat: { title, models, history: { messages, currentId }, messages },
 * created_at, updated_at }`. `history.messages` maps ids to `{ id, parentId, childrenIds, role,
 * content, timestamp, model }` (every branch); `currentId` is the shown path's last message.
 * Older chats carry only the flat `chat.messages`, which is read as one path. Times are seconds
 * (read by size, so milliseconds or nanoseconds work too). A reply's
 * `<details type="reasoning">` block becomes its thinking.
 */
import { z } from "zod";
import { buildTree, isoFromEpoch, type RawNode, titleOf } from "./tree.ts";
import { type ImportedConversation, MAX_TITLE_CHARS } from "./types.ts";

const owuiMessage = z.looseObject({
  id: z.string().optional(),
  parentId: z.string().nullish(),
  childrenIds: z.array(z.string()).nullish(),
  role: z.string(),
  content: z.unknown(),
  timestamp: z.number().nullish(),
  model: z.string().nullish(),
  files: z.array(z.unknown()).nullish(),
});

/** One chat of an Open WebUI export. */
export const openwebuiChat = z.looseObject({
  title: z.string().nullish(),
  created_at: z.number().nullish(),
  updated_at: z.number().nullish(),
  chat: z.looseObject({
    title: z.string().nullish(),
    models: z.array(z.string()).nullish(),
    timestamp: z.number().nullish(),
    history: z.looseObject({
      messages: z.record(z.string(), owuiMessage),
      currentId: z.string().nullish(),
    }).nullish(),
    messages: z.array(owuiMessage).nullish(),
  }),
});

/** True when `value` looks like one Open WebUI chat (has a `chat` object). */
export function isOpenwebuiChat(value: unknown): boolean {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const chat = (value as Record<string, unknown>).chat;
  return typeof chat === "object" && chat !== null && !Array.isArray(chat);
}

type OwuiMessage = z.infer<typeof owuiMessage>;

/** Splits `<details type="reasoning">…</details>` blocks out of a reply's text. */
export function splitReasoning(text: string): { content: string; thinking: string } {
  const thoughts: string[] = [];
  let rest = "";
  let at = 0;
  for (;;) {
    const open = text.indexOf('<details type="reasoning"', at);
    if (open < 0) break;
    const close = text.indexOf("</details>", open);
    if (close < 0) break;
    rest += text.slice(at, open);
    const inner = text.slice(text.indexOf(">", open) + 1, close)
      .replace(/<summary>[\s\S]*?<\/summary>/, "")
      .split("\n").map((line) => line.replace(/^>\s?/, "")).join("\n").trim();
    if (inner) thoughts.push(inner);
    at = close + "</details>".length;
  }
  rest += text.slice(at);
  return { content: rest.trim(), thinking: thoughts.join("\n\n") };
}

/** A message's text: a string, or the text parts of an OpenAI-style content array. */
function contentText(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content.map((p) =>
    typeof p === "string"
      ? p
      : typeof p === "object" && p !== null && typeof (p as { text?: unknown }).text === "string"
      ? (p as { text: string }).text
      : "[image]"
  ).join("\n");
}

/** Placeholders for a message's attached files ("[image]", "[file: notes.pdf]"). */
function filesText(files: unknown[] | null | undefined): string {
  return (files ?? []).map((f) => {
    const file = (typeof f === "object" && f !== null ? f : {}) as Record<string, unknown>;
    if (file.type === "image") return "[image]";
    return typeof file.name === "string" ? `[file: ${file.name}]` : "[file]";
  }).join("\n");
}

function toNode(
  key: string,
  parentKey: string | null,
  m: OwuiMessage,
  fallback: string,
  models: readonly string[],
): RawNode {
  if (m.role !== "user" && m.role !== "assistant") return { key, parentKey, message: null };
  const split = m.role === "assistant"
    ? splitReasoning(contentText(m.content))
    : { content: contentText(m.content).trim(), thinking: "" };
  const content = [split.content, filesText(m.files)].filter(Boolean).join("\n");
  if (!content) return { key, parentKey, message: null, thinking: split.thinking };
  const at = isoFromEpoch(m.timestamp, fallback);
  return {
    key,
    parentKey,
    message: {
      role: m.role,
      content,
      thinking: split.thinking,
      status: "complete",
      model: m.role === "assistant" ? (m.model ?? models[0] ?? null) : null,
      meta: {},
      createdAt: at,
      updatedAt: at,
    },
  };
}

/** One Open WebUI chat as Hearth's conversation; `where` names it in errors. */
export function fromOpenwebui(
  raw: z.infer<typeof openwebuiChat>,
  where: string,
): ImportedConversation {
  const now = new Date().toISOString();
  const created = isoFromEpoch(raw.created_at ?? raw.chat.timestamp, now);
  const models = raw.chat.models ?? [];
  const nodes: RawNode[] = [];
  let current: string | null = null;
  const history = raw.chat.history;
  if (history && Object.keys(history.messages).length > 0) {
    for (const [key, m] of Object.entries(history.messages)) {
      nodes.push(toNode(key, m.parentId ?? null, m, created, models));
    }
    current = history.currentId ?? null;
  } else {
    // The flat list is one path: each message follows the one before.
    (raw.chat.messages ?? []).forEach((m, i) => {
      const key = m.id ?? `#${i}`;
      nodes.push(toNode(key, i === 0 ? null : nodes[i - 1].key, m, created, models));
    });
  }
  const { messages, leafKey } = buildTree(nodes, current, where);
  return {
    title: titleOf(raw.title ?? raw.chat.title, messages, MAX_TITLE_CHARS),
    model: messages.findLast((m) => m.model)?.model ?? models[0] ?? "",
    systemPrompt: "",
    createdAt: created,
    updatedAt: isoFromEpoch(raw.updated_at, messages.at(-1)?.updatedAt ?? created),
    messages,
    leafKey,
  };
}
