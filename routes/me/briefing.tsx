import { requireProfile } from "../../lib/auth/mod.ts";
import { ValidationError } from "../../lib/http/errors.ts";
import { readForm } from "../../lib/http/validate.ts";
import { briefingForm, briefingTime } from "../../lib/notifications/schemas.ts";
import { briefingSetting, setBriefingTime } from "../../lib/scheduler/briefing.ts";
import { page } from "../../lib/web/define.ts";
import { define } from "../../utils.ts";

/**
 * `/me/briefing`: whether and when (a local time in the profile's zone) the model writes the
 * profile's daily briefing. A plain form (no JavaScript): `POST on=1&time=07:30` turns it on,
 * without `on` off; it comes back with `?saved=1`. A time that is no time is a 422 naming it.
 */
export const handler = define.handlers({
  async GET(ctx) {
    const profile = requireProfile(ctx);
    ctx.state.title = ctx.state.t("briefing.title");
    const setting = await briefingSetting(ctx.state.services.db.kysely, profile.id);
    return page({
      time: setting?.time ?? null,
      timeZone: profile.timeZone,
      saved: ctx.url.searchParams.has("saved"),
    });
  },
  async POST(ctx) {
    const profile = requireProfile(ctx);
    const form = await readForm(ctx.req, briefingForm);
    let time: string | null = null;
    if (form.on) {
      const parsed = briefingTime.safeParse(form.time ?? "");
      if (!parsed.success) {
        throw new ValidationError("time", "time: must look like 07:30", "invalid_briefing_time");
      }
      time = parsed.data;
    }
    const { db, now } = ctx.state.services;
    await setBriefingTime(db.kysely, profile.id, time, ctx.state.locale, now());
    return ctx.redirect("/me/briefing?saved=1", 303);
  },
});

export default define.page<typeof handler>(function BriefingPage({ data, state: { t } }) {
  return (
    <section class="briefing-page">
      <h1>{t("briefing.title")}</h1>
      <p>{t("briefing.intro")}</p>
      <form method="post" action="/me/briefing" class="profile-form">
        <label class="push-kind">
          <input type="checkbox" name="on" value="1" checked={data.time !== null} />
          <span>{t("briefing.on")}</span>
        </label>
        <label class="auth-field">
          <span>{t("briefing.time")}</span>
          <input type="time" name="time" value={data.time ?? "07:30"} step={60} required />
        </label>
        <p class="muted">{t("briefing.zone", { zone: data.timeZone })}</p>
        <p class="auth-note" role="status">
          {data.saved ? (data.time ? t("briefing.saved") : t("briefing.off")) : ""}
        </p>
        <div class="auth-actions">
          <button type="submit" class="button">{t("briefing.save")}</button>
        </div>
      </form>
      <p>
        <a href="/notifications">{t("notifications.title")}</a>
      </p>
    </section>
  );
});
