/**
 * A response body the front door (`front_direct.ts`) may read without its `ReadableStream`: a
 * task's SSE stream (`lib/tasks/sse.ts`) registers its frames here. Every token read through the
 * stream cost a read request, a pull and their promises, and the front's race against a turn of
 * the microtask queue to gather what came at once; with 1,000 replies streaming, those objects
 * alone were a good part of what each scavenge of V8's young generation had to copy
 * (docs/BENCHMARKS.md, fifteenth pass). Anything else, and a body some middleware replaced or
 * already read, is read as a stream.
 */

/** A body read in place: what is ready now, and a wait for more. */
export interface DirectBody {
  /** Bytes ready now, or null when none are (then see `ended`). Throws once the body failed. */
  take(): Uint8Array | null;
  /** Nothing more will come: the last `take` gave the end. */
  readonly ended: boolean;
  /** Resolves when `take` may have more (or the end, or a failure). */
  wait(): Promise<void>;
  /** The reader left: stop and free what the body holds. */
  cancel(): void;
}

const bodies = new WeakMap<ReadableStream<Uint8Array>, DirectBody>();

/** Registers `direct` as the way to read `stream`, which then must not be read any other way. */
export function readInPlace(stream: ReadableStream<Uint8Array>, direct: DirectBody): void {
  bodies.set(stream, direct);
}

/** The body's in-place reader, if it has one and nobody read its stream yet. */
export function inPlace(stream: ReadableStream<Uint8Array>): DirectBody | null {
  const direct = bodies.get(stream);
  return direct && !stream.locked ? direct : null;
}
