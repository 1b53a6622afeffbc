/** Test and benchmark helpers for backups: a small world of data, and ways to compare two. */
import { createHash } from "node:crypto";
import { createAdmin } from "../auth/mod.ts";
import { addMessage, createConversation } from "../chat/store.ts";
import type { Db } from "../db/mod.ts";
import { addProfiles } from "../db/testing.ts";
import { seedDocument } from "../documents/ingest/testing.ts";
import { DATA_FOLDERS, walkFiles } from "./create.ts";
import { indexPending } from "../db/search_later.ts";

/** The ids `seedWorld` made. */
export interface World {
  conversationId: string;
  documentId: string;
}

/**
 * An admin and a member, a conversation with two branches, a document with a chunk and its
 * vector, a workspace with files and a snapshot store file.
 */
export async function seedWorld(db: Db, dataDir: string): Promise<World> {
  await createAdmin(db, { name: "Admin", password: "correct horse battery" });
  await addProfiles(db, ["anna"]);
  const conv = await createConversation(db.kysely, "anna", { title: "Trip to Lisbon" });
  const q = await addMessage(db.kysely, "anna", conv.id, { role: "user", content: "Pastéis?" });
  await addMessage(db.kysely, "anna", conv.id, { role: "assistant", content: "Belém, first." });
  await addMessage(db.kysely, "anna", conv.id, {
    role: "assistant",
    content: "Try Manteigaria.",
    parentId: q.id,
  });
  const documentId = await seedDocument(db, dataDir, {
    profileId: "anna",
    content: "Lisbon notes: trams, tiles, custard.",
    name: "notes.txt",
    kind: "txt",
    status: "ready",
  });
  await Deno.writeTextFile(`${dataDir}/documents/${documentId}.md`, "# Lisbon notes\n");
  db.raw.prepare(
    "INSERT INTO document_chunks (document_id, seq, text, start, end, tokens) VALUES (?, 1, ?, 0, 10, 3)",
  ).run(documentId, "trams tiles");
  const chunk = db.raw.prepare("SELECT max(id) AS id FROM document_chunks").get() as { id: number };
  db.raw.prepare("INSERT INTO chunk_vectors (chunk_id, model, dims, vec) VALUES (?, 'e', 2, ?)")
    .run(chunk.id, new Uint8Array([0, 0, 128, 63, 0, 0, 0, 64]));
  db.raw.prepare("INSERT INTO conversation_documents VALUES (?, ?, ?)")
    .run(conv.id, documentId, new Date().toISOString());
  const ws = `${dataDir}/workspaces/${conv.id}`;
  await Deno.mkdir(`${ws}/src`, { recursive: true });
  await Deno.writeTextFile(`${ws}/src/main.py`, "print('hi')\n");
  await Deno.writeFile(`${ws}/blob.bin`, crypto.getRandomValues(new Uint8Array(60_000)));
  const store = `${dataDir}/workspace-store/${conv.id}/objects`;
  await Deno.mkdir(store, { recursive: true });
  await Deno.writeTextFile(`${store}/ab12`, "object");
  // The messages noted for search are indexed, as the server does a moment after writing.
  indexPending(db.raw);
  return { conversationId: conv.id, documentId };
}

/** Every table's rows (search index included), each table's rows in a stable order, as JSON. */
export function dumpTables(db: Db): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const names = db.raw.prepare(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
  ).all() as { name: string }[];
  for (const { name } of names) {
    if (/^search_fts_/.test(name)) continue; // the FTS shadow tables follow search_fts
    // The FTS table's rowid ties it to search_docs; other tables' keys are columns.
    const rowid = name === "search_fts" ? "rowid AS _r, " : "";
    const stmt = db.raw.prepare(`SELECT ${rowid}* FROM "${name}"`);
    stmt.setReadBigInts(true);
    const rows = (stmt.all() as Record<string, unknown>[]).map((r) =>
      JSON.stringify(
        r,
        (_k, v) =>
          typeof v === "bigint" ? `${v}n` : v instanceof Uint8Array ? Array.from(v).join(",") : v,
      )
    ).sort();
    out[name] = rows;
  }
  return out;
}

/** sha256 of every file in the data folders a bundle holds, by path. */
export async function hashFiles(dataDir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const folder of DATA_FOLDERS) {
    for await (const rel of walkFiles(`${dataDir}/${folder}`)) {
      const bytes = await Deno.readFile(`${dataDir}/${folder}/${rel}`);
      out[`${folder}/${rel}`] = createHash("sha256").update(bytes).digest("hex");
    }
  }
  return out;
}
