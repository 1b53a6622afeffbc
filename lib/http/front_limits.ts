/** The front door's bounds on connections and the counts it keeps (`front.ts`). */

/** Waiting connections past which room is made as from a flood, as a multiple of `maxPending`. */
export const FLOOD_FACTOR = 4;

/** Bounds on connections. */
export interface FrontLimits {
  /** Time from accept to a complete request head. */
  headMs: number;
  /** Largest request head (request line and headers). */
  headBytes: number;
  /**
   * Connections waiting for their head at once; past it, the oldest that never sent a request is
   * closed once it has been silent for half of `headMs` (`front_pending.ts`).
   */
  maxPending: number;
  /**
   * Waiting connections past which it is a flood: room is made from any silent for half a second.
   * `FLOOD_FACTOR` × `maxPending` unless given (fewer when open files are short).
   */
  maxWaiting?: number;
  /** A request whose connection moves no byte either way this long is closed. */
  idleMs: number;
  /** Requests being served at once. */
  maxActive: number;
  /** Requests being served at once for one client address. */
  maxActivePerAddress: number;
  /** How long a shutdown waits for requests in flight before closing their connections. */
  shutdownMs: number;
}

/** The defaults: generous for a phone on a weak Wi-Fi, tight enough for a hostile device. */
export const FRONT_LIMITS: FrontLimits = {
  headMs: 10_000,
  headBytes: 32 * 1024,
  maxPending: 256,
  // SSE streams send a heartbeat every 15 s, so only a stuck request is this quiet.
  idleMs: 5 * 60_000,
  // A streaming response costs ~130–300 KB inside Deno's HTTP server; 2,048 of them fit a small
  // box, and the open-file limit may lower it (frontLimitsFor).
  maxActive: 2048,
  maxActivePerAddress: 128,
  shutdownMs: 5_000,
};

/** Descriptors kept for everything but client connections: the database, Ollama, logs, children. */
const RESERVED_FDS = 128;

/**
 * Limits that fit `softFdLimit` open files: a waiting connection holds one descriptor, a request
 * being served up to four (the client's socket, both ends of the private one, and a chat's
 * connection to Ollama).
 */
export function frontLimitsFor(softFdLimit: number | undefined, tls = false): FrontLimits {
  if (!softFdLimit) return FRONT_LIMITS;
  // Over TLS a connection also holds the relay's two ends (front and private TLS listener).
  const perConn = tls ? 6 : 4;
  const spare = Math.max(16, softFdLimit - RESERVED_FDS);
  const maxPending = Math.min(FRONT_LIMITS.maxPending, Math.floor(spare / perConn));
  const maxActive = Math.min(FRONT_LIMITS.maxActive, Math.floor((spare - maxPending) / perConn));
  // Waiting past `maxPending` takes only what the active requests leave.
  const room = spare - maxActive * perConn;
  const maxWaiting = Math.max(maxPending, Math.min(FLOOD_FACTOR * maxPending, room));
  return {
    ...FRONT_LIMITS,
    maxPending,
    maxWaiting,
    maxActive,
    maxActivePerAddress: Math.min(FRONT_LIMITS.maxActivePerAddress, maxActive),
  };
}

/** What the front has seen, for logs and the load benchmark. */
export interface FrontStats {
  pending: number;
  active: number;
  accepted: number;
  /** Requests served on a connection kept open after an earlier one. */
  reused: number;
  /** Closed for not sending a complete head in time. */
  headTimeouts: number;
  /** Closed to make room for newer connections. */
  evicted: number;
  /** Closed for moving no byte for `idleMs`. */
  idleClosed: number;
  /** Answered 400/431 for a malformed or oversized head. */
  badHeads: number;
  /** Answered 503 for too many active requests. */
  busy: number;
  /** Plain requests sent to https (308) while TLS is on. */
  redirected: number;
  /** Accepts that failed (e.g. no file descriptors left). */
  acceptErrors: number;
}
