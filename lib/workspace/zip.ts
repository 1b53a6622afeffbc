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
import { Inflate, Zip, ZipDeflate, ZipPassThrough } from "fflate";
import { crc32 } from "node:zlib";
import { privateDir } from "../config/private.ts";
import { walkTree, writeAll } from "./tree.ts";
import { WORKSPACE_LIMITS } from "./types.ts";
import { readAt, readDirectory, type ZipEntry, zipInvalid, zipUnsafe } from "./zip_read.ts";

/** The size of each read of a file being zipped or of compressed data being inflated. */
const CHUNK = 64 * 1024;
/** Compressed bytes fed to the inflater at once: at most ~1032× this comes out of one push. */
const INFLATE_CHUNK = 16 * 1024;

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
  let current: { file: Deno.FsFile; entry: ZipDeflate } | null = null;
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
    const entry = Object.assign(new ZipDeflate(path, { level: 6 }), attrs, {
      attrs: ((0o100000 | ((info.mode ?? 0o600) & 0o777)) << 16) >>> 0,
    });
    zip.add(entry);
    current = { file: await Deno.open(`${root}/${path}`, { read: true }), entry };
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

/** Unpacks one entry's data to `dest`, counting real bytes against its declared size. */
async function inflateTo(
  zipFile: Deno.FsFile,
  entry: ZipEntry,
  start: number,
  dest: string,
): Promise<void> {
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
  if (produced !== entry.size) throw zipUnsafe(entry.name, "smaller than its header says");
  if ((crc >>> 0) !== entry.crc) throw zipUnsafe(entry.name, "checksum mismatch");
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
  using file = await Deno.open(zipFile, { read: true });
  const entries = await readDirectory(file, {
    bytes: Math.min(opts.room, opts.maxBytes ?? WORKSPACE_LIMITS.zipBytes),
    fileBytes: opts.fileBytes,
    entries: opts.entries,
  });
  const files = entries.filter((e) => !e.dir);
  const starts = new Map<ZipEntry, number>();
  for (const entry of files) starts.set(entry, await dataStart(file, entry));
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
    for (const [i, entry] of files.entries()) {
      await inflateTo(file, entry, starts.get(entry)!, `${stage}/${i}`);
      bytes += entry.size;
    }
    for (const entry of entries) {
      const parent = entry.dir ? entry.path : entry.path.split("/").slice(0, -1).join("/");
      if (parent) await Deno.mkdir(`${root}/${parent}`, { recursive: true, mode: 0o700 });
    }
    for (const [i, entry] of files.entries()) {
      const staged = `${stage}/${i}`;
      if (entry.mode !== null && entry.mode & 0o100) await Deno.chmod(staged, 0o700);
      await place(staged, `${root}/${entry.path}`);
    }
    return { files: files.length, bytes };
  } finally {
    await Deno.remove(stage, { recursive: true }).catch(() => {});
  }
}
