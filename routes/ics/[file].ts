import { feedByFile, feedResponse } from "../../lib/ics/feeds.ts";
import { HttpError } from "../../lib/http/errors.ts";
import { define } from "../../utils.ts";

/**
 * `GET /ics/{token}.ics`: a profile's calendar for a phone's calendar app, which sends no cookie
 * and no session header: the token is the credential (`lib/ics/feeds.ts`). A wrong, revoked or
 * malformed token answers exactly what a URL that never existed answers.
 */
export const handler = define.handlers({
  async GET(ctx) {
    const { db, now } = ctx.state.services;
    const feed = await feedByFile(db, ctx.params.file);
    if (!feed) {
      const path = ctx.url.pathname;
      throw new HttpError(404, "not_found", `Nothing at ${path}.`, {}, { path });
    }
    return feedResponse(db, feed, ctx.req, now());
  },
});
