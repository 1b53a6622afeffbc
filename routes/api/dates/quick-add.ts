import { requireProfile } from "../../../lib/auth/mod.ts";
import { dateTextSchema, quickAddJson, whenOptions } from "../../../lib/dates/api.ts";
import { SMALL_JSON_LIMIT } from "../../../lib/http/body.ts";
import { readJson } from "../../../lib/http/validate.ts";
import { define } from "../../../utils.ts";

/**
 * `POST /api/dates/quick-add` `{text}`: the todo fields a quick-add line says ("buy milk tomorrow
 * 9am #shop !high"): `{title, due, allDay, tags, priority, timeZone}`. Stores nothing.
 */
export const handler = define.handlers({
  async POST(ctx) {
    const profile = requireProfile(ctx);
    const { text } = await readJson(ctx.req, dateTextSchema, { limit: SMALL_JSON_LIMIT });
    const options = whenOptions(
      profile.timeZone,
      ctx.state.locale,
      new Date(ctx.state.services.now()),
    );
    return Response.json(quickAddJson(text, options));
  },
});
