import { deviceCookie, deviceIdFor, listDevices } from "../../../../../lib/auth/mod.ts";
import { define } from "../../../../../utils.ts";

/** `GET /api/admin/devices`: every device using a profile, most recently seen first. */
export const handler = define.handlers({
  async GET(ctx) {
    const { db } = ctx.state.services;
    const devices = await listDevices(db);
    const current = await deviceIdFor(db, deviceCookie(ctx.req));
    return Response.json({ devices, current });
  },
});
