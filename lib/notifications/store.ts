/**
 * A profile's in-app notifications (table `notifications`), reached only through `owned()`. The
 * scheduler adds them (`addNotification`, inside the transaction that records what fired); the
 * profile lists them newest first and marks them read. Each profile keeps its newest
 * `KEEP_PER_PROFILE`; older ones go as new ones arrive.
 */
import type { Kysely, Selectable, Transaction } from "kysely";
import { newId } from "../db/ids.ts";
import { owned } from "../db/owned.ts";
import type { Database, NotificationsTable } from "../db/schema.ts";
import { HttpError, ValidationError } from "../http/errors.ts";
import type { Locale } from "../i18n/mod.ts";
import { notificationText, notificationUrl } from "./text.ts";
import type { AppNotification, NotificationKind, NotificationPage } from "./types.ts";

type DB = Kysely<Database> | Transaction<Database>;

/** How many notifications a profile keeps. */
export const KEEP_PER_PROFILE = 500;

function notificationNotFound(id: string): HttpError {
  return new HttpError(404, "notification_not_found", "No such notification.", {}, { id });
}

const mine = (db: DB, profileId: string) =>
  owned(db, profileId, { notifications: notificationNotFound });

/** A new notification, as the scheduler gives it. */
export interface NewNotification {
  kind: NotificationKind;
  refId: string;
  subject: string;
  /** An instant (UTC ISO) or, with `allDay`, a day. */
  at: string;
  allDay: boolean;
  timeZone: string;
  dueAt: number;
  late: boolean;
}

/** Adds one to the profile's list (call inside the delivering transaction); answers its id. */
export async function addNotification(
  db: DB,
  profileId: string,
  n: NewNotification,
  now: number,
): Promise<string> {
  const id = newId();
  const scope = mine(db, profileId);
  await scope.insertInto("notifications", {
    id,
    kind: n.kind,
    ref_id: n.refId,
    subject: [...n.subject].slice(0, 1000).join(""),
    at: n.at,
    all_day: n.allDay ? 1 : 0,
    time_zone: n.timeZone,
    due_at: new Date(n.dueAt).toISOString(),
    late: n.late ? 1 : 0,
    created_at: new Date(now).toISOString(),
    read_at: null,
  }).execute();
  const extra = await scope.selectFrom("notifications").select("id")
    .orderBy("created_at", "desc").orderBy("id", "desc")
    .offset(KEEP_PER_PROFILE).limit(100).execute();
  if (extra.length) {
    await scope.deleteFrom("notifications").where("id", "in", extra.map((r) => r.id)).execute();
  }
  return id;
}

/** A stored row as the API sends it, in `locale`, times in `zone`. */
export function toNotification(
  row: Selectable<NotificationsTable>,
  locale: Locale,
  zone: string,
): AppNotification {
  return {
    id: row.id,
    kind: row.kind,
    refId: row.ref_id,
    ...notificationText(row, locale, zone),
    url: notificationUrl(row),
    late: row.late === 1,
    dueAt: row.due_at,
    createdAt: row.created_at,
    readAt: row.read_at,
  };
}

/** How the list is asked for. */
export interface NotificationQuery {
  limit: number;
  /** The `next` of the page before: `createdAt|id`. */
  cursor?: string;
  /** Only unread ones. */
  unread?: boolean;
}

/** The profile's notifications, newest first, a page at a time, and its unread count. */
export async function listNotifications(
  db: DB,
  profile: { id: string; timeZone: string },
  query: NotificationQuery,
  locale: Locale,
): Promise<NotificationPage> {
  let q = mine(db, profile.id).selectFrom("notifications").selectAll()
    .orderBy("created_at", "desc").orderBy("id", "desc").limit(query.limit + 1);
  if (query.unread) q = q.where("read_at", "is", null);
  if (query.cursor) {
    const [createdAt, id] = query.cursor.split("|");
    if (!createdAt || !id) {
      throw new ValidationError("cursor", "cursor: not a cursor", "invalid_cursor");
    }
    q = q.where((eb) =>
      eb.or([
        eb("created_at", "<", createdAt),
        eb.and([eb("created_at", "=", createdAt), eb("id", "<", id)]),
      ])
    );
  }
  const rows = await q.execute();
  const more = rows.length > query.limit;
  const items = rows.slice(0, query.limit);
  const last = items.at(-1);
  return {
    items: items.map((r) => toNotification(r, locale, profile.timeZone)),
    next: more && last ? `${last.created_at}|${last.id}` : null,
    unread: await unreadCount(db, profile.id),
  };
}

/** How many of the profile's notifications are unread (one indexed count). */
export async function unreadCount(db: DB, profileId: string): Promise<number> {
  const row = await mine(db, profileId).selectFrom("notifications")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("read_at", "is", null).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Marks one read (404 `notification_not_found` unless it is the profile's); answers it. */
export async function markRead(
  db: DB,
  profile: { id: string; timeZone: string },
  id: string,
  locale: Locale,
  now: number,
): Promise<AppNotification> {
  const scope = mine(db, profile.id);
  const row = await scope.get("notifications", id);
  if (row.read_at === null) {
    row.read_at = new Date(now).toISOString();
    await scope.update("notifications", id, { read_at: row.read_at });
  }
  return toNotification(row, locale, profile.timeZone);
}

/** Marks every unread one of the profile read; answers how many. */
export async function markAllRead(db: DB, profileId: string, now: number): Promise<number> {
  const result = await mine(db, profileId).updateTable("notifications", {
    read_at: new Date(now).toISOString(),
  }).where("read_at", "is", null).executeTakeFirst();
  return Number(result.numUpdatedRows);
}
