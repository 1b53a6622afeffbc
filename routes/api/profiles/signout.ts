import { clearDeviceCookie, deviceCookie, revokeDeviceToken } from "../../../lib/auth/mod.ts";
import { define } from "../../../utils.ts";

/** `POST /api/profiles/signout`: this device stops using its profile (revoked server-side). */
export const handler = define.handlers({
  async POST(ctx) {
    const { db, now } = ctx.state.services;
    await revokeDeviceToken(db, deviceCookie(ctx.req), new Date(now()));
    const headers = new Headers();
    clearDeviceCookie(headers, ctx.req);
    return Response.json({ signedOut: true }, { headers });
  },
});
