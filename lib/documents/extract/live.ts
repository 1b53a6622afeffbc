/** How many extraction workers (threads or processes) are alive: tests check stopped ones are gone. */
let live = 0;

/** Counts one more alive; call the returned function once when it is gone. */
export function started(): () => void {
  live++;
  let ended = false;
  return () => {
    if (!ended) live--;
    ended = true;
  };
}

/** How many extraction workers are alive now. */
export function liveWorkers(): number {
  return live;
}
