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
   * Older messages of the path (as far as `limit` reaches) that history would have had, left
   * unread because the newer ones already fill `budget`.
   */
  omitted: number;
}

/**
 * The path that ends at message `id`, oldest first: its newest `limit` messages, as history
 * needs them, read only as far back as a context of `budget` tokens could reach. What a reply is
 * given as history, read in one recursive query from the message it answers (every reply's start
 * reads it, so it must be cheap: six columns, and `meta` parsed only where history reads it, take
 * half the time of whole rows).
 *
 * The walk up the path counts what each message costs at least by `buildContext`'s estimate
 * (`context.ts`: a character is at least 1/3.5 of a token, a message 4 more; photos, the system
 * prompt and a calibrated scale only add). Once the newer messages alone cost the whole budget, no
 * older one can be sent, so their text is never read: in a conversation of 300 long messages, 20
 * are. The rest are only counted, so the reply can say how many were left out.
 */
export async function pathTo(
  db: DB,
  profileId: string,
  id: string,
  { limit, budget = Number.MAX_SAFE_INTEGER }: { limit: number; budget?: number },
): Promise<PathRead> {
  // 7 × tokens, so the lower bound 2 × characters + 28 (= 7 × (characters / 3.5 + 4)) is exact.
  const cap = Math.min(7 * budget, Number.MAX_SAFE_INTEGER);
  const { rows } = await pathRows(db, profileId, id, limit, cap);
  // What the model reported reading for the last complete reply calibrates the next estimate.
  const last = rows.findLastIndex((r) => r.role === "assistant" && r.status === "complete");
  return {
    messages: rows.map((r, i) => toPathMessage(r, i === last)),
    omitted: rows[0]?.omitted ?? 0,
  };
}

// Every reply's start reads it: compiled once (lib/db/fixed.ts). A parent must be older than its
// child, so damaged data cannot loop. `before`: the least the newer messages cost (× 7); `step`:
// what this one adds, counted only for a message `toChatMessage` sends with text (length() reads
// the text, so only below the cap); `h`: it would be history (octet_length reads only the size).
const pathRows = fixedQuery((
  db: DB,
  profileId: string,
  id: string,
  limit: number,
  cap: number,
) => ({
  compile: () =>
    sql<PathRow & { omitted: number }>`
    WITH RECURSIVE up(id, parent_id, seq, n, before, step, h) AS (
      SELECT id, parent_id, seq, 1, 0,
        iif(role IN ('user', 'assistant') AND octet_length(content) > 0, 2 * length(content) + 28, 0),
        1
      FROM messages WHERE id = ${id} AND profile_id = ${profileId}
      UNION ALL
      SELECT m.id, m.parent_id, m.seq, up.n + 1, up.before + up.step,
        iif(up.before + up.step < ${cap} AND m.role IN ('user', 'assistant')
          AND octet_length(m.content) > 0, 2 * length(m.content) + 28, 0),
        m.role IN ('user', 'system')
          OR (m.role = 'assistant' AND (m.status = 'complete' OR octet_length(m.content) > 0))
      FROM messages m JOIN up ON m.id = up.parent_id
      WHERE m.profile_id = ${profileId} AND m.seq < up.seq AND up.n < ${limit}
    )
    SELECT m.id, m.parent_id, m.role, m.content, m.status, m.meta,
      (SELECT count(*) FROM up WHERE before >= ${cap} AND h) AS omitted
    FROM up JOIN messages m ON m.id = up.id WHERE up.before < ${cap} ORDER BY up.seq`.compile(db),
}));
