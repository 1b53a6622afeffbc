import { requireProfile } from "../../lib/auth/mod.ts";
import { define } from "../../utils.ts";

/** `GET /api/me`: the profile this device uses, and whether it holds an admin login. */
export const handler = define.handlers({
  GET(ctx) {
    const profile = requireProfile(ctx);
    return Response.json({ profile, admin: ctx.state.admin }, {
      headers: { "cache-control": "no-store" },
    });
  },
});
