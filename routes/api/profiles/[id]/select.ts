import { SMALL_JSON_LIMIT } from "../../../../lib/http/body.ts";
import { z } from "zod";
import {
  adminCookie,
  createDevice,
  deviceCookie,
  deviceLabel,
  endAdminLogin,
  pinSchema,
  revokeDeviceToken,
  setDeviceCookie,
  switchEndsAdmin,
  unlockProfile,
} from "../../../../lib/auth/mod.ts";
import { limitKey } from "../../../../lib/http/rate_limit.ts";
import { readJson } from "../../../../lib/http/validate.ts";
import { define } from "../../../../utils.ts";

const body = z.object({ pin: pinSchema.optional() }).strict();

/**
 * `POST /api/profiles/{id}/select` `{pin?}`: this device uses the profile from now on (its PIN
 * first, if it has one; wrong PINs are rate-limited per client and per profile). Sets the
 * `hearth_device` cookie; a previous device cookie of this browser is revoked, and so is its admin
 * login when this is a switch to another profile (`switchEndsAdmin`).
 */
export const handler = define.handlers({
  async POST(ctx) {
    const { db, rateLimit, accountLimit, now } = ctx.state.services;
    const { pin } = await readJson(ctx.req, body, { limit: SMALL_JSON_LIMIT });
    const profile = await unlockProfile(
      db,
      { client: rateLimit, account: accountLimit },
      limitKey(ctx.info, "pin"),
      ctx.params.id,
      pin,
    );
    const at = new Date(now());
    await revokeDeviceToken(db, deviceCookie(ctx.req), at);
    const device = await createDevice(
      db,
      profile.id,
      deviceLabel(ctx.req.headers.get("user-agent")),
      at,
    );
    const headers = new Headers();
    setDeviceCookie(headers, ctx.req, device.token);
    if (adminCookie(ctx.req) && switchEndsAdmin(ctx.state.profile, profile)) {
      await endAdminLogin(db, ctx.req, headers, at);
    }
    return Response.json({ profile, device: { id: device.id } }, { headers });
  },
});
