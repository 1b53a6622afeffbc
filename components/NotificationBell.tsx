import type { Translate } from "../lib/i18n/mod.ts";
import { Icon } from "./Icon.tsx";

/**
 * The header's bell: a plain link to `/notifications` with the unread count the server counted
 * for this page (no JavaScript; the count is as fresh as the page).
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
      <Icon name="bell" size={20} />
      {unread > 0 && <span class="bell-count" aria-hidden="true">{shown}</span>}
    </a>
  );
}
