/** What the admin sends to create or change a gem, and what a run sends. */
import { z } from "zod";
import { MAX_FIELDS } from "../../components/gems/fields.ts";

const text = (max: number) => z.string().max(max);

/** One field's description (the name must be a placeholder of the instructions). */
export const fieldInput = z.strictObject({
  name: z.string().max(40),
  // Any string: an unknown type is answered with its own error naming the field.
  type: z.string().max(20).optional(),
  label: text(100).optional(),
  required: z.boolean().optional(),
  default: z.union([z.string().max(2000), z.number(), z.null()]).optional(),
  options: z.array(z.string().max(100)).max(50).optional(),
  min: z.number().nullable().optional(),
  max: z.number().nullable().optional(),
});

/** Sampling options; see `GemParameters`. */
export const parametersInput = z.strictObject({
  temperature: z.number().min(0).max(2).optional(),
  maxTokens: z.number().int().min(1).max(32768).optional(),
  seed: z.number().int().min(0).max(2 ** 31 - 1).optional(),
  numCtx: z.number().int().min(256).max(1_048_576).optional(),
});

/** A whole gem (create, and replace on PUT). */
export const gemInput = z.strictObject({
  name: z.string().trim().min(1).max(100),
  icon: z.string().trim().min(1).max(16).default("💎"),
  description: text(500).default(""),
  instructions: z.string().trim().min(1).max(20_000),
  fields: z.array(fieldInput).max(MAX_FIELDS).default([]),
  model: z.string().trim().max(200).default(""),
  parameters: parametersInput.default({}),
  // Checked by `schemaProblems`, which names what it cannot check.
  outputSchema: z.record(z.string(), z.unknown()).nullable().default(null),
  tools: z.array(z.string().max(64)).max(50).default([]),
  documents: z.array(z.string().max(64)).max(200).default([]),
});

export type GemInput = z.output<typeof gemInput>;

/** `POST /api/gems/{id}/run`. */
export const runInput = z.strictObject({
  values: z.record(z.string().max(40), z.union([z.string(), z.number(), z.null()])).default({}),
  /** Photo ids (`POST /api/chat/attachments`) beyond the image fields; rarely needed. */
  attachments: z.array(z.string().max(64)).max(4).optional(),
});
