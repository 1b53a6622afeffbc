/**
 * Writes a file so that a crash or a full disk leaves either the old content or the new one,
 * never half of either: temp file in the same folder, fsync, rename, then fsync the folder.
 */
import { privateDir } from "./private.ts";

/** Atomically replaces `path` with `text` (or bytes), readable only by the owner (0600, folder 0700). */
export async function writeFileAtomic(
  path: string,
  text: string | Uint8Array,
  mode = 0o600,
): Promise<void> {
  const dir = path.slice(0, Math.max(path.lastIndexOf("/"), 0)) || ".";
  await privateDir(dir);
  const tmp = `${path}.tmp-${crypto.randomUUID().slice(0, 8)}`;
  try {
    const file = await Deno.open(tmp, { write: true, createNew: true, mode });
    try {
      const bytes = typeof text === "string" ? new TextEncoder().encode(text) : text;
      let written = 0;
      while (written < bytes.length) written += await file.write(bytes.subarray(written));
      await file.sync();
    } finally {
      file.close();
    }
    await Deno.rename(tmp, path);
  } catch (err) {
    await Deno.remove(tmp).catch(() => {});
    throw err;
  }
  if (Deno.build.os !== "windows") {
    // The rename is only durable once the folder's entry is on disk too.
    try {
      const d = await Deno.open(dir, { read: true });
      try {
        await d.sync();
      } finally {
        d.close();
      }
    } catch {
      // Some filesystems refuse fsync on folders; the rename itself is still atomic.
    }
  }
}
