/**
 * The admin's health report (`GET /api/admin/health`) as the API sends it and the health page's
 * island reads it. Built by lib/system/health.ts.
 */
import type { LogEntry } from "../log/types.ts";
import type { RunningModel } from "../ollama/types.ts";

/** One Ollama host. */
export interface HostHealth {
  url: string;
  reachable: boolean;
  version?: string;
  /** Why it (or its `/api/ps`) could not be read. */
  error?: string;
  /** Milliseconds `/api/version` took. */
  ms?: number;
  /** Models loaded there (`/api/ps`). */
  running: RunningModel[];
}

/** One running task. */
export interface TaskHealth {
  id: string;
  kind: string;
  model?: string;
  /** Bytes its stream buffer holds. */
  bytes: number;
  ageSeconds: number;
}

/** One request in a model line (lib/ai/queue_view.ts). */
export interface QueueRequestHealth {
  who?: string;
  label?: string;
  forMs: number;
}

/** The model queue (lib/ai/queue_view.ts's `QueueAdminView`). */
export interface QueueHealth {
  parallel: number;
  lines: {
    host: string;
    model: string;
    parallel: number;
    running: QueueRequestHealth[];
    waiting: QueueRequestHealth[];
  }[];
}

/** The task registry's counts (lib/tasks/registry.ts's `TaskStats`). */
export interface TaskStatsHealth {
  running: number;
  finished: number;
  /** Bytes held by all buffers the registry still tracks. */
  bytes: number;
  runningBytes: number;
  perTaskCap: number;
  totalCap: number;
  evicted: number;
  refused: number;
}

/** One backup bundle. */
export interface BackupInfo {
  name: string;
  bytes: number;
  /** ISO time the file was last written. */
  createdAt: string;
}

/** A section that failed says why instead. */
export type Section<T> = T | { error: string };

/** The whole report. */
export interface HealthReport {
  checkedAt: string;
  version: string;
  uptimeSeconds: number;
  ollama: HostHealth[];
  queue: Section<QueueHealth>;
  tasks: { stats: TaskStatsHealth; running: TaskHealth[] };
  database: Section<{ bytes: number; walBytes: number; totalBytes: number }>;
  backup: Section<{ last: BackupInfo | null; count: number }>;
  certificate: Section<{
    https: boolean;
    /** null: no certificate made yet. */
    notAfter: string | null;
    daysLeft: number | null;
    warn: boolean;
    fingerprint?: string;
  }>;
  /** The newest error entries of the log ring, oldest first. */
  errors: LogEntry[];
}
