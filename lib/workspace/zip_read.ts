/**
 * Reading a zip's central directory and judging every entry before a byte is unpacked: the
 * archive as a whole is refused (422 `zip_unsafe`, naming the entry and why) for a name that
 * leaves the folder (`..`, absolute, a drive letter, a backslash, control characters, too long
 * or too deep), a link or other special entry (Unix mode in the external attributes), two names
 * that are the same after normalisation and case folding (or a file that is also a folder), an
 * encrypted entry, a compression other than stored/deflate, or entries whose data overlap (an
 * overlapping-entries bomb); 413 `zip_too_many_entries` for more than `WORKSPACE_LIMITS.zipEntries`
 * files (413 `workspace_too_many_files` for more than the workspace has room for), or declared
 * sizes over a file's cap or the room left; 422 `zip_invalid` for what is
 * not a readable zip. Zip64 sizes and offsets are read.
 */
import { readAt as readPrefix } from "../documents/sniff.ts";
import { HttpError } from "../http/errors.ts";
import { formatSize } from "../i18n/format.ts";
import { tooManyFiles } from "./tree.ts";
import { WORKSPACE_LIMITS } from "./types.ts";

/** One entry as the central directory declares it, its name made safe. */
export interface ZipEntry {
  /** The name as it appears in the archive (for messages). */
  name: string;
  /** The relative path it unpacks to, `/`-separated. */
  path: string;
  dir: boolean;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  /** Where the local header starts. */
  offset: number;
  /** Unix permission bits, when the archive says. */
  mode: number | null;
}

/** 422 `zip_unsafe`: the whole archive is refused because of `name`. */
export function zipUnsafe(name: string, reason: string): HttpError {
  return new HttpError(
    422,
    "zip_unsafe",
    `The zip was refused and nothing was unpacked: "${name}" is unsafe (${reason}).`,
    {},
    { name, reason },
  );
}

/** 413 `zip_too_large`. */
export function zipTooLarge(name: string, limit: number): HttpError {
  const size = formatSize(limit, "en");
  return new HttpError(
    413,
    "zip_too_large",
    `The zip was refused and nothing was unpacked: "${name}" is larger than ${size}.`,
    {},
    { name, limit: size },
  );
}

/** 413 `zip_too_many_entries`: more files than `WORKSPACE_LIMITS.zipEntries`. */
function tooManyEntries(): HttpError {
  const max = WORKSPACE_LIMITS.zipEntries;
  return new HttpError(
    413,
    "zip_too_many_entries",
    `The zip was refused and nothing was unpacked: it has more than ${max} files.`,
    {},
    { max },
  );
}

/** 422 `zip_invalid`. */
export function zipInvalid(): HttpError {
  return new HttpError(422, "zip_invalid", "This file is not a zip archive Hearth can read.");
}

/** Exactly `length` bytes at `offset`; an archive that ends sooner is not a zip. */
export async function readAt(file: Deno.FsFile, offset: number, length: number) {
  const bytes = await readPrefix(file, offset, length);
  if (bytes.length < length) throw zipInvalid();
  return bytes;
}

const view = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);
const u64 = (v: DataView, at: number) => Number(v.getBigUint64(at, true));

/** Where the central directory is and how many entries it says it has. */
async function findDirectory(file: Deno.FsFile, size: number) {
  const tailLength = Math.min(size, 22 + 0xffff);
  const tail = await readAt(file, size - tailLength, tailLength);
  const v = view(tail);
  let at = -1;
  for (let i = tailLength - 22; i >= 0; i--) {
    if (v.getUint32(i, true) === 0x06054b50) {
      at = i;
      break;
    }
  }
  if (at < 0) throw zipInvalid();
  if (v.getUint16(at + 4, true) !== 0 || v.getUint16(at + 6, true) !== 0) {
    throw zipUnsafe("(archive)", "split over several files");
  }
  let count = v.getUint16(at + 10, true);
  let length = v.getUint32(at + 12, true);
  let offset = v.getUint32(at + 16, true);
  if (count === 0xffff || length === 0xffffffff || offset === 0xffffffff) {
    // Zip64: the locator sits just before the end record and points at the zip64 end record.
    const locatorAt = size - tailLength + at - 20;
    if (locatorAt < 0) throw zipInvalid();
    const locator = view(await readAt(file, locatorAt, 20));
    if (locator.getUint32(0, true) !== 0x07064b50) throw zipInvalid();
    const recordAt = u64(locator, 8);
    if (recordAt + 56 > size) throw zipInvalid();
    const record = view(await readAt(file, recordAt, 56));
    if (record.getUint32(0, true) !== 0x06064b50) throw zipInvalid();
    count = u64(record, 32);
    length = u64(record, 40);
    offset = u64(record, 48);
  }
  if (offset + length > size) throw zipInvalid();
  return { count, length, offset };
}

const latin1 = new TextDecoder("latin1");
const utf8 = new TextDecoder("utf-8", { fatal: true });

function decodeName(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch {
    return latin1.decode(bytes);
  }
}

const encoder = new TextEncoder();

/** The relative path `name` unpacks to; throws `zip_unsafe` for anything that could leave. */
export function entryPath(name: string): { path: string; dir: boolean } {
  if (name.includes("\\")) throw zipUnsafe(name, "backslash in the name");
  // deno-lint-ignore no-control-regex
  if (/[\u0000-\u001f\u007f-\u009f]/.test(name)) throw zipUnsafe(name, "control character");
  if (name.startsWith("/")) throw zipUnsafe(name, "absolute path");
  if (/^[A-Za-z]:/.test(name)) throw zipUnsafe(name, "drive letter");
  const dir = name.endsWith("/");
  const parts = name.split("/").filter((p) => p !== "" && p !== ".");
  if (parts.includes("..")) throw zipUnsafe(name, "leaves the folder");
  if (!parts.length) throw zipUnsafe(name, "empty name");
  if (parts.length > WORKSPACE_LIMITS.depth) throw zipUnsafe(name, "too deep");
  if (parts.some((p) => encoder.encode(p).length > WORKSPACE_LIMITS.nameBytes)) {
    throw zipUnsafe(name, "name too long");
  }
  const path = parts.join("/");
  if (encoder.encode(path).length > WORKSPACE_LIMITS.pathBytes) {
    throw zipUnsafe(name, "path too long");
  }
  return { path, dir };
}

/** Zip64 extra field (0x0001): the values whose 32-bit field is all ones, in order. */
function zip64Extra(extra: DataView, wanted: number): number[] {
  for (let at = 0; at + 4 <= extra.byteLength;) {
    const id = extra.getUint16(at, true);
    const length = extra.getUint16(at + 2, true);
    if (id === 0x0001) {
      const out: number[] = [];
      for (let i = 0; i < wanted && 8 * i + 8 <= length; i++) out.push(u64(extra, at + 4 + 8 * i));
      if (out.length === wanted) return out;
    }
    at += 4 + length;
  }
  throw zipInvalid();
}

/** Every entry of the zip at `file`, judged; throws on the first unsafe one. */
export async function readDirectory(
  file: Deno.FsFile,
  limits: { bytes: number; fileBytes?: number; entries?: number },
): Promise<ZipEntry[]> {
  const size = (await file.stat()).size;
  const { count, length, offset } = await findDirectory(file, size);
  // Folders are cheap, files are the work: the cap is on files, the folders come on top up to
  // what a workspace may hold at all.
  if (count > WORKSPACE_LIMITS.entries) throw tooManyEntries();
  if (limits.entries !== undefined && count > limits.entries) throw tooManyFiles();
  // 46 fixed bytes and at most three 64 KB fields per entry bound the directory.
  if (length > count * (46 + 3 * 0xffff)) throw zipInvalid();
  const dir = await readAt(file, offset, length);
  const v = view(dir);
  const fileCap = limits.fileBytes ?? WORKSPACE_LIMITS.fileBytes;
  const entries: ZipEntry[] = [];
  const seen = new Set<string>();
  const folders = new Set<string>();
  let total = 0;
  let files = 0;
  let at = 0;
  for (let i = 0; i < count; i++) {
    if (at + 46 > length || v.getUint32(at, true) !== 0x02014b50) throw zipInvalid();
    const madeBy = v.getUint16(at + 4, true);
    const flags = v.getUint16(at + 8, true);
    const method = v.getUint16(at + 10, true);
    const nameLength = v.getUint16(at + 28, true);
    const extraLength = v.getUint16(at + 30, true);
    const next = at + 46 + nameLength + extraLength + v.getUint16(at + 32, true);
    if (next > length) throw zipInvalid();
    const name = decodeName(dir.subarray(at + 46, at + 46 + nameLength));
    const extra = new DataView(dir.buffer, dir.byteOffset + at + 46 + nameLength, extraLength);
    let compressedSize = v.getUint32(at + 20, true);
    let entrySize = v.getUint32(at + 24, true);
    let entryOffset = v.getUint32(at + 42, true);
    const wide = [entrySize, compressedSize, entryOffset].filter((n) => n === 0xffffffff).length;
    if (wide) {
      const values = zip64Extra(extra, wide);
      if (entrySize === 0xffffffff) entrySize = values.shift()!;
      if (compressedSize === 0xffffffff) compressedSize = values.shift()!;
      if (entryOffset === 0xffffffff) entryOffset = values.shift()!;
    }
    const external = v.getUint32(at + 38, true);
    const unixMode = madeBy >> 8 === 3 ? external >>> 16 : 0;
    const crc = v.getUint32(at + 16, true);
    at = next;

    const { path, dir: isDir } = entryPath(name);
    if (flags & 0x1 || method === 99) throw zipUnsafe(name, "encrypted");
    const type = unixMode & 0o170000;
    if (type === 0o120000) throw zipUnsafe(name, "a link");
    if (type !== 0 && type !== 0o100000 && type !== 0o040000) {
      throw zipUnsafe(name, "a special file");
    }
    const folder = isDir || type === 0o040000;
    if (!folder && method !== 0 && method !== 8) throw zipUnsafe(name, "unknown compression");
    const key = path.normalize("NFC").toLowerCase();
    if (seen.has(key) || (!folder && folders.has(key))) throw zipUnsafe(name, "a duplicate name");
    seen.add(key);
    const parts = key.split("/");
    for (let p = 1; p < parts.length; p++) {
      const parent = parts.slice(0, p).join("/");
      if (seen.has(parent) && !folders.has(parent)) throw zipUnsafe(name, "a duplicate name");
      folders.add(parent);
    }
    if (folder) folders.add(key);
    if (!folder) {
      if (++files > WORKSPACE_LIMITS.zipEntries) throw tooManyEntries();
      if (entrySize > fileCap) throw zipTooLarge(name, fileCap);
      total += entrySize;
      if (total > limits.bytes) throw zipTooLarge(name, limits.bytes);
    }
    entries.push({
      name,
      path,
      dir: folder,
      method,
      crc,
      compressedSize: folder ? 0 : compressedSize,
      size: folder ? 0 : entrySize,
      offset: entryOffset,
      mode: unixMode ? unixMode & 0o777 : null,
    });
  }
  return entries;
}
