/**
 * What a reply's start reads, in the start's transaction (`engine.ts` `startReply`): the
 * conversation with what the start needs besides, and the history. Each is one fixed query
 * (`lib/db/fixed.ts`): in the server every statement of a start costs ~17 µs of CPU on top of its
 * SQL (docs/BENCHMARKS.md, thirteenth pass). Scoped to the owner like the rest of the chat store
 * (`store.ts`).
 */
import { type Kysely, sql } from "kysely";
import type { Database } from "../db/schema.ts";
import { fixedQuery } from "../db/fixed.ts";
import { createConversation, mine } from "./store.ts";
import { type PathRow, toConversation, toPathMessage } from "./rows.ts";
import type { Conversation, PathMessage } from "./types.ts";

type DB = Kysely<Database>;

/** What a reply's start reads of its conversation (`conversationForReply`). */
export interface ReplyConversation {
  conversation: Conversation;
  /** Its highest message `seq` on any branch (0 for none): the next message takes the one after. */
  lastSeq: number;
  /** It uses a document (`lib/documents/conversation_documents.ts`), so the reply retrieves. */
  linked: boolean;
}

/**
 * One conversation of the profile (or 404), with what a reply's start needs besides, in one
 * statement rather than three.
 */
export async function conversationForReply(
  db: DB,
  profileId: string,
  id: string,
): Promise<ReplyConversation> {
  const [row] = (await replyConversationRow(db, profileId, id)).rows;
  if (!row) throw mine(db, profileId).notFound("conversations", id);
  return {
    conversation: toConversation(row),
    lastSeq: row.last_seq ?? 0,
    linked: row.linked === 1,
  };
}

const replyConversationRow = fixedQuery((db: DB, profileId: string, id: string) =>
  mine(db, profileId).selectFrom("conversations").selectAll().select((eb) => [
    mine(db, profileId).selectFrom("messages", eb).select((m) => m.fn.max("messages.seq").as("seq"))
      .whereRef("messages.conversation_id", "=", "conversations.id").as("last_seq"),
    eb.exists(
      eb.selectFrom("conversation_documents").select("conversation_documents.document_id")
        .whereRef("conversation_documents.conversation_id", "=", "conversations.id"),
    ).$castTo<number>().as("linked"),
  ]).where("conversations.id", "=", id)
);

/** A new conversation, as `conversationForReply` reads one: no messages, no documents. */
export async function newReplyConversation(
  tx: DB,
  profileId: string,
  model = "",
): Promise<ReplyConversation> {
  return {
    conversation: await createConversation(tx, profileId, { model }),
    lastSeq: 0,
    linked: false,
  };
}

/**
 * The path that ends at message `id`, oldest first: its newest `limit` messages, as history
 * needs them. What a reply is given as history, read in one recursive query from the message
 * it answers (a reply's start reads it inside its transaction, so it must be cheap: six columns,
 * and `meta` parsed only where history reads it, take half the time of whole rows).
 */
export async function pathTo(
  db: DB,
  profileId: string,
  id: string,
  limit: number,
): Promise<PathMessage[]> {
  const { rows } = await pathRows(db, profileId, id, limit);
  // What the model reported reading for the last complete reply calibrates the next estimate.
  const last = rows.findLastIndex((r) => r.role === "assistant" && r.status === "complete");
  return rows.map((r, i) => toPathMessage(r, i === last));
}

// Every reply's start reads it: compiled once (lib/db/fixed.ts). A parent must be older than its
// child, so damaged data cannot loop.
const pathRows = fixedQuery((db: DB, profileId: string, id: string, limit: number) => ({
  compile: () =>
    sql<PathRow>`
    WITH RECURSIVE up(id, parent_id, seq, n) AS (
      SELECT id, parent_id, seq, 1 FROM messages WHERE id = ${id} AND profile_id = ${profileId}
      UNION ALL
      SELECT m.id, m.parent_id, m.seq, up.n + 1 FROM messages m JOIN up ON m.id = up.parent_id
      WHERE m.profile_id = ${profileId} AND m.seq < up.seq AND up.n < ${limit}
    )
    SELECT m.id, m.parent_id, m.role, m.content, m.status, m.meta
    FROM up JOIN messages m ON m.id = up.id ORDER BY up.seq`.compile(db),
}));
