/**
 * Test factories for documents in chat: documents with chunks straight into the database, and a
 * stand-in for `retrieve` (lib/rag/retrieve.ts) that embeds the query through the provider (so a
 * test sees at the Fake Ollama what was searched for) and ranks passages by shared words.
 */
import type { ChatProvider } from "../ai/types.ts";
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { newId } from "../db/ids.ts";
import type { Passage, Retrieve } from "./chat.ts";
import { readableDocuments } from "../documents/access.ts";

/** Stores a ready document with one chunk per passage; answers its id and chunk ids. */
export async function insertDocument(
  db: Kysely<Database>,
  input: {
    profileId: string;
    name: string;
    shared?: boolean;
    passages: { heading: string; text: string }[];
  },
): Promise<{ id: string; chunks: number[] }> {
  const id = newId();
  const at = new Date().toISOString();
  await db.insertInto("documents").values({
    id,
    profile_id: input.profileId,
    folder_id: null,
    name: input.name,
    kind: "md",
    mime: "text/markdown",
    size: 100,
    sha256: "0".repeat(64),
    shared: input.shared ? 1 : 0,
    status: "ready",
    error_code: null,
    error_message: null,
    pages: null,
    chars: 100,
    embed_model: null,
    created_at: at,
    updated_at: at,
  }).execute();
  const chunks: number[] = [];
  let start = 0;
  for (const [seq, p] of input.passages.entries()) {
    const row = await db.insertInto("document_chunks").values({
      document_id: id,
      seq,
      heading: p.heading,
      text: p.text,
      start,
      end: start + p.text.length,
      tokens: p.text.split(/\s+/).length,
    }).returning("id").executeTakeFirstOrThrow();
    chunks.push(row.id);
    start += p.text.length + 2;
  }
  return { id, chunks };
}

const wordsOf = (text: string) =>
  new Set(text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((w) => w.length >= 3));

/**
 * A `retrieve` for tests: the query is embedded through `provider` with `embedModel` (the Fake
 * Ollama records it), then the chunks of the readable documents (limited to `documents`) are
 * ranked by how many of the query's words (3+ letters) they share; none shared, not found.
 * `calls` records every request.
 */
export function wordRetrieve(
  db: Kysely<Database>,
  provider: () => ChatProvider,
  embedModel = "nomic-embed-text:latest",
): Retrieve & { calls: Parameters<Retrieve>[0][] } {
  const calls: Parameters<Retrieve>[0][] = [];
  const fn = async (req: Parameters<Retrieve>[0]): Promise<Passage[]> => {
    calls.push(req);
    await provider().embed(embedModel, [req.query], {
      signal: req.signal,
      priority: "interactive",
      owner: req.profileId,
      label: "embed",
    });
    let q = readableDocuments(db, req.profileId).innerJoin(
      "document_chunks as c",
      "c.document_id",
      "documents.id",
    ).select([
      "c.id as chunkId",
      "documents.id as documentId",
      "documents.name as name",
      "c.heading as heading",
      "c.text as text",
      "c.start as start",
      "c.end as end",
    ]);
    if (req.documents) q = q.where("documents.id", "in", [...req.documents, ""]);
    const rows = await q.orderBy("c.id").execute();
    const query = wordsOf(req.query);
    return rows.map((r) => {
      const text = wordsOf(`${r.heading} ${r.text}`);
      return { ...r, score: [...query].filter((w) => text.has(w)).length };
    }).filter((p) => p.score > 0).sort((a, b) => b.score - a.score).slice(0, req.k ?? 6);
  };
  return Object.assign(fn, { calls });
}
