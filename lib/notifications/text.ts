/**
 * A notification's words, written when it is shown (the list, a push), in the reader's language
 * and time zone: the row keeps only what it is about and when.
 */
import type { Selectable } from "kysely";
import type { NotificationsTable } from "../db/schema.ts";
import type { Locale } from "../i18n/mod.ts";
import { translator } from "../i18n/mod.ts";
import { links } from "../links.ts";

/** The longest briefing opening a notification shows. */
const OPENING_MAX = 160;

/** "Tue 09:30" for an instant in `zone`; "Tue, Mar 10" for a day. */
export function formatWhen(at: string, allDay: boolean, zone: string, locale: Locale): string {
  if (allDay) {
    return new Intl.DateTimeFormat(locale, {
      timeZone: "UTC",
      weekday: "short",
      day: "numeric",
      month: "short",
    }).format(new Date(`${at.slice(0, 10)}T00:00:00Z`));
  }
  return new Intl.DateTimeFormat(locale, {
    timeZone: zone,
    weekday: "short",
    day: "numeric",
    month: "short",
    hour: "numeric",
    minute: "2-digit",
  }).format(new Date(at));
}

/** The first line of a briefing with words, cut near `OPENING_MAX` characters. */
export function openingOf(text: string): string {
  const line = text.split("\n").map((l) => l.replace(/^[#>*\-\s]+/, "").replace(/\*\*/g, "").trim())
    .find(Boolean) ?? "";
  const chars = [...line];
  return chars.length <= OPENING_MAX ? line : `${chars.slice(0, OPENING_MAX - 1).join("")}…`;
}

/** Title and body of a notification in `locale`; instants are shown in `zone` (the reader's). */
export function notificationText(
  row: Pick<Selectable<NotificationsTable>, "kind" | "subject" | "at" | "all_day" | "late">,
  locale: Locale,
  zone: string,
): { title: string; body: string } {
  const t = translator(locale);
  const when = formatWhen(row.at, row.all_day === 1, zone, locale);
  const late = row.late === 1 ? ` ${t("notifications.late")}` : "";
  switch (row.kind) {
    case "event":
      return { title: row.subject, body: t("notifications.event.body", { when }) + late };
    case "todo":
      return { title: row.subject, body: t("notifications.todo.body", { when }) + late };
    case "briefing":
      return { title: t("notifications.briefing.title", { when }), body: row.subject };
  }
}

/**
 * The page a notification opens: a todo on the todos page, an event on the calendar, a briefing
 * on the notifications page (which shows it in full, also an older day's).
 */
export function notificationUrl(
  row: Pick<Selectable<NotificationsTable>, "id" | "kind" | "ref_id">,
): string {
  if (row.kind === "todo") return links.todo(row.ref_id);
  if (row.kind === "event") return links.event(row.ref_id);
  return links.notification(row.id);
}
