import { requireProfile } from "../../../lib/auth/mod.ts";
import { define } from "../../../utils.ts";

/** `GET /api/push/key`: the VAPID public key a browser subscribes with. */
export const handler = define.handlers({
  async GET(ctx) {
    requireProfile(ctx);
    return Response.json({ publicKey: await ctx.state.services.push.publicKey() });
  },
});
