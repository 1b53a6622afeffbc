/**
 * Runs one extraction in a node:worker_threads Worker (worker.ts) with a heap limit: the way for
 * the single-file build, where there is no `deno` to start a subprocess with. Starting the thread
 * blocks the caller for ~50–400 ms (Deno builds the isolate synchronously).
 */
import { ExtractError, isExtractCode } from "./errors.ts";
import { started } from "./live.ts";
import { cancelled, type Extracted, outOfMemory, timedOut } from "./outcome.ts";
import type { WorkerJob } from "./worker.ts";
import { moduleUrl } from "../../process/modules.ts";

const WORKER_URL = moduleUrl("lib/documents/extract/worker.ts");

interface WorkerAnswer {
  ok: boolean;
  markdown?: string;
  pages?: number | null;
  code?: unknown;
  message?: string;
}

/** Extracts `job` in a fresh thread, terminated at the time limit or on abort. */
export async function runThread(job: WorkerJob, signal?: AbortSignal): Promise<Extracted> {
  // Loaded with the first extraction in a thread, not at start (lib/hash.ts says why).
  const { Worker } = await import("node:worker_threads");
  return await new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_URL, {
      workerData: job,
      resourceLimits: { maxOldGenerationSizeMb: job.limits.heapMb },
    });
    const ended = started();
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
        ended();
        outcome();
      });
    };
    const fail = (e: ExtractError) => finish(() => reject(e));
    const timer = setTimeout(() => fail(timedOut(job.limits.timeoutMs)), job.limits.timeoutMs);
    const onAbort = () => fail(cancelled());
    signal?.addEventListener("abort", onAbort, { once: true });
    worker.on("message", (m: WorkerAnswer) => {
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
    });
    worker.on("error", (e: Error & { code?: string }) => {
      fail(
        e.code === "ERR_WORKER_OUT_OF_MEMORY" || /memory limit/i.test(e.message)
          ? outOfMemory()
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
