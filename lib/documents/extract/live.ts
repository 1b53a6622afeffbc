/** How many extraction workers (threads or processes) are alive: tests check stopped ones are gone. */
let live = 0;
const pids = new Set<number>();

/** Counts one more alive (a subprocess by its pid); call the returned function once it is gone. */
export function started(pid?: number): () => void {
  live++;
  if (pid !== undefined) pids.add(pid);
  let ended = false;
  return () => {
    if (!ended) live--;
    if (pid !== undefined) pids.delete(pid);
    ended = true;
  };
}

/** The process ids of the extraction subprocesses alive now. */
export function livePids(): number[] {
  return [...pids];
}

/** How many extraction workers are alive now. */
export function liveWorkers(): number {
  return live;
}
