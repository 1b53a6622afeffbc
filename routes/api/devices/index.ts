import { deviceCookie, deviceIdFor, listDevices } from "../../../lib/auth/mod.ts";
import { define } from "../../../lib/web/define.ts";

/** Only the admin sees the devices. */
export const config = { admin: true };

/** `GET /api/devices`: every device using a profile, most recently seen first. */
export const handler = define.handlers({
  async GET(ctx) {
    const { db } = ctx.state.services;
    const devices = await listDevices(db);
    const current = await deviceIdFor(db, deviceCookie(ctx.hono));
    return Response.json({ devices, current });
  },
});
