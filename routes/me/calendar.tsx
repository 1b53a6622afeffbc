import { z } from "zod";
import IcsCopy from "../../islands/IcsCopy.tsx";
import IcsImport from "../../islands/IcsImport.tsx";
import { QrCode } from "../../components/QrCode.tsx";
import { requireProfile } from "../../lib/auth/mod.ts";
import { readForm } from "../../lib/http/validate.ts";
import { messages } from "../../lib/i18n/mod.ts";
import {
  createFeed,
  feedOrigin,
  listFeeds,
  regenerateFeed,
  revokeFeed,
} from "../../lib/ics/feeds.ts";
import { feedLabel, MAX_IMPORT_BYTES } from "../../lib/ics/schemas.ts";
import type { NewCalendarFeed } from "../../lib/ics/types.ts";
import { page } from "../../lib/web/define.ts";
import { define } from "../../utils.ts";

const form = z.discriminatedUnion("action", [
  z.strictObject({ action: z.literal("create"), label: feedLabel }),
  z.strictObject({ action: z.literal("regenerate"), id: z.string().min(1).max(64) }),
  z.strictObject({ action: z.literal("revoke"), id: z.string().min(1).max(64) }),
]);

/**
 * `/me/calendar`: the profile's calendar subscription URLs for phones and calendar apps, and the
 * import of a calendar file. Plain forms (no JavaScript): making a URL (or a new one for an old
 * subscription) answers this page with the URL, shown this once as text, a `webcal:` link and a
 * QR code, and never cached; revoking comes back with `?revoked=1`. The import is an island.
 */
export const handler = define.handlers({
  async GET(ctx) {
    const profile = requireProfile(ctx);
    return page({
      feeds: await listFeeds(ctx.state.services.db, profile.id),
      made: null as NewCalendarFeed | null,
      revoked: ctx.url.searchParams.has("revoked"),
    });
  },
  async POST(ctx) {
    const profile = requireProfile(ctx);
    const input = await readForm(ctx.req, form);
    const { db, now } = ctx.state.services;
    if (input.action === "revoke") {
      await revokeFeed(db, profile.id, input.id);
      return ctx.redirect("/me/calendar?revoked=1", 303);
    }
    const made = input.action === "create"
      ? await createFeed(
        db,
        profile.id,
        input.label,
        feedOrigin(ctx.url, ctx.state.services.urls),
        now(),
      )
      : await regenerateFeed(
        db,
        profile.id,
        input.id,
        feedOrigin(ctx.url, ctx.state.services.urls),
        now(),
      );
    return page(
      { feeds: await listFeeds(db, profile.id), made, revoked: false },
      { headers: { "cache-control": "no-store" } },
    );
  },
});

export default define.page<typeof handler>(function CalendarPage({ data, state }) {
  const { t, locale } = state;
  const date = (iso: string) =>
    new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" }).format(
      new Date(iso),
    );
  return (
    <section class="ics-page">
      <h1>{t("ics.title")}</h1>

      <h2>{t("ics.subscribe.title")}</h2>
      <p>{t("ics.subscribe.intro")}</p>
      {data.made && (
        <div class="ics-made" data-ics-made>
          <p class="auth-note" role="status">
            {t("ics.subscribe.made", { label: data.made.feed.label })}
          </p>
          <label class="auth-field">
            <span>{t("ics.subscribe.url")}</span>
            <input id="ics-url" type="text" readOnly value={data.made.url} data-ics-url />
          </label>
          <div class="auth-actions">
            <IcsCopy
              field="ics-url"
              label={t("ics.subscribe.copy")}
              copied={t("ics.subscribe.copied")}
            />
          </div>
          <p class="muted">{t("ics.subscribe.once")}</p>
          <div class="ics-made-row">
            <QrCode text={data.made.webcal} label={t("ics.subscribe.qr")} />
            <div>
              <p>
                <a class="button" href={data.made.webcal}>{t("ics.subscribe.open")}</a>
              </p>
              <ul class="ics-help">
                <li>{t("ics.help.iphone")}</li>
                <li>{t("ics.help.android")}</li>
                <li>{t("ics.help.thunderbird")}</li>
                <li>{t("ics.help.google")}</li>
              </ul>
            </div>
          </div>
        </div>
      )}
      {data.revoked && <p class="auth-note" role="status">{t("ics.subscribe.revoked")}</p>}

      {data.feeds.length > 0 && (
        <ul class="ics-feeds" data-ics-feeds>
          {data.feeds.map((f) => (
            <li key={f.id}>
              <div class="ics-feed-name">
                <strong>{f.label}</strong>
                <span class="muted">
                  {t("ics.subscribe.created", { date: date(f.createdAt) })}
                  {" · "}
                  {f.lastUsedAt
                    ? t("ics.subscribe.used", { date: date(f.lastUsedAt) })
                    : t("ics.subscribe.unused")}
                </span>
              </div>
              <form method="post" action="/me/calendar">
                <input type="hidden" name="action" value="regenerate" />
                <input type="hidden" name="id" value={f.id} />
                <button type="submit" class="button auth-quiet">
                  {t("ics.subscribe.regenerate")}
                </button>
              </form>
              <form method="post" action="/me/calendar">
                <input type="hidden" name="action" value="revoke" />
                <input type="hidden" name="id" value={f.id} />
                <button type="submit" class="button auth-danger">
                  {t("ics.subscribe.revoke")}
                </button>
              </form>
            </li>
          ))}
        </ul>
      )}

      <form method="post" action="/me/calendar" class="profile-form ics-new">
        <input type="hidden" name="action" value="create" />
        <label class="auth-field">
          <span>{t("ics.subscribe.label")}</span>
          <input
            type="text"
            name="label"
            required
            maxLength={80}
            placeholder={t("ics.subscribe.placeholder")}
          />
        </label>
        <div class="auth-actions">
          <button type="submit" class="button">{t("ics.subscribe.create")}</button>
        </div>
      </form>

      <h2>{t("ics.import.title")}</h2>
      <p>{t("ics.import.intro")}</p>
      <noscript>
        <p class="muted">{t("ics.import.noscript")}</p>
      </noscript>
      <IcsImport
        messages={messages(locale, "ics.import.")}
        locale={locale}
        maxBytes={MAX_IMPORT_BYTES}
      />
    </section>
  );
});
