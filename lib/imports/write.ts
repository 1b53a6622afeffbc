/**
 * Writing parsed conversations as the importing profile's own: one transaction for the whole
 * import (all or nothing), rows through the profile's `owned` scope. Messages are written in the
 * parser's order (every parent before its children) with `seq` 1, 2, 3…, so `seq` grows along
 * every path; `parent_id` and `leaf_id` map the file's keys to new ids. The full-text index
 * takes the messages up through its triggers, like any other message.
 */
import type { Kysely } from "kysely";
import { newId } from "../db/ids.ts";
import { owned } from "../db/owned.ts";
import type { Database, MessagesTable } from "../db/schema.ts";
import type { ImportedConversation, ImportResult, ImportSummary } from "./types.ts";

/** Rows per insert statement (12 columns each, well under SQLite's variable limit). */
const ROWS_PER_INSERT = 200;

/** Writes `conversations` for `profileId` in one transaction; answers the new ids and titles. */
export async function writeImport(
  db: Kysely<Database>,
  profileId: string,
  conversations: readonly ImportedConversation[],
): Promise<ImportResult> {
  return await db.transaction().execute(async (tx) => {
    const scope = owned(tx, profileId);
    const made: ImportResult["conversations"] = [];
    for (const c of conversations) {
      const id = newId();
      const ids = new Map<string, string>();
      const rows: Omit<MessagesTable, "profile_id">[] = c.messages.map((m, i) => {
        const messageId = newId();
        ids.set(m.key, messageId);
        return {
          id: messageId,
          conversation_id: id,
          seq: i + 1,
          parent_id: m.parentKey === null ? null : ids.get(m.parentKey)!,
          role: m.role,
          content: m.content,
          thinking: m.thinking,
          status: m.status,
          model: m.model,
          meta: JSON.stringify(m.meta),
          created_at: m.createdAt,
          updated_at: m.updatedAt,
        };
      });
      await scope.insertInto("conversations", {
        id,
        title: c.title,
        model: c.model,
        system_prompt: c.systemPrompt,
        think: 1,
        assistant: 0,
        agent: 0,
        leaf_id: c.leafKey === null ? null : ids.get(c.leafKey) ?? null,
        created_at: c.createdAt,
        updated_at: c.updatedAt,
      }).execute();
      for (let at = 0; at < rows.length; at += ROWS_PER_INSERT) {
        await scope.insertInto("messages", rows.slice(at, at + ROWS_PER_INSERT)).execute();
      }
      made.push({ id, title: c.title });
    }
    return { imported: made.length, conversations: made };
  });
}

/** How a preview shows a conversation: counts of messages, of those on the path, of branches. */
export function summarize(c: ImportedConversation, index: number): ImportSummary {
  const parents = new Map<string, string | null>();
  const hasChild = new Set<string>();
  for (const m of c.messages) {
    parents.set(m.key, m.parentKey);
    if (m.parentKey !== null) hasChild.add(m.parentKey);
  }
  let active = 0;
  // The tree is acyclic (checked by the parser) and each step goes up: at most one per message.
  for (let key = c.leafKey; key !== null && active < c.messages.length; active++) {
    key = parents.get(key) ?? null;
  }
  return {
    index,
    title: c.title,
    messages: c.messages.length,
    activeMessages: active,
    branches: c.messages.filter((m) => !hasChild.has(m.key)).length,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
  };
}
