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

/** What `pathTo` read: the newest messages of the path, and how many older ones it left. */
export interface PathRead {
  /** Oldest first. */
  messages: PathMessage[];
  /**
   * Older messages of the path (as far as `limit` reaches), left unread because the newer ones
   * already fill `budget`.
   */
  omitted: number;
}

/**
 * The path that ends at message `id`, oldest first: its newest `limit` messages, as history
 * needs them, read only as far back as a context of `budget` tokens could reach. What a reply is
 * given as history, read in one recursive query from the message it answers (every reply's start
 * reads it, so it must be cheap: a few columns, and `meta` parsed only where history reads it,
 * take half the time of whole rows).
 *
 * The walk up the path adds up what each message costs at least by `buildContext`'s estimate
 * (`context.ts`: a character is at least 1/3.5 of a token, a message 4 more; photos, the system
 * prompt and a calibrated scale only add), and stops once the newer messages alone cost the whole
 * budget: no older one could be sent. In a conversation of 300 long messages, 19 are read. The
 * rest are counted (`olderCount`), so the reply can say how many were left out.
 */
export async function pathTo(
  db: DB,
  profileId: string,
  id: string,
  { limit, budget = Number.MAX_SAFE_INTEGER }: { limit: number; budget?: number },
): Promise<PathRead> {
  // 7 × tokens, so the least cost 2 × characters + 28 (= 7 × (characters / 3.5 + 4)) is whole.
  const cap = Math.min(7 * budget, Number.MAX_SAFE_INTEGER);
  const { rows } = await pathRows(db, profileId, id, limit, cap);
  // What the model reported reading for the last complete reply calibrates the next estimate.
  const last = rows.findLastIndex((r) => r.role === "assistant" && r.status === "complete");
  // The walk stopped before the first message and the limit: the budget stopped it.
  const oldest = rows[0];
  const left = limit - rows.length;
  const omitted = oldest?.parent_id && left > 0
    ? Math.min(
      left,
      (await olderCount(db, oldest.conversation_id, oldest.seq, oldest.parent_id, left))
        .rows[0]?.n ?? 0,
    )
    : 0;
  return { messages: rows.map((r, i) => toPathMessage(r, i === last)), omitted };
}

// Every reply's start reads it: compiled once (lib/db/fixed.ts). A parent must be older than its
// child, so damaged data cannot loop. `before`: the least the newer messages cost (× 7); `step`:
// what this one adds, for a message `toChatMessage` sends with its text (length() reads the text,
// octet_length() only its size).
const pathRows = fixedQuery((
  db: DB,
  profileId: string,
  id: string,
  limit: number,
  cap: number,
) => ({
  compile: () =>
    sql<PathRow & { seq: number; conversation_id: string }>`
    WITH RECURSIVE up(id, parent_id, seq, n, before, step) AS (
      SELECT id, parent_id, seq, 1, 0,
        iif(role IN ('user', 'assistant') AND octet_length(content) > 0, 2 * length(content) + 28, 0)
      FROM messages WHERE id = ${id} AND profile_id = ${profileId}
      UNION ALL
      SELECT m.id, m.parent_id, m.seq, up.n + 1, up.before + up.step,
        iif(m.role IN ('user', 'assistant') AND octet_length(m.content) > 0,
          2 * length(m.content) + 28, 0)
      FROM messages m JOIN up ON m.id = up.parent_id
      WHERE m.profile_id = ${profileId} AND m.seq < up.seq AND up.n < ${limit}
        AND up.before + up.step < ${cap}
    )
    SELECT m.id, m.parent_id, m.role, m.content, m.status, m.meta, m.seq, m.conversation_id
    FROM up JOIN messages m ON m.id = up.id ORDER BY up.seq`.compile(db),
}));

/**
 * How many messages the path has from `parentId` up (at most `max`), the parent of its message
 * `seq`. Without versions in the conversation (no message with two children, one first message),
 * they are all its messages before `seq`: counted in the index of seqs, without reading a row (a
 * walk up 300 messages of a large database reads ~150 pages: ~1 ms). With versions, the path is
 * walked up. The conversation's messages are all its profile's, as the message read was.
 */
const olderCount = fixedQuery((
  db: DB,
  conversationId: string,
  seq: number,
  parentId: string,
  max: number,
) => ({
  compile: () =>
    sql<{ n: number }>`
    SELECT CASE WHEN EXISTS (
      SELECT 1 FROM messages WHERE conversation_id = ${conversationId}
      GROUP BY parent_id HAVING count(*) > 1
    ) THEN (
      WITH RECURSIVE up(id, parent_id, seq, n) AS (
        SELECT id, parent_id, seq, 1 FROM messages
        WHERE id = ${parentId} AND conversation_id = ${conversationId}
        UNION ALL
        SELECT m.id, m.parent_id, m.seq, up.n + 1 FROM messages m JOIN up ON m.id = up.parent_id
        WHERE m.conversation_id = ${conversationId} AND m.seq < up.seq AND up.n < ${max}
      )
      SELECT count(*) FROM up
    ) ELSE (
      SELECT count(*) FROM messages
      WHERE conversation_id = ${conversationId} AND seq < ${seq}
    ) END AS n`.compile(db),
}));
