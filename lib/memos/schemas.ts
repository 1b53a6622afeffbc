/** The shapes memo routes accept, in one place so the limits are the same everywhere. */
import { z } from "zod";
import { MEMO_LIMITS } from "./types.ts";

/** A tag as stored: NFC, trimmed, no leading "#", lower case, inner spaces as "-". */
export function normaliseTag(tag: string): string {
  return tag.normalize("NFC").trim().replace(/^#+/, "").trim().toLocaleLowerCase("en")
    .replace(/\s+/g, "-");
}

const tag = z.string().max(200).transform(normaliseTag).pipe(
  z.string().min(1).max(MEMO_LIMITS.tag),
);

/** Tags: each normalised, duplicates dropped. */
export const tagsSchema = z.array(tag).max(MEMO_LIMITS.tags).transform((tags) => [
  ...new Set(tags),
]);

const title = z.string().trim().max(MEMO_LIMITS.title);
const body = z.string().max(MEMO_LIMITS.body);

/** `POST /api/memos`. */
export const createMemoSchema = z.strictObject({
  title: title.optional(),
  body: body.default(""),
  tags: tagsSchema.default([]),
  pinned: z.boolean().default(false),
}).refine((m) => (m.title ?? "") !== "" || m.body.trim() !== "", {
  message: "a memo needs a title or a body",
  path: ["body"],
});

/** `PATCH /api/memos/{id}`. */
export const updateMemoSchema = z.strictObject({
  title: title.optional(),
  body: body.optional(),
  tags: tagsSchema.optional(),
  pinned: z.boolean().optional(),
}).refine((v) => Object.keys(v).length > 0, "send at least one of title, body, tags, pinned");

/** `GET /api/memos`. */
export const memoQuery = z.object({
  tag: z.string().max(200).transform(normaliseTag).pipe(z.string().min(1).max(MEMO_LIMITS.tag))
    .optional(),
  pinned: z.enum(["true", "false"]).transform((v) => v === "true").optional(),
  q: z.string().trim().max(200).optional(),
  sort: z.enum(["updated", "created"]).default("updated"),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(100).optional(),
  offset: z.coerce.number().int().min(0).max(1_000_000).optional(),
}).refine((v) => v.cursor === undefined || v.offset === undefined, {
  message: "send either cursor or offset",
  path: ["offset"],
});

export type MemoQuery = z.output<typeof memoQuery>;
export type NewMemo = z.output<typeof createMemoSchema>;
export type MemoChange = z.output<typeof updateMemoSchema>;
