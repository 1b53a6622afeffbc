/**
 * Private calendar subscriptions: `GET /ics/{token}.ics` answers a profile's events as an
 * iCalendar file (`lib/events/ics.ts`) to a phone's calendar app, which sends no cookie and no
 * session header. The token is the credential: 32 random bytes (256 bits, base64url), so
 * guessing one is moot and needs no rate limit; only its SHA-256 is stored, as for device
 * cookies, so a copy of the database subscribes to nothing. A lookup is by that hash (timing
 * says nothing about the token) and the found hash is compared again in constant time.
 *
 * Because only the hash is kept, the URL is shown once, when it is made. A profile makes one per
 * phone or app ("iPhone", "Thunderbird"), each revocable on its own, and makes a new one (or
 * regenerates one: a new token, the old URL dead at once) rather than reading an old one back;
 * the page shows it as a link, text to copy and a QR code to scan with the phone.
 *
 * A feed is bounded: at most `MAX_FEED_EVENTS` events and about `MAX_FEED_BYTES`, the ones that
 * matter now first (ongoing and future series and events, then the most recent past ones). It
 * answers `ETag` (the profile's event version, kept by triggers, migration 0015) and
 * `Last-Modified`, and 304 to a calendar that has the current one.
 */
import { getProfile } from "../auth/mod.ts";
import { hashToken, isTokenShaped, newToken } from "../auth/tokens.ts";
import { newId } from "../db/ids.ts";
import type { Db } from "../db/mod.ts";
import { owned } from "../db/owned.ts";
import type { CalendarFeedsTable } from "../db/schema.ts";
import { equalBytes, sha256 } from "../hash.ts";
import { HttpError } from "../http/errors.ts";
import { toIcs } from "../events/ics.ts";
import { toEvent } from "../events/store.ts";
import type { CalendarEvent } from "../events/types.ts";
import type { CalendarFeed, NewCalendarFeed } from "./types.ts";

/** Subscription URLs one profile may have. */
export const MAX_FEEDS = 10;
/** Events one feed carries at most. */
export const MAX_FEED_EVENTS = 5_000;
/** About the most bytes one feed's events take (an upper estimate, checked per event). */
export const MAX_FEED_BYTES = 8 * 1000 * 1000;
/** Bumped when the feed's format changes, so calendars fetch it again. */
const FORMAT = 1;

const feedNotFound = () =>
  new HttpError(404, "calendar_feed_not_found", "No such calendar subscription.");

function toFeed(r: Pick<CalendarFeedsTable, "id" | "label" | "created_at" | "last_used_at">) {
  return {
    id: r.id,
    label: r.label,
    createdAt: r.created_at,
    lastUsedAt: r.last_used_at,
  } satisfies CalendarFeed;
}

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\]|[\w-]+\.localhost)$/i;

/**
 * The origin a phone can reach the box at: the one the page was opened at, unless that was the
 * box itself (`localhost`), which a phone cannot reach: then the box's first LAN address.
 */
export function feedOrigin(url: URL, boxUrls: readonly string[]): string {
  if (!LOOPBACK.test(url.hostname)) return url.origin;
  const lan = boxUrls.map((u) => new URL(u)).find((u) => !LOOPBACK.test(u.hostname));
  return lan?.origin ?? url.origin;
}

/** The URL of a token on the box the profile reached (`origin` of its request). */
export function feedUrls(origin: string, token: string): { url: string; webcal: string } {
  const url = `${origin}/ics/${token}.ics`;
  return { url, webcal: url.replace(/^https?:/, "webcal:") };
}

/** The profile's subscriptions, oldest first. */
export async function listFeeds(db: Db, profileId: string): Promise<CalendarFeed[]> {
  const rows = await owned(db.kysely, profileId).selectFrom("calendar_feeds")
    .select(["id", "label", "created_at", "last_used_at"]).orderBy("created_at").orderBy("id")
    .execute();
  return rows.map(toFeed);
}

/** A new subscription URL (409 `too_many_calendar_feeds` past `MAX_FEEDS`). */
export async function createFeed(
  db: Db,
  profileId: string,
  label: string,
  origin: string,
  now: number,
): Promise<NewCalendarFeed> {
  const token = newToken();
  const id = newId();
  const at = new Date(now).toISOString();
  await db.kysely.transaction().execute(async (tx) => {
    const mine = owned(tx, profileId);
    const { n } = await mine.selectFrom("calendar_feeds")
      .select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    if (n >= MAX_FEEDS) {
      throw new HttpError(
        409,
        "too_many_calendar_feeds",
        `A profile can have at most ${MAX_FEEDS} calendar subscriptions; revoke one first.`,
        {},
        { max: MAX_FEEDS },
      );
    }
    await mine.insertInto("calendar_feeds", {
      id,
      token_hash: hashToken(token),
      label,
      changed_at: at,
      created_at: at,
      last_used_at: null,
    }).execute();
  });
  return {
    feed: { id, label, createdAt: at, lastUsedAt: null },
    ...feedUrls(origin, token),
  };
}

/** A new token for a subscription: its old URL stops working at once. */
export async function regenerateFeed(
  db: Db,
  profileId: string,
  id: string,
  origin: string,
  now: number,
): Promise<NewCalendarFeed> {
  const token = newToken();
  const mine = owned(db.kysely, profileId, { calendar_feeds: feedNotFound });
  await mine.update("calendar_feeds", id, {
    token_hash: hashToken(token),
    // A calendar that subscribes anew fetches the whole file.
    changed_at: new Date(now).toISOString(),
    last_used_at: null,
  });
  return { feed: toFeed(await mine.get("calendar_feeds", id)), ...feedUrls(origin, token) };
}

/** Revokes a subscription: its URL answers 404, as one that never existed. */
export async function revokeFeed(db: Db, profileId: string, id: string): Promise<void> {
  await owned(db.kysely, profileId, { calendar_feeds: feedNotFound }).delete("calendar_feeds", id);
}

/** The feed a URL's file name (`{token}.ics`) names, or null. */
export async function feedByFile(
  db: Db,
  file: string,
): Promise<Omit<CalendarFeedsTable, "events_version"> & { events_version: number } | null> {
  const token = /^(.*)\.ics$/.exec(file)?.[1];
  if (!isTokenShaped(token)) return null;
  const hash = hashToken(token);
  const row = await db.kysely.selectFrom("calendar_feeds").selectAll()
    .where("token_hash", "=", hash).executeTakeFirst();
  if (!row) return null;
  const bytes = (hex: string) => new TextEncoder().encode(hex);
  const same = equalBytes(bytes(row.token_hash), bytes(hash));
  return same ? row : null;
}

/** An event's size in the file, estimated from above (escapes can double text, folds add 3/74). */
function estimate(e: CalendarEvent): number {
  const bytes = (s: string) => new TextEncoder().encode(s).length;
  const text = bytes(e.title) + bytes(e.notes) + bytes(e.location);
  return text * 2.2 + e.reminderMinutes.length * (bytes(e.title) * 2.2 + 80) +
    e.exdates.length * 25 + 700;
}

/**
 * The events a feed carries: those that matter now first (ongoing and future, by start; then
 * past ones, the most recent first), at most `MAX_FEED_EVENTS` and about `MAX_FEED_BYTES`.
 */
export async function feedEvents(
  db: Db,
  profileId: string,
  now: number,
  limits = { events: MAX_FEED_EVENTS, bytes: MAX_FEED_BYTES },
): Promise<CalendarEvent[]> {
  const at = new Date(now).toISOString();
  const mine = owned(db.kysely, profileId);
  const current = await mine.selectFrom("events").selectAll()
    .where((eb) => eb.or([eb("last_at", "is", null), eb("last_at", ">=", at)]))
    .orderBy("first_at").orderBy("id").limit(limits.events).execute();
  const past = current.length < limits.events
    ? await mine.selectFrom("events").selectAll().where("last_at", "<", at)
      .orderBy("last_at", "desc").orderBy("id").limit(limits.events - current.length).execute()
    : [];
  const chosen: CalendarEvent[] = [];
  let size = 0;
  for (const r of [...current, ...past]) {
    const e = toEvent(r);
    size += estimate(e);
    if (size > limits.bytes) break;
    chosen.push(e);
  }
  return chosen;
}

/** What `GET /ics/{token}.ics` answers: the file, or 304 when the calendar has it already. */
export async function feedResponse(
  db: Db,
  feed: NonNullable<Awaited<ReturnType<typeof feedByFile>>>,
  req: Request,
  now: number,
): Promise<Response> {
  const profile = await getProfile(db, feed.profile_id);
  // The file changes with the events, the profile's name (the calendar's), and once a day (what
  // is past moves out when a feed is full; the VTIMEZONEs' rules are the current year's).
  const day = new Date(now).toISOString().slice(0, 10);
  const version = `${FORMAT}|${feed.id}|${feed.events_version}|${profile.name}|${day}`;
  const etag = `"${
    sha256(version).toBase64({ alphabet: "base64url", omitPadding: true }).slice(0, 27)
  }"`;
  const modified = Math.max(Date.parse(feed.changed_at), Date.parse(`${day}T00:00:00Z`));
  const lastModified = new Date(Math.floor(modified / 1000) * 1000).toUTCString();
  const headers = {
    "content-type": "text/calendar; charset=utf-8",
    "content-disposition": 'inline; filename="hearth.ics"',
    // Always asked again (304 costs nothing), so a revoked URL stops at once.
    "cache-control": "private, no-cache",
    "x-robots-tag": "noindex",
    etag,
    "last-modified": lastModified,
  };
  await markUsed(db, feed, now);
  const match = req.headers.get("if-none-match");
  const since = Date.parse(req.headers.get("if-modified-since") ?? "");
  const fresh = match !== null
    ? match.split(",").some((t) => t.trim().replace(/^W\//, "") === etag || t.trim() === "*")
    : !Number.isNaN(since) && Math.floor(modified / 1000) * 1000 <= since;
  if (fresh) return new Response(null, { status: 304, headers });
  const events = await feedEvents(db, profile.id, now);
  return new Response(toIcs(events, { name: `Hearth: ${profile.name}`, now }), { headers });
}

/** Notes when a calendar app last fetched the feed (at most once a minute). */
async function markUsed(db: Db, feed: { id: string; last_used_at: string | null }, now: number) {
  if (feed.last_used_at && now - Date.parse(feed.last_used_at) < 60_000) return;
  await db.kysely.updateTable("calendar_feeds").set({ last_used_at: new Date(now).toISOString() })
    .where("id", "=", feed.id).execute();
}
