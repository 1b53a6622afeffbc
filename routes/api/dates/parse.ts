import { requireProfile } from "../../../lib/auth/mod.ts";
import { parseJson, readDateText } from "../../../lib/dates/api.ts";
import { define } from "../../../utils.ts";

/**
 * `POST /api/dates/parse` `{text}`: the first date in the text, read in the request's language
 * and resolved in the asking profile's time zone: `{when: {start, allDay, end, text, timeZone}}`,
 * `{when: null}` when it names none.
 */
export const handler = define.handlers({
  async POST(ctx) {
    const { text, options } = await readDateText(ctx.req, {
      timeZone: requireProfile(ctx).timeZone,
      locale: ctx.state.locale,
      now: ctx.state.services.now(),
    });
    return Response.json({ when: await parseJson(text, options) });
  },
});
