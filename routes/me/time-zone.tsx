import { z } from "zod";
import { requireProfile, updateProfile } from "../../lib/auth/mod.ts";
import { timeZones, timeZoneSchema } from "../../lib/dates/zones.ts";
import { readForm } from "../../lib/http/validate.ts";
import { page } from "../../lib/web/define.ts";
import { define } from "../../utils.ts";

const form = z.object({ timeZone: timeZoneSchema }).strict();

/**
 * `/me/time-zone`: the current profile's time zone, which its dates ("tomorrow 9am") are read in.
 * A plain form (no JavaScript): `POST` `timeZone=…` saves it and comes back with `?saved=1`; an
 * unknown zone is a 422 page that names the field.
 */
export const handler = define.handlers({
  GET(ctx) {
    const profile = requireProfile(ctx);
    return page({
      timeZone: profile.timeZone,
      zones: [...timeZones()].sort(),
      saved: ctx.url.searchParams.has("saved"),
      now: ctx.state.services.now(),
    });
  },
  async POST(ctx) {
    const profile = requireProfile(ctx);
    const { timeZone } = await readForm(ctx.req, form);
    const { db, now } = ctx.state.services;
    await updateProfile(db, profile.id, { timeZone }, { now: new Date(now()) });
    return ctx.redirect("/me/time-zone?saved=1", 303);
  },
});

export default define.page<typeof handler>(function TimeZonePage({ data, state: { t, locale } }) {
  const clock = new Intl.DateTimeFormat(locale, {
    timeZone: data.timeZone,
    weekday: "long",
    hour: "numeric",
    minute: "2-digit",
  }).format(data.now);
  return (
    <section class="zone-page">
      <h1>{t("dates.zone.title")}</h1>
      <p>{t("dates.zone.intro")}</p>
      <form method="post" action="/me/time-zone" class="profile-form">
        <label class="auth-field">
          <span>{t("dates.zone.label")}</span>
          <select name="timeZone">
            {data.zones.map((z) => (
              <option key={z} value={z} selected={z === data.timeZone}>{z}</option>
            ))}
          </select>
        </label>
        <p class="muted" data-clock>{t("dates.zone.now", { time: clock })}</p>
        <p class="auth-note" role="status">{data.saved ? t("dates.zone.saved") : ""}</p>
        <div class="auth-actions">
          <button type="submit" class="button">{t("dates.zone.save")}</button>
        </div>
      </form>
    </section>
  );
});
