/**
 * Text extraction (SPEC §9): a document's file to normalised Markdown, in a worker the server can
 * always stop: a subprocess under `deno run` (process.ts), a thread in the single-file build
 * (thread.ts). One worker per extraction and one extraction at a time (`extractSlots`); each is
 * bounded in time (killed at `timeoutMs`), in heap (the worker dies alone past `heapMb`), in input
 * (file, HTML, pages, zip entries checked before inflating) and in output.
 */
import type { DocumentKind } from "../types.ts";
import { ExtractError } from "./errors.ts";
import { DEFAULT_LIMITS, type ExtractLimits } from "./limits.ts";
import { Slots } from "./limiter.ts";
import { cancelled } from "./outcome.ts";
import { canRunProcess, runProcess } from "./process.ts";
import { runThread } from "./thread.ts";
import type { WorkerJob } from "./worker.ts";

export { EXTRACT_CODES, type ExtractCode, ExtractError, extractMessageKey } from "./errors.ts";
export { DEFAULT_LIMITS, type ExtractLimits } from "./limits.ts";
export { livePids, liveWorkers } from "./live.ts";

/** How a call may be bounded and stopped. */
export interface ExtractOptions {
  /** Aborting terminates the worker: `extract_cancelled`. */
  signal?: AbortSignal;
  /** Wall-clock limit from the worker's start (default 120 s): `extract_timeout`. */
  timeoutMs?: number;
  /** The document's name: a code file's fence language comes from its extension. */
  name?: string;
  /** Tighter or looser bounds than DEFAULT_LIMITS (tests, benchmarks). */
  limits?: Partial<ExtractLimits>;
  /**
   * Where it runs: a `deno run` subprocess (the default under `deno run`) or a worker thread (the
   * default in the single-file build, which has no `deno` to start).
   */
  runner?: "process" | "thread";
}

/** Extractions run one at a time: a Pi has few cores, and chat must keep one. */
export const extractSlots = new Slots(1);

/**
 * Extracts `file` (a document already typed by content as `kind`) to Markdown. `pages` is the
 * PDF's page count, else null. Throws ExtractError; waits for a free slot first.
 */
export async function extractDocument(
  file: string,
  kind: DocumentKind,
  opts: ExtractOptions = {},
): Promise<{ markdown: string; pages: number | null }> {
  const limits: ExtractLimits = { ...DEFAULT_LIMITS, ...opts.limits };
  if (opts.timeoutMs !== undefined) limits.timeoutMs = opts.timeoutMs;
  if (opts.signal?.aborted) throw cancelled();
  let size: number;
  try {
    size = (await Deno.stat(file)).size;
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
    throw new ExtractError("extract_malformed", "The document's file is missing.");
  }
  if (size > limits.maxInputBytes) {
    throw new ExtractError(
      "extract_too_large",
      `The file is larger than ${Math.round(limits.maxInputBytes / 1024 / 1024)} MB.`,
    );
  }
  if (size === 0) throw new ExtractError("extract_empty", "The file is empty.");
  let release: () => void;
  try {
    release = await extractSlots.acquire(opts.signal);
  } catch {
    throw cancelled();
  }
  try {
    const job: WorkerJob = { file, kind, name: opts.name, limits };
    const runner = opts.runner ?? (Deno.build.standalone ? "thread" : "process");
    return runner === "process" && canRunProcess(job)
      ? await runProcess(job, opts.signal)
      : await runThread(job, opts.signal);
  } finally {
    release();
  }
}
