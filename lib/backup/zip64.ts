/**
 * The backup bundle's zip: every entry stored (method 0, no compression: the bulk of a backup is
 * documents and photos that are compressed already, and storing runs at disk speed), Zip64 always
 * (a database or a bundle past 4 GB is ordinary), written to a seekable file one 1 MB piece at a
 * time. The local header is written with zero sizes and patched once the file's bytes are
 * counted, so nothing is read twice and memory stays flat; the CRC-32 and SHA-256 are computed on
 * the way. fflate's streaming `Zip` has no Zip64, which is why this is our own (~200 lines).
 * The reader takes only what the writer makes: stored entries, names inside the bundle's folders,
 * data ranges inside the file and not overlapping.
 */
import { lazy } from "../async.ts";
import { nativeSha256 } from "../hash.ts";
import { HttpError } from "../http/errors.ts";
import { writeAll } from "../bytes.ts";

/** Bytes per read and write. */
export const CHUNK = 1024 * 1024;
/** Most entries a bundle may have (its central directory is held in memory, ~120 B each). */
export const MAX_ENTRIES = 1_000_000;

const enc = new TextEncoder();
const U32 = 0xffffffff;

/** Native CRC-32, loaded with the first backup or restore, not at start. */
const nodeZlib = lazy(() => import("node:zlib"));

/** 422 `backup_damaged`: not a bundle this Hearth can read, or changed since it was made. */
export function damaged(why: string): HttpError {
  return new HttpError(
    422,
    "backup_damaged",
    `This backup cannot be restored and nothing was changed: ${why}.`,
    {},
    { why },
  );
}

/** DOS date and time of `d` (UTC). */
function dosTime(d: Date): [number, number] {
  const time = (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | (d.getUTCSeconds() >> 1);
  const date = ((Math.max(1980, d.getUTCFullYear()) - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) |
    d.getUTCDate();
  return [time, date];
}

interface Written {
  name: Uint8Array;
  crc: number;
  size: number;
  offset: number;
}

/** What one added entry came to. */
export interface EntryFacts {
  bytes: number;
  sha256: string;
}

/** A stored Zip64 archive being written to `path` (created new, 0600). */
export class ZipWriter {
  #entries: Written[] = [];
  #offset = 0;
  readonly #out = new Uint8Array(CHUNK);
  #outLen = 0;
  readonly #in = new Uint8Array(CHUNK);
  readonly #time: [number, number];

  private constructor(readonly file: Deno.FsFile, now: Date) {
    this.#time = dosTime(now);
  }

  static async create(path: string, now = new Date()): Promise<ZipWriter> {
    const file = await Deno.open(path, { write: true, createNew: true, mode: 0o600 });
    return new ZipWriter(file, now);
  }

  /** Writes through a 1 MB buffer, so a thousand small entries are a few large writes. */
  async #write(bytes: Uint8Array): Promise<void> {
    if (this.#outLen + bytes.byteLength > CHUNK) await this.#flush();
    if (bytes.byteLength >= CHUNK) return await writeAll(this.file, bytes);
    this.#out.set(bytes, this.#outLen);
    this.#outLen += bytes.byteLength;
  }

  async #flush(): Promise<void> {
    if (this.#outLen) await writeAll(this.file, this.#out.subarray(0, this.#outLen));
    this.#outLen = 0;
  }

  /**
   * Adds `name` with the bytes of `source`: a file path, bytes, or a file `openForZip` opened
   * and began reading ahead of time (the writer closes it).
   */
  async add(name: string, source: string | Uint8Array | OpenedFile): Promise<EntryFacts> {
    if (this.#entries.length >= MAX_ENTRIES) {
      throw new HttpError(
        413,
        "backup_too_many_files",
        `A backup holds at most ${MAX_ENTRIES} files.`,
      );
    }
    // Opened first: a file that is gone by now throws before a byte of its entry is written.
    const opened = typeof source === "string"
      ? await openForZip(source)
      : source instanceof Uint8Array
      ? null
      : source;
    using input = opened?.file ?? null;
    const nameBytes = enc.encode(name);
    const offset = this.#offset;
    const header = new Uint8Array(30 + nameBytes.length + 20);
    const v = new DataView(header.buffer);
    v.setUint32(0, 0x04034b50, true);
    v.setUint16(4, 45, true);
    v.setUint16(6, 0x0800, true); // names are UTF-8
    v.setUint16(8, 0, true);
    v.setUint16(10, this.#time[0], true);
    v.setUint16(12, this.#time[1], true);
    v.setUint32(18, U32, true);
    v.setUint32(22, U32, true);
    v.setUint16(26, nameBytes.length, true);
    v.setUint16(28, 20, true);
    header.set(nameBytes, 30);
    v.setUint16(30 + nameBytes.length, 0x0001, true);
    v.setUint16(32 + nameBytes.length, 16, true);
    const { crc32 } = await nodeZlib();
    const hash = await nativeSha256();
    let crc = 0;
    let size = 0;
    const count = (chunk: Uint8Array) => {
      crc = crc32(chunk, crc);
      hash.update(chunk);
      size += chunk.byteLength;
    };
    const setSizes = () => {
      v.setUint32(14, crc >>> 0, true);
      v.setBigUint64(34 + nameBytes.length, BigInt(size), true);
      v.setBigUint64(42 + nameBytes.length, BigInt(size), true);
    };
    let first: Uint8Array;
    let more = false;
    if (opened) {
      first = opened.first;
      more = opened.more;
    } else first = source as Uint8Array;
    count(first);
    if (!more) {
      // The whole entry is known: header and data in one go, nothing to patch.
      setSizes();
      await this.#write(header);
      await this.#write(first);
    } else {
      await this.#write(header);
      await this.#write(first);
      for (;;) {
        const n = await input!.read(this.#in);
        if (n === null) break;
        const piece = this.#in.subarray(0, n);
        count(piece);
        await this.#write(piece);
      }
      await this.#flush();
      // Patch the CRC and the Zip64 sizes now that they are known.
      setSizes();
      await this.file.seek(offset, Deno.SeekMode.Start);
      await writeAll(this.file, header);
      await this.file.seek(offset + header.length + size, Deno.SeekMode.Start);
    }
    this.#offset = offset + header.length + size;
    this.#entries.push({ name: nameBytes, crc: crc >>> 0, size, offset });
    return { bytes: size, sha256: hash.digest("hex") };
  }

  /** Writes the central directory and closes the file. */
  async finish(): Promise<void> {
    const start = this.#offset;
    for (const e of this.#entries) {
      const rec = new Uint8Array(46 + e.name.length + 28);
      const v = new DataView(rec.buffer);
      v.setUint32(0, 0x02014b50, true);
      v.setUint16(4, (3 << 8) | 45, true);
      v.setUint16(6, 45, true);
      v.setUint16(8, 0x0800, true);
      v.setUint16(12, this.#time[0], true);
      v.setUint16(14, this.#time[1], true);
      v.setUint32(16, e.crc, true);
      v.setUint32(20, U32, true);
      v.setUint32(24, U32, true);
      v.setUint16(28, e.name.length, true);
      v.setUint16(30, 28, true);
      v.setUint32(38, (0o100600 << 16) >>> 0, true);
      v.setUint32(42, U32, true);
      rec.set(e.name, 46);
      const x = 46 + e.name.length;
      v.setUint16(x, 0x0001, true);
      v.setUint16(x + 2, 24, true);
      v.setBigUint64(x + 4, BigInt(e.size), true);
      v.setBigUint64(x + 12, BigInt(e.size), true);
      v.setBigUint64(x + 20, BigInt(e.offset), true);
      await this.#write(rec);
      this.#offset += rec.length;
    }
    const cdSize = this.#offset - start;
    const n = this.#entries.length;
    const end = new Uint8Array(56 + 20 + 22);
    const v = new DataView(end.buffer);
    v.setUint32(0, 0x06064b50, true);
    v.setBigUint64(4, 44n, true);
    v.setUint16(12, (3 << 8) | 45, true);
    v.setUint16(14, 45, true);
    v.setBigUint64(24, BigInt(n), true);
    v.setBigUint64(32, BigInt(n), true);
    v.setBigUint64(40, BigInt(cdSize), true);
    v.setBigUint64(48, BigInt(start), true);
    v.setUint32(56, 0x07064b50, true);
    v.setBigUint64(64, BigInt(this.#offset), true);
    v.setUint32(72, 1, true);
    v.setUint32(76, 0x06054b50, true);
    v.setUint16(84, Math.min(n, 0xffff), true);
    v.setUint16(86, Math.min(n, 0xffff), true);
    v.setUint32(88, Math.min(cdSize, U32), true);
    v.setUint32(92, U32, true);
    await this.#write(end);
    await this.#flush();
    this.file.close();
  }
}

/** A file opened for a bundle, its first bytes (up to `CHUNK`) already read. */
export interface OpenedFile {
  file: Deno.FsFile;
  first: Uint8Array;
  /** Whether the file is larger than `first`: the writer reads the rest as it goes. */
  more: boolean;
}

/**
 * Opens `path` and reads its first bytes (the whole of a small file) into `buffer` (at most
 * `CHUNK`; the caller reuses it once the entry is written). Several run ahead of the writer, so
 * small files' opens and reads overlap.
 */
export async function openForZip(
  path: string,
  buffer = new Uint8Array(CHUNK),
): Promise<OpenedFile> {
  const file = await Deno.open(path, { read: true });
  try {
    const { size } = await file.stat();
    const first = buffer.subarray(0, Math.min(size, CHUNK, buffer.length));
    let n = 0;
    while (n < first.length) {
      const got = await file.read(first.subarray(n));
      if (got === null) break;
      n += got;
    }
    return { file, first: first.subarray(0, n), more: size > CHUNK };
  } catch (err) {
    file.close();
    throw err;
  }
}

/** One entry of a bundle being read. */
export interface ReadEntry {
  name: string;
  crc: number;
  size: number;
  /** Where the entry's data begins. */
  dataOffset: number;
}

export async function readExactly(
  file: Deno.FsFile,
  offset: number,
  length: number,
  into?: Uint8Array,
) {
  const out = into ? into.subarray(0, length) : new Uint8Array(length);
  await file.seek(offset, Deno.SeekMode.Start);
  let at = 0;
  while (at < length) {
    const n = await file.read(out.subarray(at));
    if (n === null) throw damaged("the file ends early");
    at += n;
  }
  return out;
}

/** A name the bundle may hold: relative, `/`-separated, no `.`/`..`, no control characters. */
export function safeName(name: string): boolean {
  // deno-lint-ignore no-control-regex -- control characters are exactly what is refused
  if (!name || name.length > 1024 || /[\\\x00-\x1f\x7f]/.test(name)) return false;
  return name.split("/").every((s) => s !== "" && s !== "." && s !== "..");
}

/** Reads the central directory of the bundle at `file` (judging every entry). */
export async function readEntries(file: Deno.FsFile): Promise<Map<string, ReadEntry>> {
  const size = (await file.stat()).size;
  if (size < 22) throw damaged("it is not a zip file");
  const tailLen = Math.min(size, 22 + 0xffff);
  const tail = await readExactly(file, size - tailLen, tailLen);
  const tv = new DataView(tail.buffer);
  let eocd = -1;
  for (let i = tailLen - 22; i >= 0; i--) {
    if (tv.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0 || eocd < 20) throw damaged("it is not a zip file");
  if (tv.getUint32(eocd - 20, true) !== 0x07064b50) throw damaged("it is not a Hearth backup");
  const z64at = Number(tv.getBigUint64(eocd - 20 + 8, true));
  if (z64at + 56 > size) throw damaged("its directory is cut off");
  const z = new DataView((await readExactly(file, z64at, 56)).buffer);
  if (z.getUint32(0, true) !== 0x06064b50) throw damaged("its directory is unreadable");
  const count = Number(z.getBigUint64(32, true));
  const cdSize = Number(z.getBigUint64(40, true));
  const cdStart = Number(z.getBigUint64(48, true));
  if (count > MAX_ENTRIES || cdSize > count * (46 + 1024 + 64) + 1) {
    throw damaged("it has too many entries");
  }
  if (cdStart + cdSize > z64at) throw damaged("its directory is cut off");
  const cd = await readExactly(file, cdStart, cdSize);
  const v = new DataView(cd.buffer);
  const dec = new TextDecoder("utf-8", { fatal: true });
  const entries = new Map<string, ReadEntry>();
  const ranges: [number, number][] = [];
  let p = 0;
  for (let i = 0; i < count; i++) {
    if (p + 46 > cd.length || v.getUint32(p, true) !== 0x02014b50) {
      throw damaged("its directory is unreadable");
    }
    const flags = v.getUint16(p + 8, true);
    const method = v.getUint16(p + 10, true);
    const nameLen = v.getUint16(p + 28, true);
    const extraLen = v.getUint16(p + 30, true);
    const commentLen = v.getUint16(p + 32, true);
    if (p + 46 + nameLen + extraLen + commentLen > cd.length) throw damaged("its directory is cut");
    let name: string;
    try {
      name = dec.decode(cd.subarray(p + 46, p + 46 + nameLen));
    } catch {
      throw damaged("an entry's name is not UTF-8");
    }
    if (method !== 0 || (flags & 1) || !safeName(name) || entries.has(name)) {
      throw damaged(`the entry "${name.slice(0, 200)}" is not one Hearth writes`);
    }
    const x = p + 46 + nameLen;
    if (extraLen < 28 || v.getUint16(x, true) !== 1 || v.getUint16(x + 2, true) !== 24) {
      throw damaged(`the entry "${name}" has no Zip64 sizes`);
    }
    const entrySize = Number(v.getBigUint64(x + 4, true));
    const offset = Number(v.getBigUint64(x + 20, true));
    if (offset + 30 > cdStart) throw damaged(`the entry "${name}" lies outside the file`);
    const local = new DataView((await readExactly(file, offset, 30)).buffer);
    if (local.getUint32(0, true) !== 0x04034b50) throw damaged(`the entry "${name}" is unreadable`);
    const dataOffset = offset + 30 + local.getUint16(26, true) + local.getUint16(28, true);
    if (dataOffset + entrySize > cdStart) {
      throw damaged(`the entry "${name}" lies outside the file`);
    }
    ranges.push([offset, dataOffset + entrySize]);
    entries.set(name, { name, crc: v.getUint32(p + 16, true), size: entrySize, dataOffset });
    p += 46 + nameLen + extraLen + commentLen;
  }
  ranges.sort((a, b) => a[0] - b[0]);
  for (let i = 1; i < ranges.length; i++) {
    if (ranges[i][0] < ranges[i - 1][1]) throw damaged("two entries overlap");
  }
  return entries;
}

const readBuffer = new Uint8Array(CHUNK);

/**
 * Copies `entry`'s bytes from `file` to `out` (a new file, or null to only check), checking its
 * CRC; answers the SHA-256.
 */
export async function copyEntry(
  file: Deno.FsFile,
  entry: ReadEntry,
  out: string | null,
): Promise<string> {
  const { crc32 } = await nodeZlib();
  const hash = await nativeSha256();
  let crc = 0;
  const dest = out ? await Deno.open(out, { write: true, createNew: true, mode: 0o600 }) : null;
  try {
    await file.seek(entry.dataOffset, Deno.SeekMode.Start);
    // One buffer for every entry: a fresh 1 MB per small file was garbage the GC fell behind on.
    const buf = readBuffer;
    let left = entry.size;
    while (left > 0) {
      const n = await file.read(buf.subarray(0, Math.min(CHUNK, left)));
      if (n === null) throw damaged(`"${entry.name}" is cut off`);
      const piece = buf.subarray(0, n);
      crc = crc32(piece, crc);
      hash.update(piece);
      if (dest) await writeAll(dest, piece);
      left -= n;
    }
  } finally {
    dest?.close();
  }
  if ((crc >>> 0) !== entry.crc) throw damaged(`"${entry.name}" fails its CRC check`);
  return hash.digest("hex");
}

/**
 * An entry of at most `CHUNK` bytes, read whole (into `into` when given: a buffer the caller
 * reuses) and checked (CRC); answers its bytes and SHA-256.
 * The caller writes them where it likes: small files are written a few at a time (`WritePool`).
 */
export async function readSmallEntry(
  file: Deno.FsFile,
  entry: ReadEntry,
  into?: Uint8Array,
): Promise<{ bytes: Uint8Array; sha256: string }> {
  const bytes = await readExactly(file, entry.dataOffset, entry.size, into);
  const { crc32 } = await nodeZlib();
  if ((crc32(bytes, 0) >>> 0) !== entry.crc) throw damaged(`"${entry.name}" fails its CRC check`);
  return { bytes, sha256: (await nativeSha256()).update(bytes).digest("hex") };
}

/**
 * Runs file writes a few at a time, so many small files' opens, writes and closes overlap instead
 * of waiting on each other; at most `limit` in flight (each holds one small file's bytes). The
 * first failure is thrown by the next `add` or by `drain`.
 */
export class WritePool {
  #inFlight = new Set<Promise<void>>();
  #error: unknown = null;
  constructor(readonly limit = 8) {}

  /** Starts `job`; waits while `limit` jobs are in flight. */
  async add(job: () => Promise<void>): Promise<void> {
    if (this.#error) throw this.#error;
    const done: Promise<void> = job().catch((err) => {
      this.#error ??= err;
    }).finally(() => this.#inFlight.delete(done));
    this.#inFlight.add(done);
    if (this.#inFlight.size >= this.limit) await Promise.race(this.#inFlight);
    if (this.#error) throw this.#error;
  }

  /** Waits for every job; throws the first failure. */
  async drain(): Promise<void> {
    await Promise.all(this.#inFlight);
    if (this.#error) throw this.#error;
  }
}
