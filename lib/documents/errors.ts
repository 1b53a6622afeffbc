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
