/** The in-app notification list as the API sends it (browser-safe: no imports). */

/** What a notification is about. */
export type NotificationKind = "event" | "todo" | "briefing";

/** One entry of the profile's list, its text in the asking request's language. */
export interface AppNotification {
  id: string;
  kind: NotificationKind;
  /** The event, todo or briefing it is about. */
  refId: string;
  title: string;
  body: string;
  /** The page it opens, on this origin. */
  url: string;
  /** Delivered late: the box was off when it fell due. */
  late: boolean;
  /** When it fell due (UTC). */
  dueAt: string;
  createdAt: string;
  /** When it was marked read, or null while unread. */
  readAt: string | null;
}

/** A page of the list (`GET /api/notifications`), newest first. */
export interface NotificationPage {
  items: AppNotification[];
  /** The cursor of the next page (`?cursor=`), or null on the last. */
  next: string | null;
  /** How many of the profile's notifications are unread, in all. */
  unread: number;
}

/** A profile's daily briefing setting: a local time like `07:30`, or null for none. */
export interface BriefingSetting {
  time: string | null;
}
