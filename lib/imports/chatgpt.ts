/**
 * ChatGPT's data export (`conversations.json`): an array of conversations, each a `mapping` of
 * nodes `{ id, message, parent, children }` and the `current_node` the app showed last. Times are
 * float seconds. A node without a message (the root), a system or tool message, one hidden from
 * the conversation (`metadata.is_visually_hidden_from_conversation`), one addressed to a tool
 * (`recipient` not `all`), custom instructions (`user_editable_context`) and an empty one are
 * left out; their children move up. Reasoning nodes (`thoughts`, `reasoning_recap`) become the
 * next reply's thinking. Text parts are joined; an image or a file becomes a short placeholder.
 */
import { z } from "zod";
import { buildTree, isoFromEpoch, type RawNode, titleOf } from "./tree.ts";
import { type ImportedConversation, MAX_TITLE_CHARS } from "./types.ts";

const epoch = z.number().nullish();

const message = z.looseObject({
  id: z.string().optional(),
  author: z.looseObject({ role: z.string(), name: z.string().nullish() }),
  create_time: epoch,
  update_time: epoch,
  content: z.looseObject({
    content_type: z.string(),
    parts: z.array(z.unknown()).nullish(),
    text: z.string().nullish(),
    thoughts: z.array(z.looseObject({ content: z.string().nullish() })).nullish(),
    content: z.string().nullish(),
  }),
  status: z.string().nullish(),
  recipient: z.string().nullish(),
  metadata: z.looseObject({
    is_visually_hidden_from_conversation: z.boolean().nullish(),
    model_slug: z.string().nullish(),
  }).nullish(),
});

const node = z.looseObject({
  id: z.string().optional(),
  message: message.nullish(),
  parent: z.string().nullish(),
  children: z.array(z.string()).nullish(),
});

/** One conversation of `conversations.json`. */
export const chatgptConversation = z.looseObject({
  title: z.string().nullish(),
  create_time: epoch,
  update_time: epoch,
  mapping: z.record(z.string(), node),
  current_node: z.string().nullish(),
  default_model_slug: z.string().nullish(),
});

/** True when `value` looks like one ChatGPT conversation (has a `mapping` object). */
export function isChatgptConversation(value: unknown): boolean {
  return typeof value === "object" && value !== null && !Array.isArray(value) &&
    typeof (value as Record<string, unknown>).mapping === "object";
}

type Message = z.infer<typeof message>;

/** The text of a part of a message: a string, a transcript, or a placeholder. */
function partText(part: unknown): string {
  if (typeof part === "string") return part;
  if (typeof part !== "object" || part === null) return "";
  const p = part as Record<string, unknown>;
  if (typeof p.text === "string") return p.text;
  switch (p.content_type) {
    case "image_asset_pointer":
      return "[image]";
    case "audio_asset_pointer":
    case "real_time_user_audio_video_asset_pointer":
      return "[audio]";
    case "video_container_asset_pointer":
      return "[video]";
    default:
      return "[attachment]";
  }
}

/** A message's visible text ("" when it has none). */
function textOf(m: Message): string {
  const c = m.content;
  switch (c.content_type) {
    case "text":
    case "multimodal_text":
      return (c.parts ?? []).map(partText).filter((s) => s !== "").join("\n").trim();
    case "code":
      return c.text ? `\`\`\`\n${c.text}\n\`\`\`` : "";
    default:
      return "";
  }
}

/** A reasoning node's text. */
function thinkingOf(m: Message): string {
  const c = m.content;
  if (c.content_type === "thoughts") {
    return (c.thoughts ?? []).map((t) => t.content ?? "").filter(Boolean).join("\n\n");
  }
  return "";
}

function statusOf(m: Message): "complete" | "interrupted" {
  return m.status && m.status !== "finished_successfully" &&
      m.status !== "finished_partial_completion"
    ? "interrupted"
    : "complete";
}

/** One ChatGPT conversation as Hearth's; `where` names it in errors. */
export function fromChatgpt(
  raw: z.infer<typeof chatgptConversation>,
  where: string,
): ImportedConversation {
  const now = new Date().toISOString();
  const created = isoFromEpoch(raw.create_time, now);
  const nodes: RawNode[] = [];
  for (const [key, n] of Object.entries(raw.mapping)) {
    const m = n.message;
    const parentKey = n.parent ?? null;
    let kept: RawNode["message"] = null;
    let thinking: string | undefined;
    if (m) {
      const role = m.author.role;
      const hidden = m.metadata?.is_visually_hidden_from_conversation === true;
      const toTool = m.recipient !== undefined && m.recipient !== null && m.recipient !== "all";
      const text = textOf(m);
      if ((role === "user" || role === "assistant") && !hidden && !toTool && text) {
        const at = isoFromEpoch(m.create_time, created);
        kept = {
          role,
          content: text,
          thinking: "",
          status: statusOf(m),
          model: role === "assistant"
            ? (m.metadata?.model_slug ?? raw.default_model_slug ?? null)
            : null,
          meta: {},
          createdAt: at,
          updatedAt: isoFromEpoch(m.update_time, at),
        };
      } else if (role === "assistant") thinking = thinkingOf(m);
    }
    nodes.push({ key, parentKey, message: kept, ...(thinking && { thinking }) });
  }
  const { messages, leafKey } = buildTree(nodes, raw.current_node ?? null, where);
  const lastModel = messages.findLast((m) => m.model)?.model ?? raw.default_model_slug ?? "";
  return {
    title: titleOf(raw.title, messages, MAX_TITLE_CHARS),
    model: lastModel,
    systemPrompt: "",
    createdAt: created,
    updatedAt: isoFromEpoch(raw.update_time, messages.at(-1)?.updatedAt ?? created),
    messages,
    leafKey,
  };
}
