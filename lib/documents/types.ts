/**
 * The document library's shapes as the API sends them (browser-safe: no imports but types).
 * SPEC §9; the tables are migration 0018's.
 */

/** What a document is, by its content (never by its name). */
export type DocumentKind = "txt" | "md" | "html" | "pdf" | "docx" | "csv" | "json" | "code";

/** Where a document's ingestion is: the first five walk in order; the last three end it. */
export type DocumentStatus =
  | "queued"
  | "extracting"
  | "chunking"
  | "embedding"
  | "ready"
  | "failed"
  | "cancelled";

/** The statuses that end an ingestion (a start resumes every other one). */
export const DOCUMENT_END_STATUSES: readonly DocumentStatus[] = ["ready", "failed", "cancelled"];

/** Largest upload: 100 MB, counted as it streams to disk. */
export const MAX_DOCUMENT_BYTES = 100 * 1024 * 1024;

/** A document as the API shows it. */
export interface DocumentInfo {
  id: string;
  name: string;
  kind: DocumentKind;
  mime: string;
  /** Bytes of the original. */
  size: number;
  folderId: string | null;
  /** Open to the whole household to read (else its owner's only). */
  shared: boolean;
  /** Whether the asking profile made it (and so may rename, move, share and delete it). */
  mine: boolean;
  /** The name of the profile that uploaded it. */
  ownerName: string;
  status: DocumentStatus;
  /** 0…1 over the whole ingestion. */
  progress: number;
  /**
   * The ingestion task while one runs or waits (`kind: "ingest"`): follow
   * `/api/tasks/{taskId}/stream` for `progress` events, cancel with `/api/tasks/{taskId}/cancel`.
   */
  taskId: string | null;
  /** Why it failed (`status` is `failed`): a code and a sentence in the asker's language. */
  error: { code: string; message: string } | null;
  /** The model's one-line summary ("" until written). */
  summary: string;
  pages: number | null;
  /** Characters of its Markdown, once extracted. */
  chars: number | null;
  createdAt: string;
  updatedAt: string;
}

/** A folder as the API shows it. */
export interface FolderInfo {
  id: string;
  name: string;
  parentId: string | null;
  shared: boolean;
  mine: boolean;
  createdAt: string;
}

/** A passage a reply drew on, cited as `[n]` in its text (kept in the reply's `meta.sources`). */
export interface SourceRef {
  /** The `[n]` the reply cites it by, from 1. */
  n: number;
  documentId: string;
  /** The document's name when cited. */
  name: string;
  /** The chunk's id (`document_chunks.id`): `links.passage(documentId, chunk)` opens the passage. */
  chunk: number;
  heading: string;
  /** The first ~200 characters of the passage, for a tooltip. */
  excerpt: string;
}
