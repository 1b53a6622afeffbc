/**
 * The database's tables as Kysely sees them. Each migration that adds a table adds its type here.
 */
import type { Generated } from "kysely";
import type {
  AgentSettingsTable,
  WorkspaceSnapshotsTable,
  WorkspacesTable,
} from "./schema_agent.ts";

import type { ApiKeysTable, LimitUsageTable, ProfileLimitsTable } from "./schema_keep.ts";

export type { AgentSettingsTable, WorkspaceSnapshotsTable, WorkspacesTable };
export type { ApiKeysTable, LimitUsageTable, ProfileLimitsTable };

/** Key/value facts about this installation (created_at, instance id). */
export interface AppMetaTable {
  key: string;
  value: string;
}

/** A household member; exactly one row has `is_admin = 1` once setup is done. */
export interface ProfilesTable {
  id: string;
  name: string;
  /** An emoji or short text. */
  avatar: string;
  /** bcrypt hash of the PIN; null when the profile has none. */
  pin_hash: string | null;
  /** 0 or 1 (node:sqlite binds no booleans). */
  is_admin: number;
  /** bcrypt hash of the admin password; only the admin has one. */
  password_hash: string | null;
  created_at: string;
  updated_at: string;
  /** IANA time zone (migration 0012); the box's zone when an insert leaves it out. */
  time_zone: Generated<string>;
}

/** A browser that picked a profile; its cookie token is stored only as a SHA-256 hash. */
export interface DevicesTable {
  id: string;
  profile_id: string;
  token_hash: string;
  label: string;
  created_at: string;
  last_seen_at: string;
  revoked_at: string | null;
}

/** An admin login (8 h); its cookie token is stored only as a SHA-256 hash. */
export interface AdminSessionsTable {
  id: string;
  token_hash: string;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
}

/** A conversation, owned by one profile. */
export interface ConversationsTable {
  id: string;
  profile_id: string;
  title: string;
  /** The model last used (the default for the next message). */
  model: string;
  system_prompt: string;
  /** 0 or 1: a model that can think does so before answering (1, the default, is its own default). */
  think: number;
  /** 0 or 1: assistant mode, each message is routed to a tool (lib/assistant/); added by 0016. */
  assistant: number;
  /** 0 or 1: agent mode, tools in the conversation's workspace (lib/agent/); added by 0020. */
  agent: number;
  /** The last message of the path shown and sent to the model; null: the newest (0021). */
  leaf_id: string | null;
  created_at: string;
  updated_at: string;
}

/** One message; `seq` orders it within its conversation. */
export interface MessagesTable {
  id: string;
  conversation_id: string;
  /** The owner, copied from the conversation so scoping and search need no join. */
  profile_id: string;
  seq: number;
  /** The message this one follows (null for the first); siblings are versions (0021). */
  parent_id: string | null;
  role: "system" | "user" | "assistant" | "tool";
  content: string;
  status: "complete" | "streaming" | "cancelled" | "error" | "truncated" | "interrupted";
  model: string | null;
  /** JSON: usage, tokens per second, tool calls, whether history was cut to fit. */
  meta: string;
  /** A reply's reasoning (a thinking model's), kept apart from `content`: never indexed or sent back. */
  thinking: string;
  created_at: string;
  updated_at: string;
}

/** Maps a searchable row of any kind to its full-text rowid. */
export interface SearchDocsTable {
  id: number;
  kind: string;
  ref_id: string;
  /** Owner; null for household-wide rows (shared documents, gems). */
  profile_id: string | null;
  /** Where the row lives (a message's conversation). */
  parent_id: string | null;
}

/** Messages noted for the search index, indexed in batches (lib/db/search_later.ts). */
export interface SearchPendingTable {
  ref_id: string;
}

/**
 * A photo attached to a user message; `conversation_id` and `message_id` are null until the
 * message is sent (an "unsent" upload, removed after a day).
 */
export interface AttachmentsTable {
  id: string;
  profile_id: string;
  conversation_id: string | null;
  message_id: string | null;
  mime: "image/jpeg" | "image/png" | "image/webp";
  /** The file as uploaded (the browser re-encoded it first). */
  bytes: Uint8Array;
  width: number;
  height: number;
  /** Bytes. */
  size: number;
  created_at: string;
}

/** One browser's Web Push channel for one profile (migration 0008). */
export interface PushSubscriptionsTable {
  id: string;
  profile_id: string;
  /** The device (cookie) that subscribed; its sign-out removes the subscription. */
  device_id: string | null;
  /** The push service's URL for this browser (https). */
  endpoint: string;
  /** The browser's P-256 public key, base64url (65 bytes). */
  p256dh: string;
  /** The browser's auth secret, base64url (16 bytes). */
  auth: string;
  /** The language notifications to this browser are written in. */
  locale: string;
  created_at: string;
  last_success_at: string | null;
}

/** A profile's choice for one kind of notification, where it differs from the default. */
export interface PushPreferencesTable {
  id: string;
  profile_id: string;
  kind: string;
  /** 0 or 1. */
  enabled: number;
}

/** A todo (migration 0009); `lib/todos/store.ts` reads and writes it. */
export interface TodosTable {
  id: string;
  profile_id: string;
  /** The todo this is a sub-task of (one level, the same profile's). */
  parent_id: string | null;
  title: string;
  /** Markdown. */
  notes: string;
  status: "open" | "done";
  priority: "none" | "low" | "medium" | "high";
  /** UTC instant (ISO 8601); for an all-day due, the start of its day in `time_zone`. */
  due: string | null;
  /** 0 or 1. */
  due_all_day: number;
  /** When it becomes overdue: `due`, or the end of an all-day due's day. */
  overdue_at: string | null;
  /** IANA time zone the due and its recurrence are reckoned in. */
  time_zone: string;
  /** JSON array of lowercase tags. */
  tags: string;
  /** RFC 5545 RRULE (without DTSTART), or null. */
  recurrence: string | null;
  /** The series' first due (the rule's DTSTART). */
  recurrence_start: string | null;
  created_at: string;
  updated_at: string;
  completed_at: string | null;
}

/** A calendar event or recurring series (migration 0010); see `lib/events/`. */
export interface EventsTable {
  id: string;
  profile_id: string;
  title: string;
  notes: string;
  location: string;
  /** A UTC instant, or a date for an all-day event. */
  start_at: string;
  /** A UTC instant, or the (exclusive) end date of an all-day event. */
  end_at: string;
  /** 0 or 1. */
  all_day: number;
  time_zone: string;
  /** JSON array of minutes before the start. */
  reminder_minutes: string;
  rrule: string | null;
  /** JSON array of skipped occurrence starts. */
  exdates: string;
  /** A COUNT rule's last occurrence, wall-clock time as ISO (expansion reads it as UNTIL). */
  series_until: string | null;
  /** The first instant the event touches (UTC). */
  first_at: string;
  /** The last instant it touches (UTC), or null for a series without end. */
  last_at: string | null;
  created_at: string;
  updated_at: string;
  /** The UID an imported event had in its file (migration 0015), unique per profile. */
  ics_uid: string | null;
}

/** A private calendar subscription URL (migration 0015); see `lib/ics/feeds.ts`. */
export interface CalendarFeedsTable {
  id: string;
  profile_id: string;
  /** SHA-256 (hex) of the URL's token; the token itself is never stored. */
  token_hash: string;
  label: string;
  /** Counts the profile's event changes (triggers): the feed's ETag. */
  events_version: Generated<number>;
  /** When the profile's events last changed (or the feed was made): its Last-Modified. */
  changed_at: string;
  created_at: string;
  last_used_at: string | null;
}

/** A profile's Markdown note (migration 0011). `tags` is a JSON array of normalised tags. */
export interface MemosTable {
  id: string;
  profile_id: string;
  title: string;
  body: string;
  tags: string;
  /** 0 or 1. */
  pinned: number;
  created_at: string;
  updated_at: string;
}

/** A household list: its owner's, private or (`shared` 1) the household's (migration 0011). */
export interface ListsTable {
  id: string;
  profile_id: string;
  name: string;
  kind: "shopping" | "chores" | "packing" | "other";
  /** 0 or 1. */
  shared: number;
  created_at: string;
  updated_at: string;
}

/** One item of a list; reached only through its list (`lib/lists/access.ts`). */
export interface ListItemsTable {
  id: string;
  list_id: string;
  text: string;
  /** 0 or 1. */
  done: number;
  done_by: string | null;
  position: number;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

/** What the scheduler delivered: `id` is the key (kind, source, occurrence, offset) (migration 0014). */
export interface SchedulerFiredTable {
  id: string;
  profile_id: string;
  /** When it fell due (UTC); old rows are pruned by it. */
  due_at: string;
  fired_at: string;
}

/** One entry of a profile's in-app notification list (migration 0014). */
export interface NotificationsTable {
  id: string;
  profile_id: string;
  kind: "event" | "todo" | "briefing";
  /** The event, todo or briefing it is about. */
  ref_id: string;
  /** The event's or todo's title; the briefing's opening. */
  subject: string;
  /** The occurrence's start, the todo's due (UTC), or the briefing's local day. */
  at: string;
  /** 0 or 1: `at` is a day (an all-day event or todo). */
  all_day: number;
  /** The zone `at` is read in. */
  time_zone: string;
  /** When it fell due (UTC). */
  due_at: string;
  /** 0 or 1: delivered late, after the box was off when it fell due. */
  late: number;
  created_at: string;
  read_at: string | null;
}

/** A daily briefing the model wrote (migration 0014). */
export interface BriefingsTable {
  id: string;
  profile_id: string;
  /** The local day it is for (`2026-03-10`). */
  date: string;
  /** Markdown. */
  text: string;
  created_at: string;
}

/** A profile's daily briefing: its local time (`07:30`) and language (migration 0014). */
export interface BriefingSettingsTable {
  id: string;
  profile_id: string;
  time: string;
  locale: string;
  updated_at: string;
}

/** Every table. */
export interface Database {
  app_meta: AppMetaTable;
  profiles: ProfilesTable;
  devices: DevicesTable;
  admin_sessions: AdminSessionsTable;
  conversations: ConversationsTable;
  messages: MessagesTable;
  search_docs: SearchDocsTable;
  search_pending: SearchPendingTable;
  attachments: AttachmentsTable;
  push_subscriptions: PushSubscriptionsTable;
  push_preferences: PushPreferencesTable;
  todos: TodosTable;
  events: EventsTable;
  memos: MemosTable;
  lists: ListsTable;
  list_items: ListItemsTable;
  scheduler_fired: SchedulerFiredTable;
  notifications: NotificationsTable;
  briefings: BriefingsTable;
  briefing_settings: BriefingSettingsTable;
  calendar_feeds: CalendarFeedsTable;
  assistant_actions: AssistantActionsTable;
  document_folders: DocumentFoldersTable;
  documents: DocumentsTable;
  document_chunks: DocumentChunksTable;
  chunk_vectors: ChunkVectorsTable;
  conversation_documents: ConversationDocumentsTable;
  gems: GemsTable;
  gem_runs: GemRunsTable;
  workspaces: WorkspacesTable;
  workspace_snapshots: WorkspaceSnapshotsTable;
  agent_settings: AgentSettingsTable;
  api_keys: ApiKeysTable;
  profile_limits: ProfileLimitsTable;
  limit_usage: LimitUsageTable;
}

/** A change a tool made from chat (lib/assistant/), with what undoing it needs. */
export interface AssistantActionsTable {
  id: string;
  profile_id: string;
  /** The reply that reported it (null once that message is deleted). */
  message_id: string | null;
  /** The tool's name (`create_todo`…). */
  tool: string;
  /** JSON: what was changed (`{kind, id}`, or several for a list). */
  target: string;
  /** JSON: the before-image of what was changed or deleted; null for a creation. */
  before: string | null;
  /** JSON: what the action made (a created row, a completed todo's next occurrence). */
  after: string | null;
  created_at: string;
  /** Set once by the first undo. */
  undone_at: string | null;
}

/** A folder of the document library (migration 0018); `shared` opens it to the household. */
export interface DocumentFoldersTable {
  id: string;
  profile_id: string;
  parent_id: string | null;
  name: string;
  /** 0 or 1. */
  shared: number;
  created_at: string;
  updated_at: string;
}

/** A document of the library (migration 0018); see `lib/documents/types.ts` for its fields. */
export interface DocumentsTable {
  id: string;
  profile_id: string;
  folder_id: string | null;
  name: string;
  kind: "txt" | "md" | "html" | "pdf" | "docx" | "csv" | "json" | "code";
  mime: string;
  size: number;
  sha256: string;
  /** 0 or 1. */
  shared: number;
  status: "queued" | "extracting" | "chunking" | "embedding" | "ready" | "failed" | "cancelled";
  progress: Generated<number>;
  error_code: string | null;
  error_message: string | null;
  summary: Generated<string>;
  pages: number | null;
  chars: number | null;
  /** The embedding model its chunks' vectors come from; null until embedded. */
  embed_model: string | null;
  created_at: string;
  updated_at: string;
}

/** A passage of a document's Markdown (migration 0018), in the full-text index as `doc_chunk`. */
export interface DocumentChunksTable {
  id: Generated<number>;
  document_id: string;
  /** 0, 1, 2… in reading order. */
  seq: number;
  /** The headings above it, "A › B" ("" before the first). */
  heading: Generated<string>;
  text: string;
  /** Character offsets of the passage in the document's Markdown. */
  start: number;
  end: number;
  tokens: number;
}

/** A chunk's embedding: little-endian float32, `dims` of them (migration 0018). */
export interface ChunkVectorsTable {
  chunk_id: number;
  model: string;
  dims: number;
  vec: Uint8Array;
}

/** A document a conversation uses ("use this document"), migration 0018. */
export interface ConversationDocumentsTable {
  conversation_id: string;
  document_id: string;
  created_at: string;
}

/** A gem, the household's (migration 0019); JSON columns as `lib/gems/types.ts` describes. */
export interface GemsTable {
  id: string;
  /** A starter gem's key while the admin has not changed it (words shown per viewer). */
  starter: string | null;
  name: string;
  icon: string;
  description: Generated<string>;
  instructions: string;
  fields: Generated<string>;
  model: Generated<string>;
  parameters: Generated<string>;
  output_schema: string | null;
  tools: Generated<string>;
  documents: Generated<string>;
  created_at: string;
  updated_at: string;
}

/** A profile's run of a gem (migration 0019). */
export interface GemRunsTable {
  id: string;
  profile_id: string;
  gem_id: string;
  /** JSON: the checked values by field name. */
  values: string;
  prompt: string;
  output: Generated<string>;
  status: "running" | "complete" | "error" | "cancelled" | "truncated" | "interrupted";
  /** JSON `{code, message}` when it failed. */
  error: string | null;
  model: string;
  task_id: string | null;
  created_at: string;
  ended_at: string | null;
}
