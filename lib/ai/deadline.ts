/**
 * One signal per generation that fires when the caller cancels or when the whole generation
 * ran too long (SPEC §13: 30 min). Passing it down as the request's signal means both end the
 * HTTP request itself, and whatever the HTTP layer throws can be replaced by the real reason.
 */
import { ProviderError } from "./errors.ts";

/** A caller's signal joined with a deadline; `dispose()` must always run. */
export class Deadline {
  readonly #controller = new AbortController();
  readonly #caller?: AbortSignal;
  readonly #timer: ReturnType<typeof setTimeout>;
  readonly #onCallerAbort = () => this.#controller.abort(this.#caller?.reason);

  /**
   * @param caller The caller's cancel signal; aborting it aborts `signal` with the same reason.
   * @param ms How long the generation may take.
   */
  constructor(caller: AbortSignal | undefined, readonly ms: number) {
    caller?.throwIfAborted();
    this.#caller = caller;
    caller?.addEventListener("abort", this.#onCallerAbort, { once: true });
    this.#timer = setTimeout(() => {
      const minutes = ms >= 60_000 ? `${Math.round(ms / 60_000)} min` : `${ms} ms`;
      // Names no server: members may read it as it is.
      const said = `The generation took longer than ${minutes} and was stopped.`;
      this.#controller.abort(new ProviderError("upstream_timeout", said, {}, said));
    }, ms);
  }

  /** Aborts on cancel or timeout. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /**
   * The error the caller should see: once the deadline fired, its reason (the caller's own
   * cancel reason, or the timeout) wins over whatever the aborted request threw.
   */
  explain(err: unknown): unknown {
    return this.signal.aborted ? this.signal.reason : err;
  }

  /** Clears the timer and the listener. */
  dispose(): void {
    clearTimeout(this.#timer);
    this.#caller?.removeEventListener("abort", this.#onCallerAbort);
  }
}
