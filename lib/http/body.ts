/**
 * Request bodies are read only here, and never unbounded: a `Content-Length` over the limit is
 * refused before a byte is read, and a chunked body is counted as it arrives and cancelled the
 * moment it passes the limit, so nothing a client sends is ever buffered whole. `limitBodies` is
 * the app-wide backstop for any route; `readBody` is what `readJson` and `readForm` use.
 */
import type { MiddlewareHandler } from "hono";
import { formatSize } from "../i18n/format.ts";
import { HttpError } from "./errors.ts";

/** Largest JSON request body (SPEC §13). */
export const JSON_BODY_LIMIT = 10 * 1000 * 1000;

/** Largest body a page route (not `/api`) accepts at all (SPEC §13). */
export const PAGE_BODY_LIMIT = 64 * 1000;

/** Largest HTML form body by default: a few fields typed by a person. */
export const FORM_BODY_LIMIT = 16 * 1000;

/** Largest JSON body of a call that sends a name or two (a model, a language, a password). */
export const SMALL_JSON_LIMIT = 16 * 1000;

/** 413 `body_too_large`, naming the limit ("16 kB", "10 MB"). */
export class BodyTooLargeError extends HttpError {
  constructor(readonly limit: number) {
    const size = formatSize(limit, "en");
    super(413, "body_too_large", `The request body is larger than ${size}.`, {}, { limit: size });
    this.name = "BodyTooLargeError";
  }
}

/** The declared length, when the request has a valid `Content-Length`. */
function declaredLength(req: Request): number | undefined {
  const header = req.headers.get("content-length");
  if (header === null || !/^\d+$/.test(header.trim())) return undefined;
  return Number(header);
}

function discard(stream: ReadableStream<Uint8Array> | null): void {
  if (stream && !stream.locked) stream.cancel().catch(() => {});
}

/**
 * Reads the whole body into memory, up to `limit` bytes; throws `BodyTooLargeError` (and stops
 * the upload) beyond. An absent body reads as empty.
 */
export async function readBody(req: Request, limit: number): Promise<Uint8Array<ArrayBuffer>> {
  const declared = declaredLength(req);
  if (declared !== undefined && declared > limit) {
    discard(req.body);
    throw new BodyTooLargeError(limit);
  }
  if (!req.body) return new Uint8Array(0);
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let read = false;
  try {
    for (;;) {
      const { done, value } = await reader.read().catch((err) => {
        // The backstop's larger limit gave out first (one big chunk): name this body's limit.
        throw err instanceof BodyTooLargeError
          ? new BodyTooLargeError(Math.min(limit, err.limit))
          : err;
      });
      if (done) {
        read = true;
        break;
      }
      size += value.byteLength;
      if (size > limit) {
        reader.cancel().catch(() => {});
        throw new BodyTooLargeError(limit);
      }
      chunks.push(value);
    }
  } finally {
    // A body read to its end stays locked: releasing makes a TypeError (and its stack) for the
    // reader's `closed` promise, ~4-7 µs of every request with a body, for no reader to come.
    if (!read) reader.releaseLock();
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return bytes;
}

/**
 * `source` passed through as it is read (nothing is read ahead), erroring with
 * `BodyTooLargeError` and cancelling `source` once more than `limit` bytes came through.
 */
export function limitStream(
  source: ReadableStream<Uint8Array>,
  limit: number,
  onExceeded: () => void = () => {},
): ReadableStream<Uint8Array> {
  const reader = source.getReader();
  let size = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { done, value } = await reader.read();
      if (done) return controller.close();
      size += value.byteLength;
      if (size > limit) {
        reader.cancel().catch(() => {});
        onExceeded();
        return controller.error(new BodyTooLargeError(limit));
      }
      controller.enqueue(value);
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  }, { highWaterMark: 0 });
}

/** Options for `limitBodies`. */
export interface LimitBodiesOptions {
  /** The most bytes a request to `path` may send. */
  limit: (path: string) => number;
}

/**
 * Server-wide backstop: every request body is bounded, whoever reads it and however (a route's
 * own `readJson`/`readForm` limit may be smaller). A `Content-Length` over the limit is answered
 * 413 before the route runs; a longer chunked body errors the stream the route reads, and the
 * answer is 413 even when the route swallowed that error.
 */
export function limitBodies(options: LimitBodiesOptions): MiddlewareHandler {
  return async function limitBodies(c, next) {
    const raw = c.req.raw;
    if (!raw.body) return await next();
    const limit = options.limit(c.req.path);
    const declared = declaredLength(raw);
    if (declared !== undefined && declared > limit) {
      discard(raw.body);
      throw new BodyTooLargeError(limit);
    }
    // A body framed by its length cannot run past it (the front and hyper both end it there),
    // so only a chunked one needs counting: no second stream and request for every JSON call.
    if (declared !== undefined) return await next();
    let exceeded = false;
    const body = limitStream(raw.body, limit, () => exceeded = true);
    c.req.raw = new Request(raw, { body, duplex: "half" } as RequestInit);
    await next();
    // The route may have swallowed the error; a 413 it answered itself stands.
    if (exceeded && c.res.status !== 413) {
      discard(c.res.body);
      throw new BodyTooLargeError(limit);
    }
  };
}
