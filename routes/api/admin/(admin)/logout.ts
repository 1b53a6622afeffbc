import { adminCookie, clearAdminCookie, revokeAdminSession } from "../../../../lib/auth/mod.ts";
import { define } from "../../../../utils.ts";

/** `POST /api/admin/logout`: ends this admin login server-side and clears its cookie. */
export const handler = define.handlers({
  async POST(ctx) {
    const { db, now } = ctx.state.services;
    const token = adminCookie(ctx.req);
    await revokeAdminSession(db, token, new Date(now()));
    // The live logs this login opened end with it.
    if (token) ctx.state.services.logSockets.closeSession(token);
    const headers = new Headers();
    clearAdminCookie(headers, ctx.req);
    return Response.json({ admin: false }, { headers });
  },
});
