import { signOutDevice } from "../../../lib/auth/mod.ts";
import { define } from "../../../utils.ts";

/**
 * `POST /api/profiles/signout`: this device stops using its profile (revoked server-side), and
 * its admin login ends with it. The header's profile menu posts the same to `/profiles/signout`.
 */
export const handler = define.handlers({
  async POST(ctx) {
    const { db, now } = ctx.state.services;
    const headers = new Headers();
    await signOutDevice(db, ctx.req, headers, new Date(now()));
    return Response.json({ signedOut: true }, { headers });
  },
});
