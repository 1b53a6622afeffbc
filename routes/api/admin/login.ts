import { SMALL_JSON_LIMIT } from "../../../lib/http/body.ts";
import { z } from "zod";
import { loginAdmin, setAdminCookie } from "../../../lib/auth/mod.ts";
import { limitKey } from "../../../lib/http/rate_limit.ts";
import { readJson } from "../../../lib/http/validate.ts";
import { define } from "../../../utils.ts";

const body = z.object({ password: z.string().min(1).max(1024) }).strict();

/**
 * `POST /api/admin/login` `{password}`: an 8-hour admin login in the `hearth_admin` cookie
 * (httpOnly, SameSite=Strict). Wrong passwords are rate-limited per client and for the admin
 * account across all clients.
 */
export const handler = define.handlers({
  async POST(ctx) {
    const { db, rateLimit, accountLimit, now } = ctx.state.services;
    const { password } = await readJson(ctx.req, body, { limit: SMALL_JSON_LIMIT });
    const login = await loginAdmin(
      db,
      { client: rateLimit, account: accountLimit },
      limitKey(ctx.info, "admin_login"),
      password,
      new Date(now()),
    );
    const headers = new Headers();
    setAdminCookie(headers, ctx.req, login.token);
    return Response.json({ admin: true, expiresAt: login.expiresAt.toISOString() }, { headers });
  },
});
