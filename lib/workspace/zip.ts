/**
 * A workspace as a zip and back. Saving streams (fflate): each file is read in 64 KB pieces only
 * as the client takes the bytes, so memory stays bounded whatever the size; links are left out.
 * Loading judges the whole central directory first (`zip_read.ts`), checks each entry's local
 * header and that no two entries' data overlap, inflates every file into `staging` counting the
 * real bytes (an entry that inflates past its declared size, or to another CRC, is a lying header:
 * the archive is refused), checks that nothing in the workspace would be written through (a link
 * or file where the zip has a folder), and only then moves the files into the root, overwriting.
 * Any refusal leaves the root as it was. Callers hold the workspace's lock.
 */
import {
  type AsyncFlateStreamHandler,
  Deflate,
  Inflate,
  Zip,
  type ZipInputFile,
  ZipPassThrough,
} from "fflate";
import { crc32, deflateRawSync, inflateRawSync } from "node:zlib";
import { privateDir } from "../config/private.ts";
import { writeAll } from "../bytes.ts";
import { FILE_CONCURRENCY, mapPool, walkTree } from "./tree.ts";
import { WORKSPACE_LIMITS } from "./types.ts";
import { readAt, readDirectory, type ZipEntry, zipInvalid, zipUnsafe } from "./zip_read.ts";

/** The size of each read of a file being zipped or of compressed data being inflated. */
const CHUNK = 64 * 1024;
/** Compressed bytes fed to the inflater at once: at most ~1032× this comes out of one push. */
const INFLATE_CHUNK = 16 * 1024;

/** Files up to this size are read and deflated whole (natively); larger ones stream. */
const WHOLE_BYTES = 1024 * 1024;

/**
 * One deflated file of a zip being made. fflate's `Zip` keeps every added file object until the
 * end (for the central directory), and `ZipDeflate` allocates a streaming deflater (~200 KB of
 * tables) per file, which piled up as garbage: 10,000 small files grew the process by ~200 MB.
 * Here a small file is deflated whole by node:zlib (native memory, freed at once) and only a
 * large one streams through an fflate `Deflate`, held in a private field (`Zip` copies a file's
 * own fields) and dropped when the file ends.
 */
class DeflatedFile implements ZipInputFile {
  crc = 0;
  size = 0;
  compression = 8;
  os = 3;
  ondata: AsyncFlateStreamHandler = () => {};
  #deflate: Deflate | null = null;

  constructor(readonly filename: string, readonly attrs: number, readonly mtime: Date) {}

  /** The whole file at once. */
  whole(data: Uint8Array): void {
    this.crc = crc32(data) >>> 0;
    this.size = data.byteLength;
    this.ondata(null, new Uint8Array(deflateRawSync(data, { level: 1 })), true);
  }

  /** The next piece of a large file. */
  push(chunk: Uint8Array, final = false): void {
    this.#deflate ??= new Deflate({ level: 1 }, (out, end) => this.ondata(null, out, end));
    this.crc = crc32(chunk, this.crc) >>> 0;
    this.size += chunk.byteLength;
    this.#deflate.push(chunk, final);
    if (final) this.#deflate = null;
  }

  terminate(): void {
    this.#deflate = null;
  }
}

/** The workspace at `root` as a zip, made as the stream is read. */
export function zipWorkspace(root: string): ReadableStream<Uint8Array> {
  const queue: Uint8Array[] = [];
  let failure: Error | null = null;
  let ended = false;
  const zip = new Zip((err, chunk, final) => {
    if (err) failure = err;
    else queue.push(chunk);
    if (final) ended = true;
  });
  let entries: Awaited<ReturnType<typeof walkTree>> | null = null;
  let next = 0;
  let current: { file: Deno.FsFile; entry: DeflatedFile } | null = null;
  const buf = new Uint8Array(CHUNK);

  async function step(): Promise<void> {
    entries ??= (await walkTree(root)).filter((e) => e.kind !== "link");
    if (current) {
      const n = await current.file.read(buf);
      if (n === null) {
        current.file.close();
        const { entry } = current;
        current = null;
        entry.push(new Uint8Array(0), true);
      } else current.entry.push(buf.slice(0, n));
      return;
    }
    if (next >= entries.length) return zip.end();
    const { path, kind, info } = entries[next++];
    const attrs = { os: 3, mtime: info.mtime ?? new Date() };
    if (kind === "dir") {
      const entry = Object.assign(new ZipPassThrough(`${path}/`), attrs, {
        attrs: ((0o040000 | ((info.mode ?? 0o700) & 0o777)) << 16) >>> 0,
      });
      zip.add(entry);
      entry.push(new Uint8Array(0), true);
      return;
    }
    const mode = ((0o100000 | ((info.mode ?? 0o600) & 0o777)) << 16) >>> 0;
    const entry = new DeflatedFile(path, mode, attrs.mtime);
    zip.add(entry);
    if (info.size <= WHOLE_BYTES) entry.whole(await Deno.readFile(`${root}/${path}`));
    else current = { file: await Deno.open(`${root}/${path}`, { read: true }), entry };
  }

  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        while (!queue.length && !ended && !failure) await step();
      } catch (err) {
        current?.file.close();
        zip.terminate();
        return controller.error(err);
      }
      if (failure) return controller.error(failure);
      for (const chunk of queue.splice(0)) controller.enqueue(chunk);
      if (ended) controller.close();
    },
    cancel() {
      current?.file.close();
      current = null;
      zip.terminate();
    },
  }, { highWaterMark: 0 });
}

/** Where an entry's data starts, from its local header (which must agree with the directory). */
async function dataStart(file: Deno.FsFile, entry: ZipEntry): Promise<number> {
  const header = await readAt(file, entry.offset, 30);
  const v = new DataView(header.buffer);
  if (v.getUint32(0, true) !== 0x04034b50) throw zipInvalid();
  if (v.getUint16(6, true) & 0x1) throw zipUnsafe(entry.name, "encrypted");
  if (v.getUint16(8, true) !== entry.method) throw zipUnsafe(entry.name, "headers disagree");
  return entry.offset + 30 + v.getUint16(26, true) + v.getUint16(28, true);
}

/** Checks what an entry unpacked to against its header. */
function checkUnpacked(entry: ZipEntry, produced: number, crc: number): void {
  if (produced > entry.size) throw zipUnsafe(entry.name, "larger than its header says");
  if (produced !== entry.size) throw zipUnsafe(entry.name, "smaller than its header says");
  if ((crc >>> 0) !== entry.crc) throw zipUnsafe(entry.name, "checksum mismatch");
}

/**
 * A small entry (declared ≤ 1 MB) unpacked at once, natively, its output capped at the declared
 * size (past it zlib stops: a lying header).
 */
async function inflateSmall(zipFile: Deno.FsFile, entry: ZipEntry, start: number, dest: string) {
  const data = await readAt(zipFile, start, entry.compressedSize);
  let out: Uint8Array;
  if (entry.method === 0) out = data;
  else {
    try {
      out = new Uint8Array(inflateRawSync(data, { maxOutputLength: Math.max(1, entry.size) }));
    } catch (err) {
      if (err instanceof RangeError) throw zipUnsafe(entry.name, "larger than its header says");
      throw zipUnsafe(entry.name, "damaged data");
    }
  }
  checkUnpacked(entry, out.byteLength, crc32(out));
  await Deno.writeFile(dest, out, { createNew: true, mode: 0o600 });
}

/** Unpacks one entry's data to `dest`, counting real bytes against its declared size. */
async function inflateTo(
  zipFile: Deno.FsFile,
  entry: ZipEntry,
  start: number,
  dest: string,
): Promise<void> {
  if (entry.size <= WHOLE_BYTES && entry.compressedSize <= WHOLE_BYTES) {
    return await inflateSmall(zipFile, entry, start, dest);
  }
  using out = await Deno.open(dest, { write: true, createNew: true, mode: 0o600 });
  let produced = 0;
  let crc = 0;
  let pending: Uint8Array[] = [];
  const take = (chunk: Uint8Array) => {
    produced += chunk.byteLength;
    if (produced > entry.size) throw zipUnsafe(entry.name, "larger than its header says");
    crc = crc32(chunk, crc);
    pending.push(chunk);
  };
  const inflater = entry.method === 8 ? new Inflate((chunk) => take(chunk)) : null;
  await zipFile.seek(start, Deno.SeekMode.Start);
  const buf = new Uint8Array(INFLATE_CHUNK);
  let left = entry.compressedSize;
  while (left > 0) {
    const n = await zipFile.read(buf.subarray(0, Math.min(left, buf.length)));
    if (n === null) throw zipInvalid();
    left -= n;
    const piece = buf.slice(0, n);
    try {
      if (inflater) inflater.push(piece, left === 0);
      else take(piece);
    } catch (err) {
      if (err instanceof Error && "code" in err && err.code === "zip_unsafe") throw err;
      throw zipUnsafe(entry.name, "damaged data");
    }
    for (const chunk of pending) await writeAll(out, chunk);
    pending = [];
  }
  if (inflater && entry.compressedSize === 0) throw zipUnsafe(entry.name, "damaged data");
  checkUnpacked(entry, produced, crc);
}

/** What a component of the root holds now: a real folder, something else, or nothing. */
async function kindAt(path: string): Promise<"dir" | "other" | null> {
  try {
    const info = await Deno.lstat(path);
    return info.isDirectory ? "dir" : "other";
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return null;
    throw err;
  }
}

/** Refuses the archive when an entry would be written through or onto something in `root`. */
async function checkTargets(root: string, entries: ZipEntry[]): Promise<void> {
  const checked = new Map<string, "dir" | "other" | null>();
  const at = async (rel: string) => {
    if (!checked.has(rel)) checked.set(rel, await kindAt(`${root}/${rel}`));
    return checked.get(rel)!;
  };
  for (const entry of entries) {
    const parts = entry.path.split("/");
    for (let i = 1; i < parts.length + (entry.dir ? 1 : 0); i++) {
      if (await at(parts.slice(0, i).join("/")) === "other") {
        throw zipUnsafe(entry.name, "a file or link in the workspace is in its way");
      }
    }
    if (!entry.dir && await at(entry.path) === "dir") {
      throw zipUnsafe(entry.name, "a folder in the workspace is in its way");
    }
  }
}

/** Moves a staged file into place (a copy when staging is on another filesystem). */
async function place(from: string, to: string): Promise<void> {
  try {
    await Deno.rename(from, to);
  } catch (err) {
    if (!(err instanceof Error && "code" in err && err.code === "EXDEV")) throw err;
    await Deno.copyFile(from, to);
    await Deno.remove(from);
  }
}

/**
 * Loads the zip at `zipFile` into `root` (see the module's comment); `room` bounds the
 * uncompressed total besides `WORKSPACE_LIMITS.zipBytes`. `staging` is a folder of the store
 * (made and emptied here). The caller holds the workspace's lock.
 */
export async function loadZip(
  zipFile: string,
  root: string,
  opts: {
    room: number;
    staging: string;
    maxBytes?: number;
    fileBytes?: number;
    /** Entries the workspace may still hold (`WORKSPACE_LIMITS.entries` less what it has). */
    entries?: number;
  },
): Promise<{ files: number; bytes: number }> {
  // One handle per worker: a handle's reads go through its own position.
  const handles = await Promise.all(
    Array.from({ length: FILE_CONCURRENCY }, () => Deno.open(zipFile, { read: true })),
  );
  try {
    return await unpack(handles, root, opts);
  } finally {
    for (const h of handles) h.close();
  }
}

async function unpack(
  handles: Deno.FsFile[],
  root: string,
  opts: Parameters<typeof loadZip>[2],
): Promise<{ files: number; bytes: number }> {
  const file = handles[0];
  const free = [...handles];
  const withHandle = async <T>(fn: (h: Deno.FsFile) => Promise<T>): Promise<T> => {
    const h = free.pop()!;
    try {
      return await fn(h);
    } finally {
      free.push(h);
    }
  };
  const entries = await readDirectory(file, {
    bytes: Math.min(opts.room, opts.maxBytes ?? WORKSPACE_LIMITS.zipBytes),
    fileBytes: opts.fileBytes,
    entries: opts.entries,
  });
  const files = entries.filter((e) => !e.dir);
  const starts = new Map<ZipEntry, number>();
  await mapPool(files, async (entry) => {
    starts.set(entry, await withHandle((h) => dataStart(h, entry)));
  });
  // Entries may not share data: overlapping entries are a known zip bomb.
  const spans = files.map((e) => ({ e, from: e.offset, to: starts.get(e)! + e.compressedSize }))
    .sort((a, b) => a.from - b.from);
  const size = (await file.stat()).size;
  for (let i = 0; i < spans.length; i++) {
    if (spans[i].to > size) throw zipInvalid();
    if (i + 1 < spans.length && spans[i].to > spans[i + 1].from) {
      throw zipUnsafe(spans[i + 1].e.name, "overlaps another entry");
    }
  }
  await checkTargets(root, entries);
  const stage = `${opts.staging}/unzip-${crypto.randomUUID()}`;
  await privateDir(stage);
  try {
    let bytes = 0;
    await mapPool(files, async (entry, i) => {
      await withHandle((h) => inflateTo(h, entry, starts.get(entry)!, `${stage}/${i}`));
      bytes += entry.size;
    });
    const folders = new Set<string>();
    for (const entry of entries) {
      const parent = entry.dir ? entry.path : entry.path.split("/").slice(0, -1).join("/");
      if (parent) folders.add(parent);
    }
    // Sorted, parents first; `recursive` makes what is missing and accepts what is there.
    for (const folder of [...folders].sort()) {
      await Deno.mkdir(`${root}/${folder}`, { recursive: true, mode: 0o700 });
    }
    await mapPool(files, async (entry, i) => {
      const staged = `${stage}/${i}`;
      if (entry.mode !== null && entry.mode & 0o100) await Deno.chmod(staged, 0o700);
      await place(staged, `${root}/${entry.path}`);
    });
    return { files: files.length, bytes };
  } finally {
    await Deno.remove(stage, { recursive: true }).catch(() => {});
  }
}
