/**
 * Receiving a large raw request body into a file (a document, a workspace upload): written in
 * 64 KB writes as it arrives, never buffered whole, counted (413 `body_too_large` before a byte
 * is read when `Content-Length` says too much, as soon as the count passes the cap for a chunked
 * body) and optionally hashed on the way. On any failure the partial file is removed.
 */
import { BodyTooLargeError } from "./body.ts";
import { writeAll } from "../bytes.ts";
import { nativeSha256 } from "../hash.ts";

/** The size of each write to disk. */
export const WRITE_BYTES = 64 * 1024;

/** The declared body length, when `Content-Length` is a number. */
export function declaredLength(req: Request): number | undefined {
  const header = req.headers.get("content-length");
  return header !== null && /^\d+$/.test(header.trim()) ? Number(header) : undefined;
}

/** Stops the body from arriving (a refused upload), quietly. */
export function cancelBody(req: Request): void {
  if (req.body && !req.body.locked) req.body.cancel().catch(() => {});
}

/** 413 `body_too_large` (the body cancelled) when `Content-Length` says more than `limit`. */
export function refuseDeclaredOver(req: Request, limit: number): void {
  const declared = declaredLength(req);
  if (declared !== undefined && declared > limit) {
    cancelBody(req);
    throw new BodyTooLargeError(limit);
  }
}

/** Removes `path` unless it is already gone. */
export async function removeQuietly(path: string): Promise<void> {
  await Deno.remove(path).catch((err) => {
    if (!(err instanceof Deno.errors.NotFound)) throw err;
  });
}

/**
 * Streams `req`'s body to a new file `path` (0600; it must not exist), at most `limit` bytes;
 * answers its size (and sha256 with `hash`). Throws `BodyTooLargeError` past the limit (the body
 * cancelled); on any error the file is removed.
 */
export async function bodyToFile(
  req: Request,
  path: string,
  limit: number,
  opts: { hash?: boolean } = {},
): Promise<{ size: number; sha256?: string }> {
  const hash = opts.hash ? await nativeSha256() : null;
  const file = await Deno.open(path, { write: true, createNew: true, mode: 0o600 });
  let size = 0;
  try {
    if (req.body) {
      const reader = req.body.getReader();
      const staging = new Uint8Array(WRITE_BYTES);
      let staged = 0;
      try {
        for (;;) {
          const { done, value } = await reader.read().catch((err) => {
            // The app-wide backstop's stream gave out first: the same limit, said as ours.
            throw err instanceof BodyTooLargeError ? new BodyTooLargeError(limit) : err;
          });
          if (done) break;
          size += value.byteLength;
          if (size > limit) throw new BodyTooLargeError(limit);
          hash?.update(value);
          let at = 0;
          while (at < value.byteLength) {
            const n = Math.min(WRITE_BYTES - staged, value.byteLength - at);
            staging.set(value.subarray(at, at + n), staged);
            staged += n;
            at += n;
            if (staged === WRITE_BYTES) {
              await writeAll(file, staging);
              staged = 0;
            }
          }
        }
        if (staged) await writeAll(file, staging.subarray(0, staged));
      } catch (err) {
        reader.cancel().catch(() => {});
        throw err;
      } finally {
        reader.releaseLock();
      }
    }
    file.close();
  } catch (err) {
    try {
      file.close();
    } catch { /* closed already */ }
    await removeQuietly(path);
    throw err;
  }
  return { size, ...(hash && { sha256: hash.digest("hex") }) };
}
