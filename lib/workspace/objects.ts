/**
 * A workspace's object store: each distinct file content once, as
 * `<store>/objects/<first two hex digits>/<sha256>` (0600), so snapshots grow only by what
 * changed. An object is always a COPY of the bytes that were hashed (read once, hashed and
 * written from the same buffer), never a hard link into the workspace: a command that changes a
 * file in place cannot change a snapshot. Small objects (≤ 4 MB) are written in place, large
 * ones to `<store>/staging/` and renamed in. A snapshot writes `<store>/writing` first and
 * removes it once its manifest is written: finding it means a crash, and the next snapshot first
 * removes every object no manifest names (a partial one among them), so an object a manifest
 * names is whole. (Contents are not fsynced: a power cut may still cost the newest snapshot's
 * objects.)
 */
import { nativeSha256 } from "../hash.ts";
import { privateDir } from "../config/private.ts";
import { writeAll } from "../bytes.ts";

/** Files up to this size are read whole; larger ones are streamed in chunks of it. */
const WHOLE_BYTES = 4 * 1024 * 1024;

/** The store's folders. */
export const objectsDir = (store: string) => `${store}/objects`;
export const manifestsDir = (store: string) => `${store}/snapshots`;
export const stagingDir = (store: string) => `${store}/staging`;

/**
 * The object file of `hash`, in a folder per first byte (`objects/ab/ab…`): 10,000 files created
 * in one folder contend for its lock (measured 1.5–3× slower than spread over 256).
 */
export const objectPath = (store: string, hash: string) =>
  `${objectsDir(store)}/${hash.slice(0, 2)}/${hash}`;

/** Runs `write`, making the object's folder first when it is missing. */
async function inShard<T>(store: string, hash: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if (!(err instanceof Deno.errors.NotFound)) throw err;
    await Deno.mkdir(`${objectsDir(store)}/${hash.slice(0, 2)}`, { recursive: true, mode: 0o700 });
    return await write();
  }
}

const HASH = /^[0-9a-f]{64}$/;
const SHARD = /^[0-9a-f]{2}$/;

/** The marker of a snapshot being written. */
export const writingMarker = (store: string) => `${store}/writing`;

/** Makes the store's folders (0700). */
export async function ensureStore(store: string): Promise<void> {
  await privateDir(objectsDir(store));
  await privateDir(manifestsDir(store));
  await privateDir(stagingDir(store));
}

/** The hashes the store holds. */
export async function listObjects(store: string): Promise<Set<string>> {
  const out = new Set<string>();
  for await (const shard of Deno.readDir(objectsDir(store))) {
    if (!shard.isDirectory || !SHARD.test(shard.name)) continue;
    for await (const entry of Deno.readDir(`${objectsDir(store)}/${shard.name}`)) {
      if (entry.isFile && HASH.test(entry.name)) out.add(entry.name);
    }
  }
  return out;
}

const tempName = (store: string) => `${stagingDir(store)}/obj-${crypto.randomUUID()}`;

/**
 * Stores the content of the file at `path` (its size as `lstat` said: a file that grew is read
 * to its end all the same) and answers its hash and the bytes it added (0 when `known` already
 * held it). `known` is updated before any await that follows the hash, so two equal files
 * stored at once write one object.
 */
export async function putObject(
  store: string,
  path: string,
  size: number,
  known: Set<string>,
): Promise<{ hash: string; added: number }> {
  if (size <= WHOLE_BYTES) {
    const bytes = await Deno.readFile(path);
    const hash = (await nativeSha256()).update(bytes).digest("hex");
    if (known.has(hash)) return { hash, added: 0 };
    known.add(hash);
    // Written in place (one operation less than a rename, for the 10,000 small files of a first
    // snapshot): the snapshot's `writing` marker makes the next one collect what a crash left.
    const dest = objectPath(store, hash);
    try {
      await inShard(
        store,
        hash,
        () => Deno.writeFile(dest, bytes, { createNew: true, mode: 0o600 }),
      );
    } catch (err) {
      if (err instanceof Deno.errors.AlreadyExists) return { hash, added: 0 };
      known.delete(hash);
      await Deno.remove(dest).catch(() => {});
      throw err;
    }
    return { hash, added: bytes.byteLength };
  }
  const temp = tempName(store);
  const digest = await nativeSha256();
  let total = 0;
  try {
    {
      using src = await Deno.open(path, { read: true });
      using dst = await Deno.open(temp, { write: true, createNew: true, mode: 0o600 });
      const buf = new Uint8Array(WHOLE_BYTES);
      for (;;) {
        const n = await src.read(buf);
        if (n === null) break;
        const chunk = buf.subarray(0, n);
        digest.update(chunk);
        await writeAll(dst, chunk);
        total += n;
      }
    }
    const hash = digest.digest("hex");
    if (known.has(hash)) {
      await Deno.remove(temp);
      return { hash, added: 0 };
    }
    known.add(hash);
    await inShard(store, hash, () => Deno.rename(temp, objectPath(store, hash)));
    return { hash, added: total };
  } catch (err) {
    await Deno.remove(temp).catch(() => {});
    throw err;
  }
}

/** Files up to this size are copied by one read and one write (see `copyBytes`). */
const SMALL_COPY = 1024 * 1024;

let umask: Promise<number> | undefined;

/**
 * The process's umask, learned once by making a file in `dir` (Deno's own umask call is not
 * stable); 0 where files have no modes.
 */
function processUmask(dir: string): Promise<number> {
  return umask ??= (async () => {
    const probe = `${dir}/.umask-${crypto.randomUUID().slice(0, 8)}`;
    await Deno.writeFile(probe, new Uint8Array(), { createNew: true, mode: 0o777 });
    try {
      const { mode } = await Deno.stat(probe);
      return mode === null ? 0 : 0o777 & ~mode;
    } finally {
      await Deno.remove(probe).catch(() => {});
    }
  })();
}

/**
 * Copies `from` (`size` bytes) to a new file `to` with permission bits `mode`. A small file is
 * read and written whole, created with its mode (chmod only when the umask would strip a bit): two
 * calls per file where `Deno.copyFile` and a chmod cost several more (a full restore of 10,000
 * small files took 3–6 times `cp -a` with them); a large one is copied by the kernel.
 */
async function copyBytes(from: string, to: string, size: number, mode: number): Promise<void> {
  if (size > SMALL_COPY) {
    await Deno.copyFile(from, to);
    await Deno.chmod(to, mode);
    return;
  }
  await Deno.writeFile(to, await Deno.readFile(from), { createNew: true, mode });
  if (mode & await processUmask(to.slice(0, to.lastIndexOf("/")))) await Deno.chmod(to, mode);
}

/**
 * Puts a copy of object `hash` (`size` bytes) at `dest` with permission bits `mode`. When
 * something is there (`replace`), the copy goes to a temp name beside it and is renamed over, so
 * what was at `dest` (a file, maybe hard-linked elsewhere) is replaced, never written through;
 * else it is copied in place (the caller holds the workspace's lock, so nothing appears there
 * meanwhile).
 */
export async function copyObjectTo(
  store: string,
  hash: string,
  dest: string,
  size: number,
  mode: number,
  replace = true,
): Promise<void> {
  if (!replace) return await copyBytes(objectPath(store, hash), dest, size, mode);
  const slash = dest.lastIndexOf("/");
  const temp = `${dest.slice(0, slash)}/.${dest.slice(slash + 1)}.restore-${
    crypto.randomUUID().slice(0, 8)
  }`;
  try {
    await copyBytes(objectPath(store, hash), temp, size, mode);
    await Deno.rename(temp, dest);
  } catch (err) {
    await Deno.remove(temp).catch(() => {});
    throw err;
  }
}

/**
 * Removes every object not in `keep` and the objects' leftovers in staging (a crash's; callers
 * hold the workspace's lock, so nothing is being written there). Answers the bytes freed.
 */
export async function collectGarbage(store: string, keep: Set<string>): Promise<number> {
  let freed = 0;
  for await (const shard of Deno.readDir(objectsDir(store))) {
    const dir = `${objectsDir(store)}/${shard.name}`;
    if (!shard.isDirectory || !SHARD.test(shard.name)) {
      await Deno.remove(dir, { recursive: true });
      continue;
    }
    for await (const entry of Deno.readDir(dir)) {
      if (keep.has(entry.name)) continue;
      const path = `${dir}/${entry.name}`;
      freed += (await Deno.lstat(path)).size;
      await Deno.remove(path, { recursive: true });
    }
  }
  for await (const entry of Deno.readDir(stagingDir(store))) {
    // Only objects' leftovers: a zip being loaded stages its files here too.
    if (!entry.name.startsWith("obj-")) continue;
    await Deno.remove(`${stagingDir(store)}/${entry.name}`, { recursive: true });
  }
  return freed;
}
