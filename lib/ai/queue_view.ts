/**
 * The model queue as the admin sees it: each line's requests with the profile's name instead of
 * its id. Server code; the page and the API send what `adminQueueView` returns.
 */
import { listProfiles } from "../auth/profiles.ts";
import type { AppServices } from "../services.ts";
import type { QueueEntryView, QueueLineView } from "./queue.ts";

/** One request in the admin's view. */
export interface QueueRequestView extends Omit<QueueEntryView, "owner"> {
  /** The profile's display name, when the request has an owner that still exists. */
  who?: string;
}

/** One line in the admin's view. */
export interface QueueLineAdminView extends Omit<QueueLineView, "running" | "waiting"> {
  running: QueueRequestView[];
  waiting: QueueRequestView[];
}

/** `GET /api/admin/queue`. */
export interface QueueAdminView {
  /** Requests a host serves at once per model (config `ollama.parallel`). */
  parallel: number;
  lines: QueueLineAdminView[];
}

/** Names the owners of `lines` with `names` (profile id → name). */
export function queueView(
  parallel: number,
  lines: QueueLineView[],
  names: Map<string, string>,
): QueueAdminView {
  const named = ({ owner, ...rest }: QueueEntryView): QueueRequestView => {
    const who = owner ? names.get(owner) : undefined;
    return who ? { ...rest, who } : rest;
  };
  return {
    parallel,
    lines: lines.map((l) => ({
      ...l,
      running: l.running.map(named),
      waiting: l.waiting.map(named),
    })),
  };
}

/** This Hearth's queue for the admin, owners named (the admin page and `GET /api/admin/queue`). */
export async function adminQueueView(services: AppServices): Promise<QueueAdminView> {
  const names = new Map((await listProfiles(services.db)).map((p) => [p.id, p.name]));
  return queueView(services.config.current.ollama.parallel, services.queue.snapshot(), names);
}
