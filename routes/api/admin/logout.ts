import { adminCookie, clearAdminCookie, revokeAdminSession } from "../../../lib/auth/mod.ts";
import { define } from "../../../lib/web/define.ts";

/** Only a live admin login can log out. */
export const config = { admin: true };

/** `POST /api/admin/logout`: ends this admin login server-side and clears its cookie. */
export const handler = define.handlers({
  async POST(ctx) {
    const { db, now } = ctx.state.services;
    await revokeAdminSession(db, adminCookie(ctx.hono), new Date(now()));
    clearAdminCookie(ctx.hono);
    return ctx.hono.json({ admin: false });
  },
});
