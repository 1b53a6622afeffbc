/**
 * Waiting on Ollama's `/api/ps`, the one place that says what a server holds in memory. Ollama
 * acts on an unload (`keep_alive: 0`) and on the end of a request asynchronously: the model stays
 * listed until the requests using it have finished. An unload (`real.ts`) waits here until the
 * model is gone, a chat's cancel (`lib/chat/cancel.ts`) until its keep-alive restarts.
 */
import { sleep } from "../async.ts";
import { sameModel } from "./modelfile.ts";
import type { RunningModel } from "./types.ts";

/** How a wait on `/api/ps` ended. */
export interface PsWait {
  /** true: the condition held; false: the deadline came first; null: `/api/ps` could not be read. */
  settled: boolean | null;
  /** The model's entry at the last read (absent: not loaded, or not read). */
  entry?: RunningModel;
}

/** Options of `waitOnPs`. */
export interface PsWaitOptions {
  /** Give up after this long (the last read still counts). */
  timeoutMs: number;
  /** Pause between two reads (default 100 ms). */
  intervalMs?: number;
}

/**
 * Reads the loaded models (`read`; null or a throw: unreadable) until `until` holds for the
 * entry of `model` (undefined when it is not loaded), matched as Ollama matches names.
 */
export async function waitOnPs(
  read: () => Promise<RunningModel[] | null>,
  model: string,
  until: (entry: RunningModel | undefined) => boolean,
  { timeoutMs, intervalMs = 100 }: PsWaitOptions,
): Promise<PsWait> {
  const deadline = Date.now() + timeoutMs;
  while (true) {
    const running = await read().catch(() => null);
    if (!running) return { settled: null };
    const entry = running.find((r) => sameModel(r.name, model));
    if (until(entry)) return { settled: true, entry };
    const left = deadline - Date.now();
    if (left <= 0) return { settled: false, entry };
    await sleep(Math.min(intervalMs, left));
  }
}
