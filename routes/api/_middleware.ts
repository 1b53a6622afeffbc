import { HttpError } from "../../lib/http/errors.ts";
import { SESSION_HEADER } from "../../lib/http/sessions.ts";
import { define } from "../../utils.ts";

// EventSource cannot send headers: reading a task's stream (GET, nothing changes) may carry
// the token as `?session=` instead, checked exactly like the header. The request log records
// paths without queries, and these URLs are never pages, so the token does not leak into logs,
// history or Referer.
const QUERY_TOKEN_PATH = /^\/api\/tasks\/[^/]+\/stream$/;

/**
 * Every `/api/*` call carries a live session token, except the call that issues one and calls
 * with an API key (a header no other site can make a browser send, unlike a cookie).
 */
export const handler = define.middleware((ctx) => {
  if (ctx.url.pathname === "/api/session" || ctx.state.apiKey) return ctx.next();
  const queryToken = ctx.req.method === "GET" && QUERY_TOKEN_PATH.test(ctx.url.pathname)
    ? ctx.url.searchParams.get("session")
    : null;
  const token = ctx.req.headers.get(SESSION_HEADER) ?? queryToken;
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
  return ctx.next();
});
