/** Byte helpers shared by the front door, the HTTP client, files, zips and Web Push. */

/** Where bytes are written: a socket, a file, stdout. A write may take fewer than it is given. */
export interface ByteWriter {
  write(bytes: Uint8Array): Promise<number>;
}

/** Writes all of `bytes` to `to`. */
export async function writeAll(to: ByteWriter, bytes: Uint8Array): Promise<void> {
  if (!bytes.length) return;
  // Whole at first (the usual case, a token's write): no view made for it.
  let at = await to.write(bytes);
  while (at < bytes.length) at += await to.write(bytes.subarray(at));
}

/** `parts` one after another, in one new array. */
export function concatBytes(...parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
