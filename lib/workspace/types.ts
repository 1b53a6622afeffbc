/**
 * The workspace's shapes as the API sends them (browser-safe: no imports), and its limits.
 * Paths are relative to the workspace root, `/`-separated, without a leading `/` ("" is the root).
 */

/** One file or folder of a workspace. */
export interface TreeEntry {
  path: string;
  kind: "file" | "dir";
  /** Bytes; 0 for a folder. */
  size: number;
  /** ISO time of the last change. */
  modifiedAt: string;
}

/** `GET /api/workspaces/{id}`: the tree (bounded) and the sizes. */
export interface WorkspaceView {
  conversationId: string;
  entries: TreeEntry[];
  /** More entries exist than `entries` holds. */
  truncated: boolean;
  bytes: number;
  files: number;
  /** What all the profile's workspaces may hold together, and hold now. */
  quotaBytes: number;
  profileBytes: number;
}

/** One snapshot, as listed. */
export interface SnapshotInfo {
  id: string;
  conversationId: string;
  /** The agent reply it was taken before, or null. */
  messageId: string | null;
  reason: "turn" | "manual" | "restore" | "zip";
  files: number;
  bytes: number;
  /** What it stored that no earlier snapshot had. */
  addedBytes: number;
  createdAt: string;
}

/** `POST /api/workspaces/{id}/snapshots/{sid}/restore`. */
export interface RestoreResult {
  restored: SnapshotInfo;
  /** The snapshot of the workspace as it was just before, so the restore can be undone. */
  before: SnapshotInfo;
}

/** Limits of one workspace and of a profile's. */
export const WORKSPACE_LIMITS = {
  /** The household default of what all of a profile's workspaces may hold. */
  quotaBytes: 500 * 1024 * 1024,
  /** One uploaded or written file. */
  fileBytes: 100 * 1024 * 1024,
  /** Files and folders in one workspace. */
  entries: 20_000,
  /** One name (path component), in UTF-8 bytes. */
  nameBytes: 255,
  /** A whole relative path, in UTF-8 bytes. */
  pathBytes: 1024,
  /** Folder depth. */
  depth: 32,
  /** What the tree view lists at most. */
  treeEntries: 2_000,
  /** Entries of a zip loaded into a workspace. */
  zipEntries: 10_000,
  /** Uncompressed bytes of a zip (also bounded by the quota left). */
  zipBytes: 500 * 1024 * 1024,
  /** Snapshots kept per workspace (oldest go first). */
  snapshots: 50,
} as const;

/** Where a workspace's API lives. */
export const workspaceUrl = (conversationId: string) =>
  `/api/workspaces/${encodeURIComponent(conversationId)}`;
