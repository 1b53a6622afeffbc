/**
 * The bounds an extraction runs within. Memory is bounded twice: the worker's JS heap has a hard
 * limit (node:worker_threads `resourceLimits`, which Deno enforces), and every input that could
 * grow into large buffers outside that heap (the file, a zip's entries) is capped before it is
 * read or inflated.
 */
import { MAX_DOCUMENT_BYTES } from "../types.ts";

/** Every bound, each overridable per call (tests use small ones). */
export interface ExtractLimits {
  /** Wall-clock time from the worker's start; past it the worker is terminated. */
  timeoutMs: number;
  /** Largest file read. */
  maxInputBytes: number;
  /** Largest Markdown produced, in characters (a 100 MB text file must still pass). */
  maxChars: number;
  /** Largest HTML parsed into a DOM (a DOM takes ~10x its source in heap). */
  maxHtmlBytes: number;
  /** Most PDF pages read. */
  maxPages: number;
  /** Most entries in a DOCX's zip. */
  maxZipEntries: number;
  /** Most bytes a DOCX's entries may inflate to, all together. */
  maxZipBytes: number;
  /** Highest inflated/compressed ratio of one zip entry (past 1 MB): a bomb's is ~1000. */
  maxZipRatio: number;
  /** The worker's JS heap limit in MB: past it the worker dies alone (`extract_too_large`). */
  heapMb: number;
}

/** The defaults: sized for a Raspberry Pi with 4 GB that also runs a model. */
export const DEFAULT_LIMITS: ExtractLimits = {
  timeoutMs: 120_000,
  maxInputBytes: MAX_DOCUMENT_BYTES,
  maxChars: MAX_DOCUMENT_BYTES,
  maxHtmlBytes: 20 * 1024 * 1024,
  maxPages: 2_000,
  maxZipEntries: 5_000,
  maxZipBytes: 200 * 1024 * 1024,
  maxZipRatio: 200,
  heapMb: 768,
};
