import { requireProfile } from "../../../lib/auth/mod.ts";
import { dateTextSchema, parseJson, whenOptions } from "../../../lib/dates/api.ts";
import { SMALL_JSON_LIMIT } from "../../../lib/http/body.ts";
import { readJson } from "../../../lib/http/validate.ts";
import { define } from "../../../utils.ts";

/**
 * `POST /api/dates/parse` `{text}`: the first date in the text, read in the request's language
 * and resolved in the asking profile's time zone: `{when: {start, allDay, end, text, timeZone}}`,
 * `{when: null}` when it names none.
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
    return Response.json({ when: parseJson(text, options) });
  },
});
