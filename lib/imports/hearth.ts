/**
 * Hearth's own conversation export (`GET /api/conversations/{id}/export?format=json`):
 * `hearth.conversation.v1` is one path in `seq` order; `hearth.conversation.v2` has every branch
 * (each message's `parentId`) and the conversation's `leafId`. Roles, status, model, thinking and
 * meta are kept, except what points at rows of the box it came from (a running task, photos).
 */
import { z } from "zod";
import { buildTree, isoFromString, type RawNode, titleOf } from "./tree.ts";
import { type ImportedConversation, type ImportFormat, MAX_TITLE_CHARS } from "./types.ts";

const hearthMessage = z.looseObject({
  id: z.string().min(1),
  parentId: z.string().nullish(),
  seq: z.number().optional(),
  role: z.enum(["system", "user", "assistant", "tool"]),
  content: z.string(),
  thinking: z.string().nullish(),
  status: z.string().nullish(),
  model: z.string().nullish(),
  meta: z.record(z.string(), z.unknown()).nullish(),
  createdAt: z.string().nullish(),
  updatedAt: z.string().nullish(),
});

/** A Hearth export file (either version). */
export const hearthExport = z.looseObject({
  format: z.enum(["hearth.conversation.v1", "hearth.conversation.v2"]),
  conversation: z.looseObject({
    title: z.string().nullish(),
    model: z.string().nullish(),
    systemPrompt: z.string().nullish(),
    createdAt: z.string().nullish(),
    updatedAt: z.string().nullish(),
    leafId: z.string().nullish(),
  }),
  messages: z.array(hearthMessage),
});

/** True when `value` says it is a Hearth conversation export (any version). */
export function isHearthExport(value: unknown): boolean {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const format = (value as Record<string, unknown>).format;
  return typeof format === "string" && format.startsWith("hearth.conversation.");
}

const STATUSES = new Set(["complete", "cancelled", "error", "truncated", "interrupted"]);

/** One Hearth export as a conversation to write; `where` names it in errors. */
export function fromHearth(
  raw: z.infer<typeof hearthExport>,
  where: string,
): { format: ImportFormat; conversation: ImportedConversation } {
  const now = new Date().toISOString();
  const created = isoFromString(raw.conversation.createdAt, now);
  const v2 = raw.format === "hearth.conversation.v2";
  // v1 is one path: in seq order, each message follows the one before.
  const ordered = v2 ? raw.messages : raw.messages.toSorted((a, b) => (a.seq ?? 0) - (b.seq ?? 0));
  const nodes: RawNode[] = ordered.map((m, i) => {
    // A reply still streaming when exported ended there.
    const status = m.status === "streaming"
      ? "interrupted"
      : STATUSES.has(m.status ?? "")
      ? m.status as "complete"
      : "complete";
    const { taskId: _task, images: _images, ...meta } = m.meta ?? {};
    const at = isoFromString(m.createdAt, created);
    return {
      key: m.id,
      parentKey: v2 ? (m.parentId ?? null) : i === 0 ? null : ordered[i - 1].id,
      message: {
        role: m.role,
        content: m.content,
        thinking: m.thinking ?? "",
        status,
        model: m.model ?? null,
        meta,
        createdAt: at,
        updatedAt: isoFromString(m.updatedAt, at),
      },
    };
  });
  const { messages, leafKey } = buildTree(
    nodes,
    v2 ? (raw.conversation.leafId ?? null) : (ordered.at(-1)?.id ?? null),
    where,
  );
  return {
    format: raw.format,
    conversation: {
      title: titleOf(raw.conversation.title, messages, MAX_TITLE_CHARS),
      model: raw.conversation.model ?? "",
      systemPrompt: raw.conversation.systemPrompt ?? "",
      createdAt: created,
      updatedAt: isoFromString(raw.conversation.updatedAt, messages.at(-1)?.updatedAt ?? created),
      messages,
      leafKey,
    },
  };
}
