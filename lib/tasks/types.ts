/**
 * The task API's shapes (`/api/tasks/*`), browser-safe: what a task is, who may see it, and what
 * a cancel answers.
 */

/** How a task stands; every state but `running` is final. */
export type TaskStatus = "running" | "done" | "error" | "cancelled" | "truncated" | "interrupted";

/**
 * Who a task belongs to, and so who may read and cancel it: a profile (its chat replies), the
 * admin (model downloads and builds, shared by every device the admin uses), or the setup wizard
 * (before any profile exists).
 */
export type TaskOwner = { kind: "profile"; id: string } | { kind: "admin" } | { kind: "setup" };

/** One buffered event. `data` is the JSON text, encoded once when the producer emitted it. */
export interface Chunk {
  /** Position in the buffer, from 0; doubles as the SSE `id:`. */
  readonly index: number;
  readonly event: string;
  readonly data: string;
}

/** `GET /api/tasks/{id}` and the items of `GET /api/tasks`. */
export interface TaskInfo {
  id: string;
  /** What it is (`chat`, `pull`, `create`, `install`, …). */
  kind: string;
  status: TaskStatus;
  /** What the domain keeps with it (a reply's conversation and message ids, a pull's model …). */
  meta: Readonly<Record<string, unknown>>;
  createdAt: number;
  endedAt: number | null;
  chunks: number;
  bytes: number;
}

/** `POST /api/tasks/{id}/cancel`. */
export interface CancelResult {
  /** False when the task had already ended; `task.status` then says how. */
  cancelled: boolean;
  task: TaskInfo;
  /**
   * What the task's domain confirmed about the work it started elsewhere (a chat reply: whether
   * Ollama's `/api/ps` shows the model stopped); null when there is nothing to confirm.
   */
  upstream: Record<string, unknown> | null;
}

/**
 * The response header that names the task a response streams: the one way a task's id is
 * announced (with `Location`, its resume URL).
 */
export const TASK_HEADER = "X-Hearth-Task";

/** Where a task's stream is read (again): `GET /api/tasks/{id}/stream`. */
export function taskStreamUrl(id: string): string {
  return `/api/tasks/${encodeURIComponent(id)}/stream`;
}

/** Where a task is cancelled: `POST /api/tasks/{id}/cancel`. */
export function taskCancelUrl(id: string): string {
  return `/api/tasks/${encodeURIComponent(id)}/cancel`;
}
