/** The push domain's shapes as the API sends them; browser-safe (no server imports). */

/**
 * The kinds of notification a profile chooses from, each with its default. A later kind
 * (reminders, a gem run finished, a document ingested) joins by adding its key here, its two
 * sentences to `lib/i18n/messages/push.ts` and a call of `PushService.notify` where it happens.
 */
export const PUSH_KINDS = {
  reply: true,
  // The scheduler's (lib/scheduler/): event reminders, todos falling due, the daily briefing.
  reminder: true,
  todo: true,
  briefing: true,
} as const;

/** One kind of notification. */
export type PushKind = keyof typeof PUSH_KINDS;

/** A profile's choices: on or off per kind. */
export type PushPreferences = Record<PushKind, boolean>;

/** A subscribed browser as the profile's list shows it. */
export interface PushSubscriptionInfo {
  id: string;
  /** The device's label ("Firefox on Android"), or empty for a device that is gone. */
  device: string;
  /** Whether it is the browser asking. */
  thisDevice: boolean;
  createdAt: string;
  lastSuccessAt: string | null;
}

/** What `GET /api/push/key` answers. */
export interface PushKeyReply {
  /** The VAPID public key (P-256, uncompressed, base64url): `applicationServerKey`. */
  publicKey: string;
}

/** What a push carries to the service worker (`static/sw-push.js`); kept small. */
export interface PushPayload {
  kind: PushKind | "test";
  title: string;
  body: string;
  /** The page a tap opens, on this origin. */
  url: string;
  /** Replaces an earlier notification with the same tag (one per conversation). */
  tag: string;
}

/** What sending to a profile's browsers did. */
export interface PushResult {
  /** Accepted by the push service. */
  sent: number;
  /** Subscriptions the push service no longer knows (404, 410), removed. */
  pruned: number;
  /** Refused otherwise, or unreachable. */
  failed: number;
}
