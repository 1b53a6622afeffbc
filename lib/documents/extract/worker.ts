/**
 * The extraction worker: one per extraction, started by mod.ts as a node:worker_threads Worker
 * (whose `resourceLimits` Deno enforces, unlike a web Worker's). Reads the file, converts it and
 * posts one message: `{ ok: true, markdown, pages }` or `{ ok: false, code, message }`.
 * A `deno compile` build must include it: `--include lib/documents/extract/worker.ts`.
 */
import { parentPort, workerData } from "node:worker_threads";
import type { DocumentKind } from "../types.ts";
import { convert } from "./convert.ts";
import { ExtractError } from "./errors.ts";
import type { ExtractLimits } from "./limits.ts";

/** What mod.ts hands the worker. */
export interface WorkerJob {
  file: string;
  kind: DocumentKind;
  name?: string;
  limits: ExtractLimits;
}

const job = workerData as WorkerJob;
try {
  const bytes = await Deno.readFile(job.file);
  const { markdown, pages } = await convert(bytes, job.kind, job.name, job.limits);
  parentPort!.postMessage({ ok: true, markdown, pages });
} catch (e) {
  if (e instanceof ExtractError) {
    parentPort!.postMessage({ ok: false, code: e.code, message: e.message });
  } else {
    const why = e instanceof Error ? e.message : String(e);
    parentPort!.postMessage({
      ok: false,
      code: e instanceof RangeError ? "extract_too_large" : "extract_malformed",
      message: `The file could not be read: ${why}`.slice(0, 300),
    });
  }
}
