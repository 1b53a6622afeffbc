import type { Migration } from "../migrate.ts";

/**
 * Thinking models: a conversation says whether its model reasons before answering (`think`, on
 * by default, which is what Ollama does for a model that can), and a reply keeps its reasoning
 * in `messages.thinking`, apart from its text. The search triggers watch `content` only, so the
 * reasoning is never indexed; it is never sent back to the model either.
 */
export default {
  version: 6,
  name: "thinking",
  up(db) {
    db.exec(`
      ALTER TABLE conversations ADD COLUMN think INTEGER NOT NULL DEFAULT 1;
      ALTER TABLE messages ADD COLUMN thinking TEXT NOT NULL DEFAULT '';
    `);
  },
} satisfies Migration;
