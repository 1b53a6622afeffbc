/**
 * Why an extraction failed: one code per kind of failure, each with an English sentence; the UI
 * shows `extract.<code>` from `lib/i18n/messages/extract.ts` in the reader's language.
 */

/** The ways an extraction fails. */
export type ExtractCode =
  | "extract_timeout"
  | "extract_too_large"
  | "extract_malformed"
  | "extract_empty"
  | "extract_encoding"
  | "extract_cancelled";

/** Every code, for checks and the messages test. */
export const EXTRACT_CODES: readonly ExtractCode[] = [
  "extract_timeout",
  "extract_too_large",
  "extract_malformed",
  "extract_empty",
  "extract_encoding",
  "extract_cancelled",
];

/** A failed extraction: `code` says why, `message` is an English sentence safe to show. */
export class ExtractError extends Error {
  constructor(readonly code: ExtractCode, message: string) {
    super(message);
    this.name = "ExtractError";
  }
}

/** Whether a value is one of the codes (the worker's answers cross a thread as plain data). */
export function isExtractCode(value: unknown): value is ExtractCode {
  return typeof value === "string" && (EXTRACT_CODES as readonly string[]).includes(value);
}

/** The message key that says an extraction error in the reader's language. */
export function extractMessageKey(code: ExtractCode): string {
  return `extract.${code}`;
}
