/**
 * ChatGPT sends its data export as a zip; its `conversations.json` is what Hearth reads. The zip
 * is expanded as a stream (fflate's `Unzip`) and only that one entry is kept, counted as it
 * inflates and stopped past the cap, so a zip bomb cannot fill memory.
 */
import { Unzip, UnzipInflate } from "fflate";
import { HttpError } from "../http/errors.ts";
import { MAX_IMPORT_BYTES } from "./types.ts";

/** Bytes of the zip handed to the inflater at a time. */
const STEP = 16 * 1024;

function zipError(detail: string): HttpError {
  return new HttpError(422, "import_malformed", `The file is malformed at the zip: ${detail}`, {}, {
    where: "the zip",
    detail,
  });
}

/**
 * The bytes of the zip's `conversations.json` (at any folder depth), at most `limit` expanded.
 * 422 `import_malformed` for a zip without one or one that cannot be read; 422
 * `import_too_large` past the limit.
 */
export function conversationsFromZip(zip: Uint8Array, limit = MAX_IMPORT_BYTES): Uint8Array {
  const chunks: Uint8Array[] = [];
  let size = 0;
  let found = false;
  let complete = false;
  let failure: Error | null = null;
  const unzip = new Unzip((file) => {
    if (found || failure || !/(^|\/)conversations\.json$/.test(file.name)) return;
    found = true;
    file.ondata = (err, chunk, final) => {
      if (failure) return;
      if (err) {
        failure = zipError(`conversations.json cannot be expanded (${err.message})`);
        return;
      }
      size += chunk.byteLength;
      if (size > limit) {
        failure = new HttpError(
          422,
          "import_too_large",
          `conversations.json in the zip is larger than ${limit / 1e6} MB.`,
          {},
          { max: `${limit / 1e6} MB` },
        );
        file.terminate();
        return;
      }
      chunks.push(chunk);
      if (final) complete = true;
    };
    try {
      file.start();
    } catch (err) {
      failure = zipError(`conversations.json cannot be expanded (${(err as Error).message})`);
    }
  });
  unzip.register(UnzipInflate);
  try {
    // In small steps: DEFLATE expands at most about 1032 times, so one step inflates to at most
    // ~17 MB before the count above can stop it.
    for (let at = 0; at < zip.length && !failure && !complete; at += STEP) {
      const end = Math.min(at + STEP, zip.length);
      unzip.push(zip.subarray(at, end), end === zip.length);
    }
  } catch (err) {
    if (!failure) throw zipError(`it cannot be read (${(err as Error).message})`);
  }
  if (failure) throw failure;
  if (!found) throw zipError("it has no conversations.json (is it ChatGPT's data export?)");
  if (!complete) throw zipError("conversations.json ends early");
  const out = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}
