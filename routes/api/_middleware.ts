import { HttpError } from "../../lib/http/errors.ts";
import { SESSION_HEADER } from "../../lib/http/sessions.ts";
import { define } from "../../lib/web/define.ts";

/** Every `/api/*` call carries a live session token, except the call that issues one. */
export const handler = define.middleware((ctx, next) => {
  if (ctx.url.pathname === "/api/session") return next();
  const token = ctx.req.headers.get(SESSION_HEADER);
  const session = ctx.state.services.sessions.use(token);
  if (!session) {
    throw new HttpError(
      401,
      token ? "session_expired" : "session_required",
      token
        ? "Your session has expired. Reload the page to get a new one."
        : `Send the ${SESSION_HEADER} header from GET /api/session.`,
    );
  }
  ctx.state.session = session.token;
  return next();
});
