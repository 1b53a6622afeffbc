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
import { checkKey } from "../lib/auth/key_scope.ts";
import { cookiesSet } from "../lib/http/cookies.ts";
import { unreadCount } from "../lib/notifications/store.ts";
import { define } from "../utils.ts";

/**
 * Who is asking, on every request: the device cookie (or an API key) names the profile,
 * the admin cookie says whether this is a live admin login. Stale cookies are cleared. Once
 * setup has made an admin, a page request without a profile goes to the picker first.
 */
export const handler = define.middleware(async function auth(ctx) {
  const { db, now } = ctx.state.services;
  const who = await identify(ctx.req, db, new Date(now()));
  // An API key: refused when wrong, misplaced or out of its scope, before anything else.
  checkKey(who, ctx.req.method, ctx.url.pathname);
  ctx.state.apiKey = who.apiKey;
  ctx.state.profile = who.profile;
  ctx.state.admin = who.admin;
  // The header's bell on every page: one indexed count, only for pages.
  if (who.profile && ctx.req.method === "GET" && !ctx.url.pathname.startsWith("/api/")) {
    ctx.state.unread = await unreadCount(db.kysely, who.profile.id);
  }
  const res =
    !who.profile && pageNeedsProfile(ctx.req.method, ctx.url.pathname) && await hasAdmin(db)
      ? ctx.redirect(pickerUrl(ctx.url), 303)
      : await ctx.next();
  // A route that just set a fresh cookie (picking a profile, logging in) keeps it.
  const setting = cookiesSet(res);
  if (who.invalid.includes("device") && !setting.includes(DEVICE_COOKIE)) {
    clearDeviceCookie(res.headers, ctx.req);
  }
  if (who.staleAdmin && !setting.includes(ADMIN_COOKIE)) clearAdminCookie(res.headers, ctx.req);
  return res;
});
