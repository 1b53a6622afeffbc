/** The shapes list routes accept. */
import { z } from "zod";
import { LIST_KINDS, LIST_LIMITS } from "./types.ts";

const name = z.string().trim().min(1).max(LIST_LIMITS.name);
const text = z.string().trim().min(1).max(LIST_LIMITS.text);
const id = z.string().min(1).max(64);

/** `POST /api/lists`. */
export const createListSchema = z.strictObject({
  name,
  kind: z.enum(LIST_KINDS).default("other"),
  shared: z.boolean().default(false),
});

/** `PATCH /api/lists/{id}` (owner only). */
export const updateListSchema = z.strictObject({
  name: name.optional(),
  kind: z.enum(LIST_KINDS).optional(),
  shared: z.boolean().optional(),
}).refine((v) => Object.keys(v).length > 0, "send at least one of name, kind, shared");

/**
 * `POST /api/lists/{id}/items`: one (`{text}`) or many (`{items: [{text}, …]}`, at most as many
 * as a list holds, so a 10,000-item paste is a 422 before anything is stored).
 */
export const addItemsSchema = z.strictObject({
  text: text.optional(),
  items: z.array(z.strictObject({ text })).min(1).max(LIST_LIMITS.items).optional(),
}).refine((v) => (v.text === undefined) !== (v.items === undefined), {
  message: "send either text or items",
  path: ["text"],
}).transform((v) => v.items?.map((i) => i.text) ?? [v.text!]);

/** `PATCH /api/lists/{id}/items/{itemId}`. */
export const updateItemSchema = z.strictObject({
  text: text.optional(),
  done: z.boolean().optional(),
}).refine((v) => Object.keys(v).length > 0, "send at least one of text, done");

/** `POST /api/lists/{id}/items/reorder`: every item id of the list, in the new order. */
export const reorderSchema = z.strictObject({
  ids: z.array(id).max(LIST_LIMITS.items).refine(
    (ids) => new Set(ids).size === ids.length,
    "names an item twice",
  ),
});

export type NewList = z.output<typeof createListSchema>;
export type ListChange = z.output<typeof updateListSchema>;
export type ItemChange = z.output<typeof updateItemSchema>;
