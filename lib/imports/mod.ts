/**
 * Imports (SPEC §12): a ChatGPT `conversations.json` (or the export's zip around it), an Open WebUI chat export or a Hearth
 * conversation export becomes the profile's conversations, branches and all. `readImportFile`
 * takes the file from a request (the raw body, or a multipart form's `file` field, 100 MB at
 * most, counted while read); `previewImport` says what is in it and stores nothing;
 * `importFile` writes it (or the conversations `only` names) in one transaction.
 */
import type { Kysely } from "kysely";
import { z } from "zod";
import type { Database } from "../db/schema.ts";
import { BodyTooLargeError, readBody } from "../http/body.ts";
import { HttpError } from "../http/errors.ts";
import { parseImportText } from "./parse.ts";
import {
  type ImportPreview,
  type ImportResult,
  MAX_IMPORT_BYTES,
  MAX_IMPORT_CONVERSATIONS,
  PREVIEW_LIMIT,
} from "./types.ts";
import { summarize, writeImport } from "./write.ts";

export { parseImportText } from "./parse.ts";
export * from "./types.ts";

/** The multipart envelope around the file and the `only` field. */
const MULTIPART_SLACK = 64 * 1000;

/** What a request carries: the file's text and, from a form, its `only` field. */
export interface ImportFile {
  text: string;
  only?: string;
}

/** True when `bytes` starts like a zip file (a local file header). */
function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 &&
    bytes[3] === 0x04;
}

/**
 * The file's text; a zip (ChatGPT's export as downloaded) gives its `conversations.json`. The zip
 * code (with fflate) is loaded only for a zip.
 */
async function decode(file: Uint8Array): Promise<string> {
  const bytes = isZip(file) ? (await import("./zip.ts")).conversationsFromZip(file) : file;
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new HttpError(422, "import_not_json", "The file is not JSON: it is not UTF-8 text.", {}, {
      detail: "it is not UTF-8 text",
    });
  }
}

/** The file from the raw body or a multipart form's `file` field; 413 past `limit`. */
export async function readImportFile(req: Request, limit = MAX_IMPORT_BYTES): Promise<ImportFile> {
  const type = req.headers.get("content-type") ?? "";
  if (!/^multipart\/form-data\b/i.test(type)) {
    return { text: await decode(await readBody(req, limit)) };
  }
  const body = await readBody(req, limit + MULTIPART_SLACK);
  let form: FormData;
  try {
    form = await new Response(body, { headers: { "content-type": type } }).formData();
  } catch {
    throw new HttpError(400, "invalid_multipart", "The form data cannot be read.");
  }
  const file = form.get("file");
  if (!(file instanceof File)) {
    throw new HttpError(
      422,
      "import_file_required",
      "Send the export file in the field “file”.",
      {},
      { field: "file" },
    );
  }
  if (file.size > limit) throw new BodyTooLargeError(limit);
  const only = form.get("only");
  return {
    text: await decode(new Uint8Array(await file.arrayBuffer())),
    ...(typeof only === "string" && only.trim() && { only }),
  };
}

/** What the file holds: its format, the first conversations described, and how many there are. */
export function previewImport(text: string): ImportPreview {
  const parsed = parseImportText(text);
  return {
    format: parsed.format,
    conversations: parsed.conversations.slice(0, PREVIEW_LIMIT).map(summarize),
    total: parsed.conversations.length,
  };
}

const onlyList = z.array(z.number().int().min(0).max(MAX_IMPORT_CONVERSATIONS)).min(1)
  .max(MAX_IMPORT_CONVERSATIONS);

/**
 * The indexes `only` names ("0,2,5" or a JSON array), or undefined for all. 422
 * `import_only_invalid` for anything else.
 */
export function parseOnly(only: string | undefined): number[] | undefined {
  if (only === undefined || only.trim() === "") return undefined;
  const text = only.trim();
  let value: unknown;
  try {
    value = text.startsWith("[") ? JSON.parse(text) : text.split(",").map((s) => {
      const n = s.trim();
      return /^\d+$/.test(n) ? Number(n) : NaN;
    });
  } catch {
    value = null;
  }
  const result = onlyList.safeParse(value);
  if (!result.success) {
    throw new HttpError(
      422,
      "import_only_invalid",
      "“only” must list the indexes of conversations to import, like 0,2,5.",
      {},
      { field: "only" },
    );
  }
  return [...new Set(result.data)];
}

/** Imports the file's conversations (or those `only` names) for `profileId`. */
export async function importFile(
  db: Kysely<Database>,
  profileId: string,
  text: string,
  only?: number[],
): Promise<ImportResult> {
  const { conversations } = parseImportText(text);
  if (only) {
    const outside = only.find((i) => i >= conversations.length);
    if (outside !== undefined) {
      throw new HttpError(
        422,
        "import_only_invalid",
        `The file has no conversation ${outside} (it holds ${conversations.length}, from 0).`,
        {},
        { field: "only" },
      );
    }
  }
  const chosen = only ? only.toSorted((a, b) => a - b).map((i) => conversations[i]) : conversations;
  return await writeImport(db, profileId, chosen);
}
