import { SESSION_HEADER } from "../../lib/http/sessions.ts";
import { define } from "../../utils.ts";

/**
 * `GET /api/session`: renews the tab's token when it is still valid, or issues a new one.
 * Every browser calls this on load and sends the token as `X-Hearth-Session` afterwards.
 */
export const handler = define.handlers({
  GET(ctx) {
    const { sessions, version } = ctx.state.services;
    const session = sessions.use(ctx.req.headers.get(SESSION_HEADER)) ?? sessions.issue();
    return Response.json({ ...session, version }, {
      headers: { "cache-control": "no-store" },
    });
  },
});
