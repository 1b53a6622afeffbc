/** The build's file helpers: hashes, listings and writes a reader never sees half done. */

/** SHA-256 of `data` (a string is hashed as UTF-8), in hex. */
export async function sha256(data: Uint8Array | string): Promise<string> {
  const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
  const digest = await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>);
  return new Uint8Array(digest).toHex();
}

/** Every file under `dir`, relative to it, sorted; none when `dir` does not exist. */
export async function listFiles(dir: string, base = ""): Promise<string[]> {
  const out: string[] = [];
  try {
    for await (const entry of Deno.readDir(dir)) {
      const rel = base ? `${base}/${entry.name}` : entry.name;
      if (entry.isDirectory) out.push(...await listFiles(`${dir}/${entry.name}`, rel));
      else if (entry.isFile) out.push(rel);
    }
  } catch (err) {
    if (!(err instanceof Deno.errors.NotFound)) throw err;
  }
  return out.sort();
}

/**
 * Writes `text` to `path` through a rename, so a reader (a server starting, a test's build)
 * sees the old file or the new one, never half; an unchanged file is not written.
 */
export async function replaceFile(path: string, text: string): Promise<void> {
  if (await Deno.readTextFile(path).catch(() => null) === text) return;
  const tmp = `${path}.${crypto.randomUUID().slice(0, 8)}.tmp`;
  await Deno.writeTextFile(tmp, text);
  await Deno.rename(tmp, path);
}
