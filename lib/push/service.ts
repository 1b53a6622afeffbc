/**
 * Web Push for Hearth (SPEC §11): a profile's browsers subscribe, each profile chooses what it is
 * notified about, and `notify` sends to every browser of the profile, pruning the ones the push
 * service no longer knows (404, 410). Per-profile rows are reached only through `owned()`.
 *
 * When a reply is ready (`replyReady`), the page that asked may be watching it: a push then would
 * only buzz the phone in the person's hand. The reply is announced when, at its end, no stream of
 * its task was open (the page was closed, or the phone dropped the connection while asleep), or
 * when the profile's Hearth pages last said they were hidden (`visibility`, reported by the chat
 * page on `visibilitychange` and `pagehide`) and none said it is visible.
 */
import { sql } from "kysely";
import type { Db } from "../db/mod.ts";
import { newId } from "../db/ids.ts";
import { owned } from "../db/owned.ts";
import { HttpError, ValidationError } from "../http/errors.ts";
import { isLocale, type Locale, translator } from "../i18n/mod.ts";
import { fromBase64url } from "./crypto.ts";
import type { PushSender } from "./sender.ts";
import type { z } from "zod";
import type { subscriptionSchema } from "./schemas.ts";
import {
  PUSH_KINDS,
  type PushKind,
  type PushPayload,
  type PushPreferences,
  type PushResult,
  type PushSubscriptionInfo,
} from "./types.ts";
import type { VapidStore } from "./vapid.ts";

/** At most this many browsers per profile (the oldest goes when a new one subscribes). */
export const SUBSCRIPTIONS_PER_PROFILE = 20;

/** How long a push service keeps a "reply ready" for a phone that is off: a day. */
const REPLY_TTL_S = 24 * 60 * 60;

/** How long a reply's announcement waits for the chat's new title before using what it has. */
const TITLE_WAIT_MS = 20_000;

/** What the push service needs. */
export interface PushServiceOptions {
  db: Db;
  vapid: VapidStore;
  sender: PushSender;
  now: () => number;
  /** Where failures to reach a push service are told (the admin's log). */
  log: (message: string, data: Record<string, unknown>) => void;
}

/** A finished reply, as the chat engine reports it. */
export interface ReadyReply {
  profileId: string;
  conversationId: string;
  /** Streams of the reply's task open when it ended. */
  readersAtEnd: number;
  /** The conversation's title once it is known (a new chat is named after its reply). */
  title: Promise<string>;
}

const subscriptionNotFound = (id: string) =>
  new HttpError(404, "subscription_not_found", "This device is not subscribed.", {}, { id });

type SubscriptionBody = z.output<typeof subscriptionSchema>;

/** Web Push: subscriptions, preferences and sending. */
export class PushService {
  /** Replaceable by tests (the Real sender with the local push service allowed). */
  sender: PushSender;
  readonly #db: Db;
  readonly #vapid: VapidStore;
  readonly #now: () => number;
  readonly #log: PushServiceOptions["log"];
  /** Per device: its profile and whether its Hearth page last said it was hidden. */
  readonly #pages = new Map<string, { profileId: string; hidden: boolean }>();
  /** Announcements under way (a reply's waits for its title). */
  readonly #pending = new Set<Promise<unknown>>();

  constructor(options: PushServiceOptions) {
    this.#db = options.db;
    this.#vapid = options.vapid;
    this.sender = options.sender;
    this.#now = options.now;
    this.#log = options.log;
  }

  /** The VAPID public key browsers subscribe with. */
  async publicKey(): Promise<string> {
    return (await this.#vapid.get()).publicKeyText;
  }

  /**
   * Subscribes a browser (idempotent: the same endpoint again updates its keys, and moves it to
   * this profile when the device switched profile).
   */
  async subscribe(
    profileId: string,
    deviceId: string | null,
    locale: Locale,
    body: SubscriptionBody,
  ): Promise<PushSubscriptionInfo> {
    const endpoint = new URL(body.endpoint);
    if (!this.sender.accepts(endpoint)) {
      throw new ValidationError(
        "endpoint",
        "endpoint: must be an https URL of a push service",
        "invalid_push_endpoint",
      );
    }
    // The key must be a point on P-256, or no message to it can ever be encrypted (Deno's
    // importKey does not check; an agreement with it fails).
    try {
      const key = await crypto.subtle.importKey(
        "raw",
        fromBase64url(body.keys.p256dh),
        { name: "ECDH", namedCurve: "P-256" },
        false,
        [],
      );
      const probe = await crypto.subtle.generateKey(
        { name: "ECDH", namedCurve: "P-256" },
        false,
        ["deriveBits"],
      ) as CryptoKeyPair;
      await crypto.subtle.deriveBits({ name: "ECDH", public: key }, probe.privateKey, 256);
    } catch {
      throw new ValidationError(
        "keys.p256dh",
        "keys.p256dh: is not a P-256 public key",
        "invalid_push_key",
      );
    }
    const now = new Date(this.#now()).toISOString();
    const id = await this.#db.kysely.transaction().execute(async (tx) => {
      // An endpoint is one browser: whoever had it (this profile, or the profile this device
      // used before) gives it up.
      await tx.deleteFrom("push_subscriptions").where("endpoint", "=", endpoint.href).execute();
      const mine = owned(tx, profileId);
      const id = newId();
      await mine.insertInto("push_subscriptions", {
        id,
        device_id: deviceId,
        endpoint: endpoint.href,
        p256dh: body.keys.p256dh,
        auth: body.keys.auth,
        locale,
        created_at: now,
        last_success_at: null,
      }).execute();
      const extra = await mine.selectFrom("push_subscriptions").select("id")
        .orderBy("created_at", "desc").orderBy("id", "desc")
        .offset(SUBSCRIPTIONS_PER_PROFILE).limit(100).execute();
      if (extra.length) {
        await mine.deleteFrom("push_subscriptions").where("id", "in", extra.map((r) => r.id))
          .execute();
      }
      return id;
    });
    return (await this.list(profileId, deviceId)).find((s) => s.id === id)!;
  }

  /** Unsubscribes the browser with this endpoint, if it is the profile's; true if it was. */
  async unsubscribe(profileId: string, endpoint: string): Promise<boolean> {
    const result = await owned(this.#db.kysely, profileId).deleteFrom("push_subscriptions")
      .where("endpoint", "=", endpoint).executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  /** Removes one of the profile's subscriptions by id (404 for another profile's). */
  async remove(profileId: string, id: string): Promise<void> {
    await owned(this.#db.kysely, profileId, { push_subscriptions: subscriptionNotFound })
      .delete("push_subscriptions", id);
  }

  /** The profile's subscribed browsers, newest first. */
  async list(profileId: string, deviceId: string | null): Promise<PushSubscriptionInfo[]> {
    const rows = await owned(this.#db.kysely, profileId).selectFrom("push_subscriptions")
      .leftJoin("devices", "devices.id", "push_subscriptions.device_id")
      .select([
        "push_subscriptions.id as id",
        "push_subscriptions.device_id as deviceId",
        "push_subscriptions.created_at as createdAt",
        "push_subscriptions.last_success_at as lastSuccessAt",
        "devices.label as label",
      ])
      .orderBy("push_subscriptions.created_at", "desc").orderBy("push_subscriptions.id", "desc")
      .execute();
    return rows.map((r) => ({
      id: r.id,
      device: r.label ?? "",
      thisDevice: deviceId !== null && r.deviceId === deviceId,
      createdAt: r.createdAt,
      lastSuccessAt: r.lastSuccessAt,
    }));
  }

  /** The profile's choices, defaults filled in. */
  async preferences(profileId: string): Promise<PushPreferences> {
    const rows = await owned(this.#db.kysely, profileId).selectFrom("push_preferences")
      .select(["kind", "enabled"]).execute();
    const prefs = { ...PUSH_KINDS } as PushPreferences;
    for (const row of rows) {
      if (row.kind in prefs) prefs[row.kind as PushKind] = row.enabled === 1;
    }
    return prefs;
  }

  /** Changes the kinds given; answers all choices. */
  async setPreferences(
    profileId: string,
    change: Partial<PushPreferences>,
  ): Promise<PushPreferences> {
    await this.#db.kysely.transaction().execute(async (tx) => {
      const mine = owned(tx, profileId);
      for (const [kind, enabled] of Object.entries(change)) {
        if (enabled === undefined) continue;
        await mine.deleteFrom("push_preferences").where("kind", "=", kind).execute();
        await mine.insertInto("push_preferences", { id: newId(), kind, enabled: enabled ? 1 : 0 })
          .execute();
      }
    });
    return this.preferences(profileId);
  }

  /** A browser's Hearth page says whether it is hidden (kept in memory, per device). */
  visibility(profileId: string, deviceId: string, hidden: boolean): void {
    this.#pages.delete(deviceId);
    this.#pages.set(deviceId, { profileId, hidden });
    // Devices are few; a bound all the same, the oldest report going first.
    if (this.#pages.size > 1000) this.#pages.delete(this.#pages.keys().next().value!);
  }

  /** Whether the profile's pages said they are hidden, and none that it is visible. */
  #pagesHidden(profileId: string): boolean {
    let hidden = false;
    for (const page of this.#pages.values()) {
      if (page.profileId !== profileId) continue;
      if (!page.hidden) return false;
      hidden = true;
    }
    return hidden;
  }

  /**
   * A reply finished: "Your answer is ready" to the profile's browsers, unless its page was
   * watching (see the module's comment) or the profile turned replies off. Never throws.
   */
  replyReady(reply: ReadyReply): Promise<PushResult | null> {
    const done = this.#announce(reply);
    this.#pending.add(done);
    done.finally(() => this.#pending.delete(done));
    return done;
  }

  /** Resolves once every announcement started so far has been sent (or not). */
  async idle(): Promise<void> {
    while (this.#pending.size) await Promise.allSettled([...this.#pending]);
  }

  async #announce(reply: ReadyReply): Promise<PushResult | null> {
    try {
      // Decided now, at the end: the title may take a while.
      const watched = reply.readersAtEnd > 0 && !this.#pagesHidden(reply.profileId);
      if (watched) return null;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const title = await Promise.race([
        reply.title.catch(() => ""),
        new Promise<string>((r) => timer = setTimeout(() => r(""), TITLE_WAIT_MS)),
      ]).finally(() => clearTimeout(timer));
      return await this.notify(reply.profileId, "reply", (locale) => {
        const t = translator(locale);
        return {
          kind: "reply",
          title: title || t("push.reply.untitled"),
          body: t("push.reply.body"),
          url: `/chat/${reply.conversationId}`,
          tag: `chat:${reply.conversationId}`,
        };
      }, { ttl: REPLY_TTL_S, urgency: "high", topic: reply.conversationId.replaceAll("-", "") });
    } catch (err) {
      this.#log("push: a finished reply could not be announced", { error: String(err) });
      return null;
    }
  }

  /** A test notification to every browser of the profile, whatever its choices. */
  sendTest(profileId: string): Promise<PushResult> {
    return this.notify(profileId, "test", (locale) => {
      const t = translator(locale);
      return {
        kind: "test",
        title: t("push.test.title"),
        body: t("push.test.body"),
        url: "/me/notifications",
        tag: "test",
      };
    }, { ttl: 60, urgency: "normal" });
  }

  /**
   * Sends `payloadFor(locale)` to each browser of the profile, in its language, if the profile
   * wants `kind` (a `test` always goes). Subscriptions the push service answers 404 or 410 for
   * are removed; other failures are logged for the admin.
   */
  async notify(
    profileId: string,
    kind: PushKind | "test",
    payloadFor: (locale: Locale) => PushPayload,
    options: { ttl: number; urgency: "normal" | "high"; topic?: string },
  ): Promise<PushResult> {
    const result: PushResult = { sent: 0, pruned: 0, failed: 0 };
    if (kind !== "test" && !(await this.preferences(profileId))[kind]) return result;
    const mine = owned(this.#db.kysely, profileId);
    // A signed-out device's browser is no longer the profile's: it is dropped, not notified.
    await mine.deleteFrom("push_subscriptions").where(({ exists, selectFrom }) =>
      exists(
        selectFrom("devices").select(sql`1`.as("one"))
          .whereRef("devices.id", "=", "push_subscriptions.device_id")
          .where("devices.revoked_at", "is not", null),
      )
    ).execute();
    const subs = await mine.selectFrom("push_subscriptions").selectAll().execute();
    if (!subs.length) return result;
    const vapid = await this.#vapid.get();
    const identity = { keys: vapid.keys, subject: vapid.subject };
    await Promise.all(subs.map(async (sub) => {
      const locale = isLocale(sub.locale) ? sub.locale : "en";
      const payload = new TextEncoder().encode(JSON.stringify(payloadFor(locale)));
      const endpoint = new URL(sub.endpoint);
      const answer = await this.sender.send(
        {
          endpoint,
          keys: { p256dh: fromBase64url(sub.p256dh), auth: fromBase64url(sub.auth) },
          payload,
          ttl: options.ttl,
          urgency: options.urgency,
          topic: options.topic?.slice(0, 32),
        },
        identity,
        this.#now(),
      );
      if (answer.status >= 200 && answer.status < 300) {
        result.sent++;
        await mine.updateTable("push_subscriptions", {
          last_success_at: new Date(this.#now()).toISOString(),
        }).where("id", "=", sub.id).execute();
      } else if (answer.status === 404 || answer.status === 410) {
        result.pruned++;
        await mine.deleteFrom("push_subscriptions").where("id", "=", sub.id).execute();
      } else {
        result.failed++;
        this.#log("push: the push service refused or could not be reached", {
          origin: endpoint.origin,
          status: answer.status,
          ...(answer.error && { error: answer.error }),
        });
      }
    }));
    return result;
  }
}
