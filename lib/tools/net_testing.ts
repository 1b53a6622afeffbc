/** Test doubles for the fetch and command tools: a tool context over a temp folder. */
import type { AssistantContext } from "../assistant/context.ts";
import { translator } from "../i18n/mod.ts";
import { Logger } from "../log/logger.ts";
import type { AgentToolContext, WorkspaceFiles } from "./types.ts";

/**
 * A context whose workspace is `root` (only `root` and `rescan` work: the fetch and command
 * tools need no more), in English, with a silent logger; the admin allows the network and
 * commands unless `allow` is false. `rescans` counts `rescan` calls.
 */
export function toolContext(
  root: string,
  opts: { signal?: AbortSignal; allow?: boolean } = {},
): AgentToolContext & { rescans: () => number } {
  let rescans = 0;
  const unused = () => Promise.reject(new Error("not in this double"));
  const workspace: WorkspaceFiles = {
    profileId: "ann",
    conversationId: "conv-1",
    root,
    resolve: unused,
    list: unused,
    readText: unused,
    write: unused,
    edit: unused,
    remove: unused,
    move: unused,
    mkdir: unused,
    search: unused,
    usage: unused,
    rescan: () => {
      rescans++;
      return Promise.resolve();
    },
  };
  return {
    profileId: "ann",
    conversationId: "conv-1",
    messageId: "msg-1",
    workspace,
    assistant: { t: translator("en"), locale: "en" } as AssistantContext,
    settings: {
      approve: { write: false, network: false, exec: false },
      allowNetwork: opts.allow ?? true,
      allowExec: opts.allow ?? true,
      quotaBytes: 1024 * 1024,
    },
    signal: opts.signal ?? new AbortController().signal,
    log: new Logger({ write: null }),
    now: () => Date.now(),
    rescans: () => rescans,
  };
}
