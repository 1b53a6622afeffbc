import {
  ADMIN_COOKIE,
  clearAdminCookie,
  clearDeviceCookie,
  DEVICE_COOKIE,
  hasAdmin,
  identify,
  pageNeedsProfile,
  pickerUrl,
} from "../lib/auth/mod.ts";
import { define } from "../lib/web/define.ts";

/**
 * Who is asking, on every request: the device cookie (or, later, an API key) names the profile,
 * the admin cookie says whether this is a live admin login. Stale cookies are cleared. Once
 * setup has made an admin, a page request without a profile goes to the picker first.
 */
export const handler = define.middleware(async function auth(ctx, next) {
  const { db, now } = ctx.state.services;
  const who = await identify(ctx.hono, db, new Date(now()));
  ctx.state.profile = who.profile;
  ctx.state.admin = who.admin;
  let res: Response;
  if (!who.profile && pageNeedsProfile(ctx.req.method, ctx.url.pathname) && await hasAdmin(db)) {
    ctx.hono.res = ctx.redirect(pickerUrl(ctx.url));
    res = ctx.hono.res;
  } else {
    res = await next();
  }
  // A route that just set a fresh cookie (picking a profile, logging in) keeps it.
  const setting = res.headers.getSetCookie().map((c) => c.slice(0, c.indexOf("=")));
  if (who.invalid.includes("device") && !setting.includes(DEVICE_COOKIE)) {
    clearDeviceCookie(ctx.hono);
  }
  if (who.staleAdmin && !setting.includes(ADMIN_COOKIE)) clearAdminCookie(ctx.hono);
  return ctx.hono.res;
});
