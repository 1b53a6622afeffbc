import { requireProfile } from "../../../lib/auth/mod.ts";
import { quickAddJson, readDateText } from "../../../lib/dates/api.ts";
import { define } from "../../../utils.ts";

/**
 * `POST /api/dates/quick-add` `{text}`: the todo fields a quick-add line says ("buy milk tomorrow
 * 9am #shop !high"): `{title, due, allDay, tags, priority, timeZone}`. Stores nothing.
 */
export const handler = define.handlers({
  async POST(ctx) {
    const { text, options } = await readDateText(ctx.req, {
      timeZone: requireProfile(ctx).timeZone,
      locale: ctx.state.locale,
      now: ctx.state.services.now(),
    });
    return Response.json(await quickAddJson(text, options));
  },
});
