/**
 * What a file is, by its content, never by its name:
 *
 * 1. `%PDF-` at the start → pdf.
 * 2. A zip whose central directory names `word/document.xml` → docx; any other zip, and any
 *    other binary (a NUL byte in the first 64 KB), → 415 `unsupported_type`.
 * 3. Otherwise it must be UTF-8 text: the first 64 KB are checked (a sequence cut by the end of
 *    that window is fine; a UTF-8 BOM is fine). A UTF-16 BOM is refused (415, "save it as
 *    UTF-8"): the extractor reads UTF-8 only, and a UTF-16 file is rare enough not to convert.
 * 4. Among text, by content: HTML (a doctype, `<html`, `<head` or `<body` first, after blanks
 *    and comments), JSON (`{` or `[` first, and it parses when the whole file is in the window),
 *    CSV (two or more lines with the same number of `,`, `;` or tab outside quotes, at least
 *    one).
 * 5. Only then the name's extension may refine text into `md` or `code` (never binary into
 *    text); a `.md` or code file whose lines happen to look like CSV stays Markdown or code.
 *    Else `txt`.
 *
 * An empty file is 422 `empty_file`.
 */
import type { DocumentKind } from "./types.ts";
import { emptyFile, unsupportedType } from "./errors.ts";

/** How much of the start of a file is looked at. */
export const SNIFF_BYTES = 64 * 1024;

/** The MIME type each kind is served with. */
export const KIND_MIME: Record<DocumentKind, string> = {
  pdf: "application/pdf",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  html: "text/html; charset=utf-8",
  json: "application/json; charset=utf-8",
  csv: "text/csv; charset=utf-8",
  md: "text/markdown; charset=utf-8",
  code: "text/plain; charset=utf-8",
  txt: "text/plain; charset=utf-8",
};

const MARKDOWN = new Set(["md", "markdown", "mdown", "mkd"]);
const CODE = new Set([
  "ts",
  "tsx",
  "js",
  "jsx",
  "mjs",
  "cjs",
  "py",
  "rb",
  "rs",
  "go",
  "java",
  "kt",
  "swift",
  "c",
  "h",
  "cc",
  "cpp",
  "hpp",
  "cs",
  "php",
  "sh",
  "bash",
  "zsh",
  "ps1",
  "lua",
  "pl",
  "r",
  "scala",
  "sql",
  "css",
  "scss",
  "yaml",
  "yml",
  "toml",
  "ini",
  "xml",
  "svg",
  "vue",
  "svelte",
  "dart",
  "hs",
  "ex",
  "exs",
  "erl",
  "clj",
  "zig",
  "nim",
]);

/** What the start of a file says: a kind, or a zip to look into. */
export type HeadVerdict = DocumentKind | "zip";

function startsWith(bytes: Uint8Array, text: string): boolean {
  if (bytes.length < text.length) return false;
  for (let i = 0; i < text.length; i++) if (bytes[i] !== text.charCodeAt(i)) return false;
  return true;
}

function extension(name: string): string {
  const dot = name.lastIndexOf(".");
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : "";
}

/**
 * The kind the first bytes of a file say (`head`: at most `SNIFF_BYTES`; `whole`: whether it is
 * the whole file). Throws 415 `unsupported_type` for binary and for text that is not UTF-8,
 * 422 `empty_file` for nothing.
 */
export function sniffHead(head: Uint8Array, name: string, whole: boolean): HeadVerdict {
  if (head.length === 0) throw emptyFile();
  if (startsWith(head, "%PDF-")) return "pdf";
  if (startsWith(head, "PK\x03\x04") || startsWith(head, "PK\x05\x06")) return "zip";
  if (startsWith(head, "\xff\xfe") || startsWith(head, "\xfe\xff")) {
    throw unsupportedType("it is UTF-16 text; save it as UTF-8");
  }
  let bytes = head;
  if (startsWith(bytes, "\xef\xbb\xbf")) bytes = bytes.subarray(3);
  if (bytes.includes(0)) throw unsupportedType("it is not a document Hearth knows");
  let text: string;
  try {
    // Streaming leaves a sequence cut by the window's end pending instead of failing on it.
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes, { stream: !whole });
  } catch {
    throw unsupportedType("it is not UTF-8 text");
  }
  if (text.trim() === "") {
    if (whole) throw emptyFile();
    return "txt";
  }
  if (isHtml(text)) return "html";
  if (isJson(text, whole)) return "json";
  const ext = extension(name);
  if (MARKDOWN.has(ext)) return "md";
  if (CODE.has(ext)) return "code";
  if (isCsv(text, whole)) return "csv";
  return "txt";
}

function isHtml(text: string): boolean {
  return /^\s*(?:<!--[\s\S]*?-->\s*|<\?xml[^>]*>\s*)*<(?:!doctype\s+html|html|head|body)[\s>]/i
    .test(text.slice(0, 4096));
}

function isJson(text: string, whole: boolean): boolean {
  const t = text.trimStart();
  if (t[0] !== "{" && t[0] !== "[") return false;
  if (whole) {
    try {
      JSON.parse(t);
      return true;
    } catch {
      return false;
    }
  }
  // Too big to parse here: what follows the bracket must look like JSON.
  const next = t.slice(1).trimStart()[0] ?? "";
  return t[0] === "{" ? next === '"' || next === "}" : /^[\[{"\d\-tfn\]]$/.test(next);
}

/** The number of `delimiter`s in `line` outside double quotes. */
function fields(line: string, delimiter: string): number {
  let n = 0;
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (ch === delimiter && !quoted) n++;
  }
  return n;
}

function isCsv(text: string, whole: boolean): boolean {
  let lines = text.split(/\r?\n/);
  // The window may end inside a line, and a file usually ends with a newline.
  if (!whole) lines = lines.slice(0, -1);
  lines = lines.filter((l) => l.trim() !== "").slice(0, 20);
  if (lines.length < 2) return false;
  return [",", ";", "\t"].some((d) => {
    const n = fields(lines[0], d);
    return n > 0 && lines.every((l) => fields(l, d) === n);
  });
}

/** Reads up to `length` bytes at `offset` of an open file (also the workspace's reads). */
export async function readAt(
  file: Deno.FsFile,
  offset: number,
  length: number,
): Promise<Uint8Array> {
  await file.seek(offset, Deno.SeekMode.Start);
  const buf = new Uint8Array(length);
  let at = 0;
  while (at < length) {
    const n = await file.read(buf.subarray(at));
    if (n === null) break;
    at += n;
  }
  return buf.subarray(0, at);
}

/** The largest central directory looked at (a docx's is a few kB). */
const MAX_CENTRAL_DIRECTORY = 4 * 1024 * 1024;

/** The names of the entries of the zip `file` (`size` bytes), or null when it is not one. */
export async function zipEntryNames(file: Deno.FsFile, size: number): Promise<string[] | null> {
  // The end-of-central-directory record: 22 bytes and a comment of up to 64 KB, at the end.
  const tailLength = Math.min(size, 22 + 0xffff);
  const tail = await readAt(file, size - tailLength, tailLength);
  const view = new DataView(tail.buffer, tail.byteOffset, tail.byteLength);
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  const count = view.getUint16(eocd + 10, true);
  const cdSize = view.getUint32(eocd + 12, true);
  const cdOffset = view.getUint32(eocd + 16, true);
  if (cdSize > MAX_CENTRAL_DIRECTORY || cdOffset + cdSize > size) return null;
  const cd = await readAt(file, cdOffset, cdSize);
  const cdView = new DataView(cd.buffer, cd.byteOffset, cd.byteLength);
  const names: string[] = [];
  const decoder = new TextDecoder();
  let at = 0;
  for (let i = 0; i < count && at + 46 <= cd.length; i++) {
    if (cdView.getUint32(at, true) !== 0x02014b50) return null;
    const nameLength = cdView.getUint16(at + 28, true);
    const extra = cdView.getUint16(at + 30, true);
    const comment = cdView.getUint16(at + 32, true);
    names.push(decoder.decode(cd.subarray(at + 46, at + 46 + nameLength)));
    at += 46 + nameLength + extra + comment;
  }
  return names;
}

/**
 * The kind and MIME type of the file at `path` (`size` bytes), by its content, with `name`
 * refining text only. Throws 415 `unsupported_type` or 422 `empty_file`.
 */
export async function sniffFile(
  path: string,
  size: number,
  name: string,
): Promise<{ kind: DocumentKind; mime: string }> {
  if (size === 0) throw emptyFile();
  using file = await Deno.open(path, { read: true });
  const head = await readAt(file, 0, Math.min(size, SNIFF_BYTES));
  let kind = sniffHead(head, name, size <= SNIFF_BYTES);
  if (kind === "zip") {
    const names = await zipEntryNames(file, size);
    if (!names?.includes("word/document.xml")) {
      throw unsupportedType("it is an archive, not a Word document");
    }
    kind = "docx";
  }
  return { kind, mime: KIND_MIME[kind] };
}
