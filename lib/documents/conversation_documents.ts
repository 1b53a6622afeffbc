/**
 * The documents a conversation uses ("use this document"): the conversation must be the viewer's
 * own, the document one the viewer may read; one that is unshared later stops showing.
 */
import type { Kysely } from "kysely";
import type { Database, Db } from "../db/mod.ts";
import { fixedQuery } from "../db/fixed.ts";
import { owned } from "../db/owned.ts";
import { HttpError } from "../http/errors.ts";
import { documentAccess } from "./access.ts";
import { DOCUMENT_LIMITS } from "./schemas.ts";
import {
  INFO_COLUMNS,
  infoQuery,
  type InfoRow,
  type K,
  noTask,
  now,
  type TaskOf,
  toInfo,
} from "./store.ts";
import type { DocumentInfo } from "./types.ts";

const anyLinked = fixedQuery((db: Kysely<Database>, conversationId: string) =>
  db.selectFrom("conversation_documents").select("document_id")
    .where("conversation_id", "=", conversationId).limit(1)
);

/**
 * Whether the conversation uses any document, by a look at the link table's key: most use none,
 * and a reply's start asks it in its own transaction (a read of its own would cost ~35 µs more,
 * for taking a snapshot of the WAL).
 */
export async function usesDocuments(db: Kysely<Database>, conversationId: string) {
  return (await anyLinked(db, conversationId)).rows.length > 0;
}

function conversationNotFound(): HttpError {
  return new HttpError(404, "conversation_not_found", "No such conversation.");
}

async function ownConversation(db: K, viewerId: string, conversationId: string) {
  await owned(db, viewerId, { conversations: conversationNotFound })
    .get("conversations", conversationId);
}

/**
 * The documents the conversation uses ("use this document") that `viewerId` may still read, in
 * the order they were added. The conversation must be the viewer's own (404 otherwise).
 */
export async function conversationDocuments(
  db: Db,
  viewerId: string,
  conversationId: string,
  taskOf: TaskOf = noTask,
): Promise<DocumentInfo[]> {
  await ownConversation(db.kysely, viewerId, conversationId);
  const rows = await infoQuery(db.kysely, viewerId)
    .innerJoin("conversation_documents as cd", "cd.document_id", "documents.id")
    .select(INFO_COLUMNS).where("cd.conversation_id", "=", conversationId)
    .orderBy("cd.created_at").orderBy("documents.id").execute();
  return rows.map((r) => toInfo(r as InfoRow, viewerId, taskOf));
}

/**
 * Makes the conversation use a document the viewer may read (again is fine). At most
 * `DOCUMENT_LIMITS.perConversation` at once (422 `too_many_documents`).
 */
export async function attachDocument(
  db: Db,
  viewerId: string,
  conversationId: string,
  documentId: string,
): Promise<void> {
  await db.kysely.transaction().execute(async (tx) => {
    await ownConversation(tx, viewerId, conversationId);
    await documentAccess(tx, viewerId, documentId, "read");
    const { n } = await tx.selectFrom("conversation_documents")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("conversation_id", "=", conversationId).where("document_id", "!=", documentId)
      .executeTakeFirstOrThrow();
    if (Number(n) >= DOCUMENT_LIMITS.perConversation) {
      throw new HttpError(
        422,
        "too_many_documents",
        `A conversation uses at most ${DOCUMENT_LIMITS.perConversation} documents at once.`,
        {},
        { max: DOCUMENT_LIMITS.perConversation },
      );
    }
    await tx.insertInto("conversation_documents").values({
      conversation_id: conversationId,
      document_id: documentId,
      created_at: now(),
    }).onConflict((oc) => oc.doNothing()).execute();
  });
}

/** Stops the conversation using a document (nothing to stop is fine). */
export async function detachDocument(
  db: Db,
  viewerId: string,
  conversationId: string,
  documentId: string,
): Promise<void> {
  await db.kysely.transaction().execute(async (tx) => {
    await ownConversation(tx, viewerId, conversationId);
    await tx.deleteFrom("conversation_documents").where("conversation_id", "=", conversationId)
      .where("document_id", "=", documentId).execute();
  });
}
