/**
 * The admin's live log (`/ws`): each socket gets the ring buffer, then every new entry. Bounded
 * on every side: at most `max` sockets, a socket whose unsent bytes pass `maxBuffered` is closed
 * (a slow client never makes the server hold the log for it), and each socket's admin login is
 * re-checked every `recheckMs`, besides the logout route closing that login's sockets at once.
 */
import { HttpError } from "../http/errors.ts";
import { upgradeTarget } from "../http/front.ts";
import type { LogEntry, Logger } from "./logger.ts";

/** Close codes the log socket uses (4000–4999 are the application's). */
export const LOG_CLOSE = {
  /** The admin login ended (logout, expiry, revocation). */
  loggedOut: 4001,
  /** The client did not read fast enough. */
  tooSlow: 4008,
  /** The server is stopping. */
  shutdown: 1001,
} as const;

/** One message on the socket. */
export type LogMessage =
  | { type: "backlog"; entries: LogEntry[] }
  | { type: "entry"; entry: LogEntry };

/** Options for `LogSockets`. */
export interface LogSocketsOptions {
  /** Whether the admin login behind `token` is still live. */
  isLive(token: string): Promise<boolean>;
  /** Sockets open at once (default 10); one more gets 503 `too_many_log_sockets`. */
  max?: number;
  /** Unsent bytes a socket may hold before it is closed as too slow (default 8 MB). */
  maxBuffered?: number;
  /** How often every socket's admin login is checked again (default 30 s). */
  recheckMs?: number;
}

interface Open {
  socket: WebSocket;
  token: string;
  unsubscribe: () => void;
}

/** The open log sockets of one server. */
export class LogSockets {
  readonly #log: Logger;
  readonly #opts: Required<LogSocketsOptions>;
  readonly #open = new Set<Open>();
  #timer: ReturnType<typeof setInterval> | undefined;
  #closed = false;

  constructor(log: Logger, options: LogSocketsOptions) {
    this.#log = log;
    this.#opts = { max: 10, maxBuffered: 8 * 1024 * 1024, recheckMs: 30_000, ...options };
  }

  /** Sockets open now. */
  get size(): number {
    return this.#open.size;
  }

  /**
   * Upgrades `req` (already checked: Host, Origin, admin) to a log socket for the admin login
   * `token`. Throws 503 when `max` sockets are open or the server is stopping.
   */
  accept(req: Request, token: string): Response {
    if (this.#closed) {
      throw new HttpError(503, "shutting_down", "The server is shutting down.");
    }
    if (this.#open.size >= this.#opts.max) {
      throw new HttpError(
        503,
        "too_many_log_sockets",
        `At most ${this.#opts.max} live logs can be open at once. Close one and try again.`,
        { "Retry-After": "10" },
      );
    }
    const { socket, response } = Deno.upgradeWebSocket(upgradeTarget(req), { idleTimeout: 60 });
    const open: Open = { socket, token, unsubscribe: () => {} };
    this.#open.add(open);
    this.#startRecheck();
    const onOpen = () => {
      if (!this.#send(open, { type: "backlog", entries: this.#backlog() })) return;
      open.unsubscribe = this.#log.subscribe((entry) => this.#send(open, { type: "entry", entry }));
    };
    const onClose = () => this.#drop(open);
    const onError = () => this.#drop(open);
    // The client only listens; anything it sends is ignored.
    const onMessage = () => {};
    socket.addEventListener("open", onOpen);
    socket.addEventListener("message", onMessage);
    socket.addEventListener("close", onClose);
    socket.addEventListener("error", onError);
    return response;
  }

  /** Closes the sockets of one admin login (its logout). */
  closeSession(token: string): void {
    for (const open of [...this.#open]) {
      if (open.token === token) this.#close(open, LOG_CLOSE.loggedOut, "logged out");
    }
  }

  /** Checks every socket's admin login now; closes those that ended. */
  async recheck(): Promise<void> {
    const tokens = new Map<string, boolean>();
    for (const open of [...this.#open]) {
      if (!tokens.has(open.token)) {
        tokens.set(open.token, await this.#opts.isLive(open.token).catch(() => false));
      }
      if (!tokens.get(open.token)) this.#close(open, LOG_CLOSE.loggedOut, "logged out");
    }
  }

  /** Closes every socket and refuses new ones (server shutdown). */
  closeAll(): void {
    this.#closed = true;
    for (const open of [...this.#open]) this.#close(open, LOG_CLOSE.shutdown, "shutting down");
  }

  /** The ring buffer, newest kept, within half the socket's cap. */
  #backlog(): LogEntry[] {
    let entries = this.#log.entries();
    while (entries.length > 1 && JSON.stringify(entries).length > this.#opts.maxBuffered / 2) {
      entries = entries.slice(Math.ceil(entries.length / 2));
    }
    return entries;
  }

  #startRecheck(): void {
    if (this.#timer !== undefined) return;
    this.#timer = setInterval(() => void this.recheck(), this.#opts.recheckMs);
    Deno.unrefTimer(this.#timer);
  }

  /** Sends `message`, or closes a socket that fell too far behind; false when it is gone. */
  #send(open: Open, message: LogMessage): boolean {
    const { socket } = open;
    if (socket.readyState !== WebSocket.OPEN) return false;
    if (socket.bufferedAmount > this.#opts.maxBuffered) {
      this.#close(open, LOG_CLOSE.tooSlow, "too slow");
      return false;
    }
    try {
      socket.send(JSON.stringify(message));
      return true;
    } catch {
      this.#drop(open);
      return false;
    }
  }

  #close(open: Open, code: number, reason: string): void {
    this.#drop(open);
    try {
      open.socket.close(code, reason);
    } catch {
      // Already closing.
    }
  }

  #drop(open: Open): void {
    open.unsubscribe();
    open.unsubscribe = () => {};
    this.#open.delete(open);
    if (this.#open.size === 0 && this.#timer !== undefined) {
      clearInterval(this.#timer);
      this.#timer = undefined;
    }
  }
}
