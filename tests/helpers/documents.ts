/**
 * Documents for tests, stored the way the upload and the ingestion leave them (the store's
 * `createDocument`, the Markdown file, the chunks' rows), without running either.
 */
import { dirname } from "node:path";
import { sql } from "kysely";
import type { AppServices } from "../../lib/services.ts";
import {
  createDocument,
  documentFile,
  getDocument,
  markdownFile,
  newDocumentId,
} from "../../lib/documents/store.ts";
import type { DocumentInfo, DocumentKind, DocumentStatus } from "../../lib/documents/types.ts";

/** What `seedDocument` makes. */
export interface SeedDocument {
  name: string;
  kind?: DocumentKind;
  markdown?: string;
  /** Passages as [start, end, heading] into `markdown`. */
  chunks?: [number, number, string][];
  status?: DocumentStatus;
  progress?: number;
  summary?: string;
  error?: { code: string; message: string };
  shared?: boolean;
  folderId?: string | null;
}

/** Stores a document of `profileId`; answers it and its chunks' ids (in order). */
export async function seedDocument(
  services: AppServices,
  profileId: string,
  seed: SeedDocument,
): Promise<{ doc: DocumentInfo; chunkIds: number[] }> {
  const id = newDocumentId();
  const markdown = seed.markdown ?? "";
  const bytes = new TextEncoder().encode(markdown || seed.name);
  const original = documentFile(services.paths, id);
  await Deno.mkdir(dirname(original), { recursive: true });
  await Deno.writeFile(original, bytes);
  if (markdown) await Deno.writeTextFile(markdownFile(services.paths, id), markdown);
  await createDocument(services.db, profileId, {
    id,
    name: seed.name,
    kind: seed.kind ?? "md",
    mime: "text/markdown",
    size: bytes.length,
    sha256: "0".repeat(64),
    folderId: seed.folderId ?? null,
    shared: seed.shared ?? false,
  });
  const k = services.db.kysely;
  await k.updateTable("documents").set({
    status: seed.status ?? "ready",
    progress: seed.progress ?? (seed.status && seed.status !== "ready" ? 0 : 1),
    summary: seed.summary ?? "",
    error_code: seed.error?.code ?? null,
    error_message: seed.error?.message ?? null,
    chars: markdown.length || null,
  }).where("id", "=", id).execute();
  const chunkIds: number[] = [];
  for (const [seq, [start, end, heading]] of (seed.chunks ?? []).entries()) {
    const row = await sql<{ id: number }>`INSERT INTO document_chunks
      (document_id, seq, heading, text, start, end, tokens)
      VALUES (${id}, ${seq}, ${heading}, ${markdown.slice(start, end)}, ${start}, ${end}, 10)
      RETURNING id`.execute(k);
    chunkIds.push(row.rows[0].id);
  }
  return { doc: await getDocument(services.db, profileId, id), chunkIds };
}
