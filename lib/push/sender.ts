/**
 * Sends one Web Push message. Real: encrypted for the browser (RFC 8291), signed for the push
 * service (VAPID, RFC 8292), POSTed through `upstreamFetch` (no redirects) with a deadline and
 * without reading more than a little of the answer. Fake (demo mode): records and logs what it
 * would send; chosen in `chooseExternals()` (`lib/services.ts`).
 */
import { upstreamFetch } from "../http/fetch.ts";
import { type ClientKeys, encryptPayload, vapidAuthorization, type VapidKeys } from "./crypto.ts";

/** One message to one browser. */
export interface PushMessage {
  endpoint: URL;
  keys: ClientKeys;
  /** The JSON the service worker gets (a few hundred bytes). */
  payload: Uint8Array<ArrayBuffer>;
  /** Seconds the push service keeps it for a browser that is offline. */
  ttl: number;
  urgency: "normal" | "high";
  /** Replaces a message still waiting with the same topic (base64url, ≤ 32 characters). */
  topic?: string;
}

/** The server's VAPID identity. */
export interface VapidIdentity {
  keys: VapidKeys;
  /** `mailto:` or `https:` where the push service can reach the box's owner. */
  subject: string;
}

/** How the push service answered: its status, or 0 with `error` when it was not reached. */
export interface PushAnswer {
  status: number;
  error?: string;
}

/** Sends push messages; Real or Fake. */
export interface PushSender {
  /** Whether a subscription may name this endpoint (Real: https only). */
  accepts(endpoint: URL): boolean;
  send(message: PushMessage, vapid: VapidIdentity, now: number): Promise<PushAnswer>;
}

/** How long a push service may take to answer. */
export const PUSH_TIMEOUT_MS = 10_000;

/** The Real sender. */
export class RealPushSender implements PushSender {
  readonly #httpLoopback: boolean;
  readonly #timeoutMs: number;

  /**
   * @param options.httpLoopback Also accept `http://127.0.0.1:…` endpoints: for the tests' local
   *   push service only, never set by the app.
   */
  constructor(options: { httpLoopback?: boolean; timeoutMs?: number } = {}) {
    this.#httpLoopback = options.httpLoopback ?? false;
    this.#timeoutMs = options.timeoutMs ?? PUSH_TIMEOUT_MS;
  }

  accepts(endpoint: URL): boolean {
    if (endpoint.protocol === "https:") return true;
    return this.#httpLoopback && endpoint.protocol === "http:" &&
      endpoint.hostname === "127.0.0.1";
  }

  async send(message: PushMessage, vapid: VapidIdentity, now: number): Promise<PushAnswer> {
    if (!this.accepts(message.endpoint)) return { status: 0, error: "endpoint not accepted" };
    const body = await encryptPayload(message.keys, message.payload);
    const headers: Record<string, string> = {
      "content-type": "application/octet-stream",
      "content-encoding": "aes128gcm",
      ttl: String(message.ttl),
      urgency: message.urgency,
      authorization: await vapidAuthorization(message.endpoint, vapid.keys, vapid.subject, now),
    };
    if (message.topic) headers.topic = message.topic;
    try {
      const res = await upstreamFetch(message.endpoint, {
        method: "POST",
        headers,
        body,
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
      // Only the status matters; the body (an error page at most) is not read.
      await res.body?.cancel().catch(() => {});
      return { status: res.status };
    } catch (err) {
      return { status: 0, error: err instanceof Error ? err.message : String(err) };
    }
  }
}

/** What the Fake sender recorded: the endpoint and the payload as sent. */
export interface FakePush {
  endpoint: string;
  payload: unknown;
}

/** The Fake sender (demo mode): nothing leaves the box; the last 50 messages are kept. */
export class FakePushSender implements PushSender {
  readonly sent: FakePush[] = [];

  constructor(private readonly log?: (message: string, data: Record<string, unknown>) => void) {}

  accepts(endpoint: URL): boolean {
    return endpoint.protocol === "https:";
  }

  send(message: PushMessage): Promise<PushAnswer> {
    const payload = JSON.parse(new TextDecoder().decode(message.payload));
    this.sent.push({ endpoint: message.endpoint.href, payload });
    if (this.sent.length > 50) this.sent.shift();
    this.log?.("push (demo mode, not sent)", { origin: message.endpoint.origin, payload });
    return Promise.resolve({ status: 201 });
  }
}
