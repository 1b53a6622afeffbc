import type { Translate } from "../lib/i18n/mod.ts";

/**
 * The header's bell: a plain link to `/notifications` with the unread count the server counted
 * for this page (no JavaScript; the count is as fresh as the page). Its icon is drawn here, not
 * in `Icon.tsx`, whose paths ship in the chat's island bundle.
 */
export function NotificationBell({ unread, t }: { unread: number; t: Translate }) {
  const shown = unread > 99 ? "99+" : String(unread);
  return (
    <a
      href="/notifications"
      class="bell"
      aria-label={unread
        ? t("notifications.bellUnread", { count: unread })
        : t("notifications.bell")}
    >
      <svg
        class="icon"
        width={20}
        height={20}
        viewBox="0 0 24 24"
        fill="none"
        stroke="currentColor"
        stroke-width="1.8"
        stroke-linecap="round"
        stroke-linejoin="round"
        aria-hidden="true"
      >
        <path d="M6 16v-5a6 6 0 0 1 12 0v5l2 2H4zM10 20.5a2 2 0 0 0 4 0" />
      </svg>
      {unread > 0 && <span class="bell-count" aria-hidden="true">{shown}</span>}
    </a>
  );
}
