/** The library's upload errors (the access errors are in `access.ts`). */
import { HttpError } from "../http/errors.ts";

/** 415: the content is none of the kinds the library reads. */
export function unsupportedType(detail: string): HttpError {
  return new HttpError(
    415,
    "unsupported_type",
    `Hearth cannot read this file: ${detail}. It reads PDF, Word (.docx), HTML, Markdown, ` +
      "CSV, JSON, code and plain text (UTF-8).",
  );
}

/** 422: an upload without a byte. */
export function emptyFile(): HttpError {
  return new HttpError(422, "empty_file", "The file is empty.");
}

/** A translator as `ctx.state.t` is one. */
type Translate = (key: string, params?: Record<string, string | number>) => string;

/**
 * `doc` with its ingestion error said in the reader's language: the message of `extract.<code>`
 * or `errors.<code>` when there is one (and it needs no values), else the stored sentence.
 */
export function localizeDocument<T extends { error: { code: string; message: string } | null }>(
  doc: T,
  t: Translate,
  has: (key: string) => boolean,
): T {
  if (!doc.error) return doc;
  const key = [`extract.${doc.error.code}`, `errors.${doc.error.code}`].find(has);
  if (!key) return doc;
  const message = t(key);
  if (/\{\w+\}/.test(message)) return doc;
  return { ...doc, error: { code: doc.error.code, message } };
}
