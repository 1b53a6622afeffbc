/**
 * The starter gems (summarize, translate, draft an email, explain a photo). They are seeded once,
 * by migration 0019, as rows with a `starter` key; while that key is set (the admin has not
 * changed the gem), its words (name, description, instructions, labels, choices) are shown in
 * the viewer's language from `gems.starter.*` messages, so a household that speaks English and
 * German gets each member's own. Once the admin saves it, the key is cleared and the saved words
 * stand as written. A deleted starter stays deleted.
 */
import type { Locale } from "../i18n/mod.ts";
import { messages } from "../i18n/mod.ts";
import type { GemField, GemFieldType } from "./types.ts";

/** A starter's shape; its words come from the messages. */
interface StarterShape {
  key: string;
  icon: string;
  fields: { name: string; type: GemFieldType; required: boolean; options?: boolean }[];
}

/** The starters, in the order they are seeded. */
export const STARTERS: readonly StarterShape[] = [
  { key: "summarize", icon: "📝", fields: [{ name: "text", type: "longtext", required: true }] },
  {
    key: "translate",
    icon: "🌐",
    fields: [
      { name: "language", type: "select", required: true, options: true },
      { name: "text", type: "longtext", required: true },
    ],
  },
  {
    key: "email",
    icon: "✉️",
    fields: [
      { name: "recipient", type: "text", required: true },
      { name: "tone", type: "select", required: true, options: true },
      { name: "points", type: "longtext", required: true },
    ],
  },
  {
    key: "photo",
    icon: "📷",
    fields: [
      { name: "photo", type: "image", required: true },
      { name: "question", type: "text", required: false },
    ],
  },
];

/** A starter's words in `locale`. */
export interface StarterWords {
  name: string;
  description: string;
  instructions: string;
  fields: GemField[];
}

/** The words of starter `key` in `locale`; null for a key that is no starter (any more). */
export function starterWords(key: string, locale: Locale): StarterWords | null {
  const shape = STARTERS.find((s) => s.key === key);
  if (!shape) return null;
  // The starters' words, every one under this prefix (an unknown key shows as itself).
  const words = messages(locale, "gems.starter.");
  const t = (part: string) => words[`gems.starter.${key}.${part}`] ?? part;
  const fields = shape.fields.map((f): GemField => {
    const field: GemField = {
      name: f.name,
      type: f.type,
      label: t(`field.${f.name}`),
      required: f.required,
    };
    if (f.options) {
      field.options = t(`options.${f.name}`).split("|");
      field.default = field.options[0];
    }
    return field;
  });
  return {
    name: t("name"),
    description: t("description"),
    instructions: t("instructions"),
    fields,
  };
}
