import { requireProfile } from "../../lib/auth/mod.ts";
import { readForm, readQuery } from "../../lib/http/validate.ts";
import { renderMarkdown } from "../../lib/markdown/mod.ts";
import { notificationQuery, readForm as readSchema } from "../../lib/notifications/schemas.ts";
import { listNotifications, markAllRead, markRead } from "../../lib/notifications/store.ts";
import { briefingTexts } from "../../lib/scheduler/briefing.ts";
import { links } from "../../lib/links.ts";
import { page } from "../../lib/web/define.ts";
import { define } from "../../utils.ts";

/**
 * `/notifications`: the profile's in-app notifications, newest first, 20 a page (`?cursor=`),
 * rendered on the server; a briefing shows its whole text. Plain forms (no JavaScript) mark one
 * read (`POST id=…`) or all (`POST` without `id`), then come back here.
 */
export const handler = define.handlers({
  async GET(ctx) {
    const profile = requireProfile(ctx);
    ctx.state.title = ctx.state.t("notifications.title");
    const query = readQuery(ctx.url, notificationQuery.pick({ cursor: true }));
    const { db } = ctx.state.services;
    const list = await listNotifications(
      db.kysely,
      profile,
      { limit: 20, cursor: query.cursor },
      ctx.state.locale,
    );
    const briefings = await briefingTexts(
      db.kysely,
      profile.id,
      list.items.filter((n) => n.kind === "briefing").map((n) => n.refId),
    );
    return page({
      ...list,
      // Markdown the model wrote, made safe by the one renderer the chat uses too.
      briefings: Object.fromEntries([...briefings].map(([id, text]) => [id, renderMarkdown(text)])),
      first: !query.cursor,
    });
  },
  async POST(ctx) {
    const profile = requireProfile(ctx);
    const { id } = await readForm(ctx.req, readSchema);
    const { db, now } = ctx.state.services;
    if (id) await markRead(db.kysely, profile, id, ctx.state.locale, now());
    else await markAllRead(db.kysely, profile.id, now());
    return ctx.redirect(id ? links.notification(id) : "/notifications", 303);
  },
});

export default define.page<typeof handler>(function NotificationsList({ data, state }) {
  const { t, locale } = state;
  const when = new Intl.DateTimeFormat(locale, {
    timeZone: state.profile?.timeZone,
    dateStyle: "medium",
    timeStyle: "short",
  });
  return (
    <section class="notices-page">
      <header class="notices-head">
        <h1>{t("notifications.title")}</h1>
        {data.unread > 0 && (
          <form method="post" action="/notifications">
            <button type="submit" class="button auth-quiet">
              {t("notifications.markAllRead")}
            </button>
          </form>
        )}
      </header>
      <p class="muted notices-links">
        {data.unread > 0 && <span>{t("notifications.unread", { count: data.unread })} ·</span>}{" "}
        <a href="/me/briefing">{t("notifications.briefingSettings")}</a> ·{" "}
        <a href="/me/notifications">{t("notifications.settings")}</a>
      </p>
      {!data.items.length && <p class="muted">{t("notifications.none")}</p>}
      <ol class="notices">
        {data.items.map((n) => (
          <li key={n.id} id={`n-${n.id}`} class={`notice${n.readAt ? "" : " unread"}`}>
            <div class="notice-main">
              <p class="notice-title">
                {!n.readAt && <span class="badge">{t("notifications.new")}</span>} {n.title}
              </p>
              {n.kind === "briefing" && data.briefings[n.refId]
                ? (
                  <div
                    class="notice-briefing markdown"
                    // Safe HTML from lib/markdown (escapes everything, allows no raw HTML).
                    // deno-lint-ignore react-no-danger
                    dangerouslySetInnerHTML={{ __html: data.briefings[n.refId] }}
                  />
                )
                : <p class="notice-body">{n.body}</p>}
              <p class="muted notice-time">
                <time dateTime={n.createdAt}>{when.format(new Date(n.createdAt))}</time>
                {n.kind === "todo" && (
                  <>
                    {" · "}
                    <a href={n.url}>{t("notifications.open")}</a>
                  </>
                )}
              </p>
            </div>
            {!n.readAt && (
              <form method="post" action="/notifications" class="notice-read">
                <input type="hidden" name="id" value={n.id} />
                <button type="submit" class="button auth-quiet">
                  {t("notifications.markRead")}
                </button>
              </form>
            )}
          </li>
        ))}
      </ol>
      {(data.next || !data.first) && (
        <nav class="notices-pages">
          {!data.first && <a href="/notifications">{t("notifications.newest")}</a>}
          {data.next && (
            <a href={`/notifications?cursor=${encodeURIComponent(data.next)}`}>
              {t("notifications.older")}
            </a>
          )}
        </nav>
      )}
    </section>
  );
});
