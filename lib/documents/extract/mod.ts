/**
 * Text extraction (SPEC §9): a document's file to normalised Markdown, in a worker thread the
 * server can always stop. One worker per extraction and one extraction at a time (`extractSlots`);
 * each is bounded in time (terminated at `timeoutMs`), in heap (the worker dies alone past
 * `heapMb`), in input (file, HTML, pages, zip entries checked before inflating) and in output.
 */
import { Worker } from "node:worker_threads";
import type { DocumentKind } from "../types.ts";
import { ExtractError, isExtractCode } from "./errors.ts";
import { DEFAULT_LIMITS, type ExtractLimits } from "./limits.ts";
import { Slots } from "./limiter.ts";
import type { WorkerJob } from "./worker.ts";

export { EXTRACT_CODES, type ExtractCode, ExtractError, extractMessageKey } from "./errors.ts";
export { DEFAULT_LIMITS, type ExtractLimits } from "./limits.ts";

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
}

/** Extractions run one at a time: a Pi has few cores, and chat must keep one. */
export const extractSlots = new Slots(1);

let live = 0;

/** How many extraction workers are alive now (tests check that a stopped one is gone). */
export function liveWorkers(): number {
  return live;
}

const WORKER_URL = new URL("./worker.ts", import.meta.url);

function cancelled(): ExtractError {
  return new ExtractError("extract_cancelled", "The extraction was cancelled.");
}

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
    return await runWorker({ file, kind, name: opts.name, limits }, opts.signal);
  } finally {
    release();
  }
}

function runWorker(
  job: WorkerJob,
  signal?: AbortSignal,
): Promise<{ markdown: string; pages: number | null }> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_URL, {
      workerData: job,
      resourceLimits: { maxOldGenerationSizeMb: job.limits.heapMb, maxYoungGenerationSizeMb: 32 },
    });
    live++;
    let settled = false;
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      worker.removeAllListeners();
      // An error from a thread being torn down must not reach the process as an unhandled one.
      worker.on("error", () => {});
      // Answer only once the thread is gone: nothing of it outlives the call.
      worker.terminate().catch(() => {}).finally(() => {
        live--;
        outcome();
      });
    };
    const fail = (e: ExtractError) => finish(() => reject(e));
    const timer = setTimeout(() => {
      fail(
        new ExtractError(
          "extract_timeout",
          `The extraction took longer than ${formatSeconds(job.limits.timeoutMs)} and was stopped.`,
        ),
      );
    }, job.limits.timeoutMs);
    const onAbort = () => fail(cancelled());
    signal?.addEventListener("abort", onAbort, { once: true });
    worker.on(
      "message",
      (
        m: {
          ok: boolean;
          markdown?: string;
          pages?: number | null;
          code?: unknown;
          message?: string;
        },
      ) => {
        if (m.ok) {
          finish(() => resolve({ markdown: m.markdown ?? "", pages: m.pages ?? null }));
        } else {
          fail(
            new ExtractError(
              isExtractCode(m.code) ? m.code : "extract_malformed",
              m.message ?? "The file could not be read.",
            ),
          );
        }
      },
    );
    worker.on("error", (e: Error & { code?: string }) => {
      fail(
        e.code === "ERR_WORKER_OUT_OF_MEMORY" || /memory limit/i.test(e.message)
          ? new ExtractError(
            "extract_too_large",
            "The document needs more memory to read than Hearth allows.",
          )
          : new ExtractError("extract_malformed", `The file could not be read: ${e.message}`),
      );
    });
    worker.on("exit", () => {
      fail(
        new ExtractError("extract_malformed", "The file could not be read (the reader stopped)."),
      );
    });
  });
}

function formatSeconds(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 1000)} s` : `${ms} ms`;
}
