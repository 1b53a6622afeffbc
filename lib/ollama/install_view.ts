/**
 * What an install task has shown so far, folded from its events: the installer's output lines
 * and, where Hearth cannot install Ollama itself, where to get it. The admin page and the setup
 * wizard share it. Browser-safe.
 */
import type { Signal } from "@preact/signals";
import { type FollowOptions, followTask } from "../client/sse.ts";
import type { InstallEvent } from "./types.ts";

/** The installer as a page shows it. */
export interface InstallView {
  /** The installer's lines, in order. */
  log: string[];
  /** This system needs a manual install: which it is, and the download page. */
  manual: { os: string; url: string } | null;
  /**
   * Hearth did not run the installer: a tool is missing (`tools`, which `missing` names) or sudo
   * would ask for a password (`sudo`); `command` is what to run in a terminal instead.
   */
  blocked: { reason: "tools" | "sudo"; command: string; missing: string[] } | null;
}

/** Before the first event. */
export const EMPTY_INSTALL: InstallView = { log: [], manual: null, blocked: null };

/** Takes one event of an install task (`log`, `manual`, `blocked`; the others change nothing). */
export function foldInstall(
  view: InstallView,
  { event, data }: { event: string; data: unknown },
): InstallView {
  if (event === "log") {
    return { ...view, log: [...view.log, (data as Extract<InstallEvent, { type: "log" }>).line] };
  }
  if (event === "manual") {
    const { os, url } = data as Extract<InstallEvent, { type: "manual" }>;
    return { ...view, manual: { os, url } };
  }
  if (event === "blocked") {
    const { reason, command, missing } = data as Extract<InstallEvent, { type: "blocked" }>;
    return { ...view, blocked: { reason, command, missing: missing ?? [] } };
  }
  return view;
}

/**
 * Follows an install task into `view`: the POST that starts it, or (after a reload) the task
 * itself. Rejects as `followTask`'s `done` does (a `TaskError` when the installer failed).
 */
export function followInstall(
  from: Pick<FollowOptions, "start" | "taskId">,
  view: Signal<InstallView>,
): Promise<void> {
  return followTask({
    ...from,
    retries: 8,
    onEvent: (e) => view.value = foldInstall(view.value, e),
  }).done;
}
