import { signOutDevice } from "../../lib/auth/mod.ts";
import { define } from "../../utils.ts";

/**
 * `POST /profiles/signout` (the header's profile menu, a plain form): this device stops using its
 * profile and its admin login ends; then the picker. `POST /api/profiles/signout` is the same
 * for scripts and islands.
 */
export const handler = define.handlers({
  async POST(ctx) {
    const { db, now } = ctx.state.services;
    const res = ctx.redirect("/profiles", 303);
    await signOutDevice(db, ctx.req, res.headers, new Date(now()));
    return res;
  },
});
