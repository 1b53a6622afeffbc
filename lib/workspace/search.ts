/**
 * Searching a workspace: a plain text search runs in place (`includes` is linear); a regular
 * expression runs in a worker thread with a deadline, because the model writes the pattern and
 * a backtracking one could otherwise hold the server's event loop for ever.
 */
import { WorkspaceError } from "./errors.ts";
import { type Match, SEARCH_MS, searchTree } from "./walk.ts";
import { moduleUrl } from "../process/modules.ts";

const WORKER_URL = moduleUrl("lib/workspace/search_worker.ts");

/** How long a regex search may take once its worker is up. */
export const SEARCH_DEADLINE_MS = SEARCH_MS + 1_000;

/** How long a worker may take to start (a busy box, a first compile). */
const WORKER_START_MS = 30_000;

type SearchFound = { matches: Match[]; truncated: boolean };

/** 422: a pattern that is not a valid regular expression. */
const badRegex = (detail: string) =>
  new WorkspaceError(422, "bad_regex", `That is not a valid regular expression: ${detail}.`, {
    detail,
  });

/** 422: a pattern that took too long. */
const searchTooSlow = () =>
  new WorkspaceError(
    422,
    "search_too_slow",
    "The search took too long; use a simpler pattern or a plain text search.",
  );

/** Lines below `abs` matching `query` (as text, or as a regex with `regex`). */
export async function searchFiles(
  abs: string,
  rel: string,
  query: string,
  opts: { regex: boolean; limit: number; deadlineMs?: number },
): Promise<SearchFound> {
  if (!opts.regex) return await searchTree(abs, rel, (line) => line.includes(query), opts.limit);
  try {
    new RegExp(query, "u");
  } catch (err) {
    throw badRegex(err instanceof Error ? err.message : String(err));
  }
  // Loaded with the first regex search: node:* modules at start cost idle memory (lib/hash.ts).
  const { Worker } = await import("node:worker_threads");
  return await new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_URL, {
      workerData: { abs, rel, pattern: query, limit: opts.limit },
    });
    let settled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      outcome();
    };
    const deadline = (ms: number) => {
      clearTimeout(timer);
      timer = setTimeout(() => finish(() => reject(searchTooSlow())), ms);
    };
    // Starting a worker is bounded too, but generously; the pattern's own time once it is up.
    deadline(WORKER_START_MS);
    worker.on("message", (msg: { ready?: true; found?: SearchFound }) => {
      if (msg.ready) deadline(opts.deadlineMs ?? SEARCH_DEADLINE_MS);
      else if (msg.found) finish(() => resolve(msg.found!));
    });
    worker.once("error", (err) => finish(() => reject(err)));
    worker.once("exit", (code) => finish(() => reject(new Error(`search worker exited ${code}`))));
  });
}
