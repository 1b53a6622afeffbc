/**
 * Imports of other apps' chats (SPEC §12): the shapes every parser produces and the routes
 * answer. Browser-safe (no imports), so the import island reads the same types.
 */

/** The formats an import file can have. */
export type ImportFormat =
  | "chatgpt"
  | "openwebui"
  | "hearth.conversation.v1"
  | "hearth.conversation.v2";

/** Every format Hearth reads, as the `import_unknown_format` error names them. */
export const KNOWN_FORMATS: readonly ImportFormat[] = [
  "chatgpt",
  "openwebui",
  "hearth.conversation.v1",
  "hearth.conversation.v2",
];

/** Largest import file (SPEC §13's upload limit): beyond it 413 `body_too_large`. */
export const MAX_IMPORT_BYTES = 100 * 1000 * 1000;

/** The import routes, whose bodies may be as large as `MAX_IMPORT_BYTES` (plus a form's envelope). */
export const IMPORT_PATH = /^\/api\/imports(\/preview)?$/;

/** Most conversations one file may hold: beyond it 422 `import_too_many_conversations`. */
export const MAX_IMPORT_CONVERSATIONS = 10_000;

/** Most messages (tree nodes) one conversation may hold: beyond it 422 `import_too_many_messages`. */
export const MAX_IMPORT_MESSAGES = 20_000;

/** How many conversations a preview describes (the rest are only counted). */
export const PREVIEW_LIMIT = 200;

/** Longest title kept (the chat API's own limit). */
export const MAX_TITLE_CHARS = 200;

/** One message of an imported conversation, its parent named by the file's own key. */
export interface ImportedMessage {
  /** The message's key in the file (unique within its conversation). */
  key: string;
  /** The key of the message it follows (null for a first message). */
  parentKey: string | null;
  role: "system" | "user" | "assistant" | "tool";
  content: string;
  thinking: string;
  status: "complete" | "cancelled" | "error" | "truncated" | "interrupted";
  model: string | null;
  meta: Record<string, unknown>;
  /** ISO 8601. */
  createdAt: string;
  updatedAt: string;
}

/**
 * One conversation ready to write: its messages in an order where every parent comes before
 * its children (so `seq` grows along every path), and the last message of its active path.
 */
export interface ImportedConversation {
  title: string;
  model: string;
  systemPrompt: string;
  createdAt: string;
  updatedAt: string;
  messages: ImportedMessage[];
  /** The key of the active path's last message (null: no messages). */
  leafKey: string | null;
}

/** A parsed file. */
export interface ParsedImport {
  format: ImportFormat;
  conversations: ImportedConversation[];
}

/** How a preview describes one conversation. */
export interface ImportSummary {
  /** Its index in the file (what `only` names). */
  index: number;
  title: string;
  /** All messages, on every branch. */
  messages: number;
  /** Messages on the active path. */
  activeMessages: number;
  /** How many paths end in a leaf (1: no branches). */
  branches: number;
  createdAt: string;
  updatedAt: string;
}

/** `POST /api/imports/preview`. */
export interface ImportPreview {
  format: ImportFormat;
  /** The first `PREVIEW_LIMIT` conversations. */
  conversations: ImportSummary[];
  /** All conversations in the file. */
  total: number;
}

/** `POST /api/imports`. */
export interface ImportResult {
  imported: number;
  conversations: { id: string; title: string }[];
}
