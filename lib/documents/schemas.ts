/** The shapes the library's routes accept, and how a file name is made safe to keep. */
import { z } from "zod";

/** Caps of the library. */
export const DOCUMENT_LIMITS = {
  /** A document's name, in UTF-16 units (the column allows 255). */
  name: 255,
  /** A folder's name (the column allows 200). */
  folderName: 200,
  /** Folders per profile. */
  folders: 1000,
  /** How deep folders nest. */
  depth: 16,
  /** Documents one conversation uses at once. */
  perConversation: 20,
  /** A page of the library. */
  page: 200,
} as const;

/** Statuses a list may be filtered by. */
const STATUSES = [
  "queued",
  "extracting",
  "chunking",
  "embedding",
  "ready",
  "failed",
  "cancelled",
] as const;

// C0/C1 controls, and the bidi embeddings, overrides, isolates and marks (a name like
// "evil\u202Etxt.exe" must not display reversed).
// deno-lint-ignore no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069\ufeff]/g;

/**
 * A file name as it is kept: the base name only (whatever a browser or a client put before the
 * last `/` or `\` goes), without control characters or bidi controls, trimmed, at most 255
 * characters (cut on a code point, keeping the extension when it is short), "document" when
 * nothing is left. It is only ever shown (escaped) and never names a file on disk: originals
 * are stored under their id.
 */
export function safeFileName(raw: string): string {
  const base = raw.normalize("NFC").split(/[/\\]/).pop() ?? "";
  let name = base.replace(UNSAFE, "").trim();
  if (name === "" || name === "." || name === "..") return "document";
  if (name.length > DOCUMENT_LIMITS.name) {
    const dot = name.lastIndexOf(".");
    const ext = dot > 0 && name.length - dot <= 16 ? name.slice(dot) : "";
    name = cut(name.slice(0, name.length - ext.length), DOCUMENT_LIMITS.name - ext.length) + ext;
  }
  return name;
}

/** `text` cut to at most `max` UTF-16 units without splitting a surrogate pair. */
function cut(text: string, max: number): string {
  let out = "";
  for (const ch of text) {
    if (out.length + ch.length > max) break;
    out += ch;
  }
  return out;
}

const id = z.string().min(1).max(64);
const docName = z.string().max(1000).transform(safeFileName);
const folderName = z.string().transform((s) => s.replace(UNSAFE, "").trim()).pipe(
  z.string().min(1).max(DOCUMENT_LIMITS.folderName),
);

/** `POST /api/documents?name=&folder=&shared=1` (the body is the file). */
export const uploadQuery = z.object({
  name: z.string().max(4096).default(""),
  folder: id.optional(),
  shared: z.enum(["0", "1", "true", "false"]).transform((v) => v === "1" || v === "true")
    .default(false),
});

/** `GET /api/documents?folder=<id|root>&q=&status=&limit=&offset=`. */
export const listDocumentsQuery = z.object({
  folder: id.optional(),
  q: z.string().max(500).optional(),
  status: z.enum(STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(DOCUMENT_LIMITS.page).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

/** `PATCH /api/documents/{id}` (owner only). */
export const updateDocumentSchema = z.strictObject({
  name: docName.optional(),
  folderId: id.nullable().optional(),
  shared: z.boolean().optional(),
}).refine((v) => Object.keys(v).length > 0, "send at least one of name, folderId, shared");

/** `POST /api/documents/folders`. */
export const createFolderSchema = z.strictObject({
  name: folderName,
  parentId: id.nullable().optional(),
  shared: z.boolean().optional(),
});

/** `PATCH /api/documents/folders/{id}` (owner only). */
export const updateFolderSchema = z.strictObject({
  name: folderName.optional(),
  parentId: id.nullable().optional(),
  shared: z.boolean().optional(),
}).refine((v) => Object.keys(v).length > 0, "send at least one of name, parentId, shared");

export type DocumentChange = z.output<typeof updateDocumentSchema>;
export type NewFolder = z.output<typeof createFolderSchema>;
export type FolderChange = z.output<typeof updateFolderSchema>;
