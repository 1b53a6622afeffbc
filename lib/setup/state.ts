/**
 * Setup mode: Hearth is in it while no admin exists. The answer is cached per running app, so
 * requests do not ask the database each time: once an admin exists it stays app mode for good;
 * while in setup mode it looks again every second (a `hearth setup` in another terminal may
 * have finished), and the wizard's last step flips it at once, without a restart.
 */
import { hasAdmin } from "../auth/mod.ts";
import type { Locale } from "../i18n/mod.ts";
import type { AppServices } from "../services.ts";
import { generateSetupCode } from "./code.ts";
import { AttemptLimiter } from "./limiter.ts";

/** What the wizard has decided so far (kept in memory until the last step saves it). */
export interface SetupProgress {
  /** The language chosen in the first step. */
  locale?: Locale;
  /** The chat model that is downloaded (or was already there) and will become the default. */
  model?: string;
  /** The running or last model download. */
  pullTaskId?: string;
  /** The running or last Ollama installation. */
  installTaskId?: string;
}

/** Options of `SetupState`. */
export interface SetupStateOptions {
  /** Whether an admin exists (default: asks the database through lib/auth). */
  hasAdmin: () => Promise<boolean>;
  /** How long a "still in setup mode" answer is trusted, in ms (default 1000). */
  recheckMs?: number;
  now?: () => number;
}

// Grants are few (one per device that typed the code); the cap only bounds a misbehaving client.
const MAX_GRANTS = 100;

/** The setup state of one running app. */
export class SetupState {
  /** The one-time code LAN browsers must type; printed by `hearth start`. */
  readonly code = generateSetupCode();
  /** Failed code tries per client. */
  readonly limiter = new AttemptLimiter();
  /** The wizard's answers so far. */
  progress: SetupProgress = {};
  readonly #hasAdmin: () => Promise<boolean>;
  readonly #recheckMs: number;
  readonly #now: () => number;
  #done = false;
  #checkedAt = -Infinity;
  #pending: Promise<boolean> | null = null;
  readonly #grants = new Set<string>();

  constructor(options: SetupStateOptions) {
    this.#hasAdmin = options.hasAdmin;
    this.#recheckMs = options.recheckMs ?? 1000;
    this.#now = options.now ?? (() => performance.now());
  }

  /** True while no admin exists. */
  async active(): Promise<boolean> {
    if (this.#done) return false;
    if (this.#now() - this.#checkedAt < this.#recheckMs) return true;
    // Concurrent requests share one database look-up.
    this.#pending ??= this.#hasAdmin().then((exists) => {
      if (exists) this.finish();
      else this.#checkedAt = this.#now();
      return !exists;
    }).finally(() => this.#pending = null);
    return await this.#pending;
  }

  /** Ends setup mode for good: the app answers as usual from the next request on. */
  finish(): void {
    this.#done = true;
    this.#grants.clear();
  }

  /** A new token for a browser that typed the right code (its cookie value). */
  grant(): string {
    if (this.#grants.size >= MAX_GRANTS) {
      this.#grants.delete(this.#grants.values().next().value!);
    }
    const token = crypto.randomUUID();
    this.#grants.add(token);
    return token;
  }

  /** Whether `token` came from `grant()` during this setup. */
  granted(token: string | undefined): boolean {
    return !!token && !this.#done && this.#grants.has(token);
  }
}

const states = new WeakMap<AppServices, SetupState>();

/** The setup state of the app built on `services` (created on first use). */
export function setupStateOf(services: AppServices): SetupState {
  let state = states.get(services);
  if (!state) {
    state = new SetupState({ hasAdmin: () => hasAdmin(services.db) });
    states.set(services, state);
  }
  return state;
}
