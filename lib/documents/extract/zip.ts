/**
 * Reads a zip's central directory and checks it before anything inflates: entry count, names,
 * declared sizes and ratios; then inflates the entries a converter will read, counting bytes as
 * they come out, so an entry that lies about its size is stopped at the lie.
 */
import { Inflate } from "fflate";
import { ExtractError } from "./errors.ts";
import type { ExtractLimits } from "./limits.ts";

/** One entry as the central directory declares it. */
export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  /** Offset of the entry's local header. */
  offset: number;
}

function malformed(why: string): ExtractError {
  return new ExtractError("extract_malformed", `The file is not a valid Word document: ${why}.`);
}

function bomb(why: string): ExtractError {
  return new ExtractError("extract_too_large", `The document unpacks too large: ${why}.`);
}

/** Lists a zip's entries from its central directory, refusing unsafe names and bombs. */
export function zipEntries(bytes: Uint8Array, limits: ExtractLimits): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw malformed("it is not a zip archive");
  const count = view.getUint16(eocd + 10, true);
  const dirSize = view.getUint32(eocd + 12, true);
  const dirOffset = view.getUint32(eocd + 16, true);
  if (count === 0xffff || dirOffset === 0xffffffff) {
    throw bomb("it is a ZIP64 archive, used only past 65,535 entries or 4 GB");
  }
  if (count > limits.maxZipEntries) {
    throw bomb(`it has ${count} entries (at most ${limits.maxZipEntries})`);
  }
  if (dirOffset + dirSize > eocd) throw malformed("its directory lies outside the file");
  const entries: ZipEntry[] = [];
  let total = 0;
  let p = dirOffset;
  for (let k = 0; k < count; k++) {
    if (p + 46 > eocd || view.getUint32(p, true) !== 0x02014b50) {
      throw malformed("its directory is damaged");
    }
    const flags = view.getUint16(p + 8, true);
    const method = view.getUint16(p + 10, true);
    const compressedSize = view.getUint32(p + 20, true);
    const size = view.getUint32(p + 24, true);
    const nameLength = view.getUint16(p + 28, true);
    const extra = view.getUint16(p + 30, true);
    const comment = view.getUint16(p + 32, true);
    const offset = view.getUint32(p + 42, true);
    const name = new TextDecoder().decode(bytes.subarray(p + 46, p + 46 + nameLength));
    p += 46 + nameLength + extra + comment;
    if (flags & 1) throw malformed("it is encrypted");
    if (
      name.includes("\0") || name.startsWith("/") || name.startsWith("\\") ||
      /^[a-z]:/i.test(name) || name.split(/[\\/]/).includes("..")
    ) {
      throw malformed(`an entry has an unsafe name (${JSON.stringify(name.slice(0, 80))})`);
    }
    if (size === 0xffffffff || compressedSize === 0xffffffff) {
      throw bomb("an entry is larger than 4 GB");
    }
    total += size;
    if (total > limits.maxZipBytes) {
      throw bomb(`its entries add up to more than ${limits.maxZipBytes / 1024 / 1024} MB`);
    }
    if (size > 1024 * 1024 && size > compressedSize * limits.maxZipRatio) {
      throw bomb(`an entry is compressed ${Math.round(size / Math.max(1, compressedSize))} to 1`);
    }
    entries.push({ name, method, compressedSize, size, offset });
  }
  return entries;
}

/**
 * Inflates one entry, refusing to produce more than it declared: the directory's size is what the
 * checks above trusted, so a larger output is a lie, stopped before it grows.
 */
export function inflateEntry(bytes: Uint8Array, entry: ZipEntry): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = entry.offset;
  if (at + 30 > bytes.length || view.getUint32(at, true) !== 0x04034b50) {
    throw malformed(`the entry ${entry.name} is damaged`);
  }
  const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
  const data = bytes.subarray(start, start + entry.compressedSize);
  if (data.length < entry.compressedSize) throw malformed(`the entry ${entry.name} is cut short`);
  if (entry.method === 0) return data;
  if (entry.method !== 8) throw malformed(`the entry ${entry.name} uses an unknown compression`);
  const out = new Uint8Array(entry.size);
  let filled = 0;
  const inflate = new Inflate((chunk) => {
    if (filled + chunk.length > entry.size) {
      throw bomb(`the entry ${entry.name} inflates past the size it declares`);
    }
    out.set(chunk, filled);
    filled += chunk.length;
  });
  try {
    for (let i = 0; i < data.length; i += 64 * 1024) {
      inflate.push(data.subarray(i, i + 64 * 1024), i + 64 * 1024 >= data.length);
    }
    if (data.length === 0) inflate.push(new Uint8Array(0), true);
  } catch (e) {
    if (e instanceof ExtractError) throw e;
    throw malformed(`the entry ${entry.name} does not inflate`);
  }
  return out.subarray(0, filled);
}
