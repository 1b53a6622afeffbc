/** The countdown the auth forms show after too many wrong PINs or passwords. */
import { type Signal, useSignal } from "@preact/signals";
import { useEffect, useRef } from "preact/hooks";
import { ApiError } from "../../lib/client/api.ts";

/** A running countdown: `seconds` left (0: not locked). */
export interface Lockout {
  seconds: Signal<number>;
  /** Counts `seconds` down to 0 once a second. */
  start(seconds: number): void;
  /** Starts the countdown when `err` is a 429 that says how long to wait. */
  startFor(err: unknown): void;
}

/**
 * A lockout countdown for a 429, so the UI can disable the form and say how long to wait (the
 * server's `Retry-After`).
 */
export function useLockout(): Lockout {
  const seconds = useSignal(0);
  const timer = useRef<ReturnType<typeof setInterval> | undefined>(undefined);
  useEffect(() => () => clearInterval(timer.current), []);
  const start = (s: number) => {
    clearInterval(timer.current);
    seconds.value = s;
    timer.current = setInterval(() => {
      seconds.value = Math.max(0, seconds.value - 1);
      if (seconds.value === 0) clearInterval(timer.current);
    }, 1000);
  };
  const startFor = (err: unknown) => {
    if (err instanceof ApiError && err.status === 429 && err.retryAfter) start(err.retryAfter);
  };
  return { seconds, start, startFor };
}
