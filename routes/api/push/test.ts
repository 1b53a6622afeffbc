import { requireProfile } from "../../../lib/auth/mod.ts";
import { define } from "../../../utils.ts";

/** `POST /api/push/test`: a test notification to the profile's browsers; `{sent, pruned, failed}`. */
export const handler = define.handlers({
  async POST(ctx) {
    const profile = requireProfile(ctx);
    return Response.json(await ctx.state.services.push.sendTest(profile.id));
  },
});
