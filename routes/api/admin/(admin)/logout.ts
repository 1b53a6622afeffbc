import { adminCookie, clearAdminCookie, revokeAdminSession } from "../../../../lib/auth/mod.ts";
import { define } from "../../../../utils.ts";

/** `POST /api/admin/logout`: ends this admin login server-side and clears its cookie. */
export const handler = define.handlers({
  async POST(ctx) {
    const { db, now } = ctx.state.services;
    await revokeAdminSession(db, adminCookie(ctx.req), new Date(now()));
    const headers = new Headers();
    clearAdminCookie(headers, ctx.req);
    return Response.json({ admin: false }, { headers });
  },
});
