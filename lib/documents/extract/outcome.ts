/** What both ways of running an extraction answer with. */
import { ExtractError } from "./errors.ts";

/** A finished extraction. */
export interface Extracted {
  markdown: string;
  pages: number | null;
}

/** The error for an aborted extraction. */
export function cancelled(): ExtractError {
  return new ExtractError("extract_cancelled", "The extraction was cancelled.");
}

/** The error for an extraction stopped at its time limit. */
export function timedOut(ms: number): ExtractError {
  const limit = ms >= 1000 ? `${Math.round(ms / 1000)} s` : `${ms} ms`;
  return new ExtractError(
    "extract_timeout",
    `The extraction took longer than ${limit} and was stopped.`,
  );
}

/** The error for a reader that ran out of its memory. */
export function outOfMemory(): ExtractError {
  return new ExtractError(
    "extract_too_large",
    "The document needs more memory to read than Hearth allows.",
  );
}
