import { adminCookie } from "../lib/auth/mod.ts";
import { checkLogUpgrade } from "../lib/log/upgrade.ts";
import { define } from "../utils.ts";

/**
 * `GET /ws`: the admin's live log as a WebSocket: `{type:"backlog", entries}` first, then
 * `{type:"entry", entry}` for every new line. Host was checked by the server's guard; Origin and
 * the admin login are checked here, before the upgrade.
 */
export const handler = define.handlers({
  GET(ctx) {
    checkLogUpgrade(ctx.req, ctx.state.admin);
    return ctx.state.services.logSockets.accept(ctx.req, adminCookie(ctx.req)!);
  },
});
