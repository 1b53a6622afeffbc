import { clearDeviceCookie, deviceCookie, revokeDeviceToken } from "../../../lib/auth/mod.ts";
import { define } from "../../../lib/web/define.ts";

/** `POST /api/profiles/signout`: this device stops using its profile (revoked server-side). */
export const handler = define.handlers({
  async POST(ctx) {
    const { db, now } = ctx.state.services;
    await revokeDeviceToken(db, deviceCookie(ctx.hono), new Date(now()));
    clearDeviceCookie(ctx.hono);
    return ctx.hono.json({ signedOut: true });
  },
});
