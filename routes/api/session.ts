import { clientAddress } from "../../lib/http/network.ts";
import { SESSION_HEADER } from "../../lib/http/sessions.ts";
import { define } from "../../utils.ts";

/**
 * `GET /api/session`: renews the tab's token when it is still valid, or issues a new one.
 * Every browser calls this on load and sends the token as `X-Hearth-Session` afterwards. New
 * tokens are budgeted per client address (429 `too_many_sessions` beyond).
 */
export const handler = define.handlers({
  GET(ctx) {
    const { sessions, version } = ctx.state.services;
    const session = sessions.use(ctx.req.headers.get(SESSION_HEADER)) ??
      sessions.issue(clientAddress(ctx.info) ?? "unknown");
    return Response.json({ ...session, version }, {
      headers: { "cache-control": "no-store" },
    });
  },
});
