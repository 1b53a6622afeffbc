/**
 * The agent's tools (SPEC §10): what each one runs with and answers. A tool is the assistant's
 * `Tool` shape (lib/assistant/registry.ts: name, description, zod input sent as JSON Schema, risk,
 * `workspace`), over `AgentToolContext`, answering a `ToolResult`. A tool that fails throws an
 * `HttpError` (its `code` and `message`); the agent loop (lib/agent/) returns that error to the
 * model as the tool's answer instead of ending the turn.
 */
import type { Tool } from "../assistant/registry.ts";
import type { AssistantContext } from "../assistant/context.ts";
import type { ActionCard } from "../assistant/types.ts";
import type { Logger } from "../log/logger.ts";
import type { AgentSettings } from "../agent/types.ts";
import type { TreeEntry } from "../workspace/types.ts";

/**
 * A conversation's workspace as tools see it (lib/workspace/workspace.ts `Workspace`). Every path
 * is relative to the root, and every method confines it first (`resolve`), throwing a
 * `WorkspaceError` (an HttpError: 400 `bad_path` / `path_outside`, 404 `file_not_found`, 409
 * `file_exists`, 413 `quota_exceeded`…). Calls on one workspace run one at a time.
 */
export interface WorkspaceFiles {
  readonly profileId: string;
  readonly conversationId: string;
  /** The root's real path (symlinks resolved). */
  readonly root: string;
  /** The confined absolute real path of `path` (which need not exist yet). */
  resolve(path: string): Promise<string>;
  /** A folder's entries (the root's by default), or the whole tree below it with `recursive`. */
  list(
    path?: string,
    opts?: { recursive?: boolean; limit?: number },
  ): Promise<{ entries: TreeEntry[]; truncated: boolean }>;
  /** A text file (UTF-8; a binary file is 415 `not_text`), at most `maxBytes` of it. */
  readText(
    path: string,
    opts?: { maxBytes?: number },
  ): Promise<{ text: string; size: number; truncated: boolean }>;
  /** Writes a file whole (atomically: a temp file renamed), within the quota; folders made. */
  write(
    path: string,
    data: string | Uint8Array,
    opts?: { overwrite?: boolean },
  ): Promise<TreeEntry>;
  /** Replaces `search` by `replace` (the one match, or `all`); 422 `no_match` / `ambiguous_match`. */
  edit(
    path: string,
    search: string,
    replace: string,
    opts?: { all?: boolean },
  ): Promise<{ replacements: number; entry: TreeEntry }>;
  remove(path: string, opts?: { recursive?: boolean }): Promise<void>;
  move(from: string, to: string): Promise<TreeEntry>;
  mkdir(path: string): Promise<TreeEntry>;
  /** Lines containing `query` (or matching it as a regex), in text files, bounded. */
  search(
    query: string,
    opts?: { path?: string; regex?: boolean; limit?: number },
  ): Promise<{ matches: { path: string; line: number; text: string }[]; truncated: boolean }>;
  /** What the workspace holds now. */
  usage(): Promise<{ bytes: number; files: number }>;
  /** Recounts after anything Hearth did not write itself (a command, a zip load, a restore). */
  rescan(): Promise<void>;
}

/** What an agent tool runs with. */
export interface AgentToolContext {
  profileId: string;
  conversationId: string;
  /** The agent reply being written. */
  messageId: string;
  workspace: WorkspaceFiles;
  /** For the assistant's tools (todos, events, memos, lists, document search). */
  assistant: AssistantContext;
  settings: AgentSettings;
  signal: AbortSignal;
  log: Logger;
  now(): number;
}

/** What a tool answers. */
export interface ToolResult {
  /** What the model is told (bounded by the tool: at most 16,000 characters). */
  content: string;
  /** One line for the step's header, in the profile's language. */
  summary: string;
  /** A workspace file the tool made or changed. */
  path?: string;
  /** The card of an assistant action (a todo added…), shown with the step. */
  card?: ActionCard;
}

/** An agent tool. */
export type AgentTool = Tool<AgentToolContext, ToolResult>;
