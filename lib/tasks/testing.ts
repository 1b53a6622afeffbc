/** Test helpers for code that runs tasks (used by this folder's tests and by chat's). */
import type { Chunk } from "./task.ts";

/** A promise with its resolve exposed, to hold a producer at a known point. */
export interface Gate {
  promise: Promise<void>;
  open: () => void;
}

/** A closed gate; `await gate.promise` waits until `gate.open()`. */
export function gate(): Gate {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => open = resolve);
  return { promise, open };
}

/** Reads an iterator of chunks to its end. */
export async function collect(chunks: AsyncIterable<Chunk>): Promise<Chunk[]> {
  const all: Chunk[] = [];
  for await (const chunk of chunks) all.push(chunk);
  return all;
}

/** A registry `log` that records instead of printing. */
export function recordingLog(): {
  entries: { message: string; error?: unknown }[];
  log: (message: string, error?: unknown) => void;
} {
  const entries: { message: string; error?: unknown }[] = [];
  return { entries, log: (message, error) => entries.push({ message, error }) };
}

/** Resolves when `signal` aborts. */
export function aborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    signal.addEventListener("abort", () => resolve(), { once: true });
  });
}

/** Rejects with a clear message when `promise` takes longer than `ms`, so a test fails, not hangs. */
export async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
