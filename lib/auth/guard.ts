/**
 * The checks routes call: who is this request acting for, and is it the admin. Admin folders
 * (`routes/admin/(admin)/`, `routes/api/admin/(admin)/`) put `adminOnly` in their `_middleware`.
 */
import { HttpError } from "../http/errors.ts";
import { isApiPath } from "../http/paths.ts";
import type { Context } from "../web/define.ts";
import type { Profile } from "./types.ts";

/** The part of a route context the guards read. */
export interface GuardContext {
  state: { profile?: Profile; admin: boolean };
}

/** The request's profile; 401 `profile_required` when the device has not picked one. */
export function requireProfile(ctx: GuardContext): Profile {
  if (!ctx.state.profile) {
    throw new HttpError(
      401,
      "profile_required",
      "Pick a profile on this device first (/profiles).",
    );
  }
  return ctx.state.profile;
}

/**
 * Middleware for the admin's folders: a live admin login goes on; a page request goes to the
 * admin login (and back afterwards); anything else is 401 `admin_required`.
 */
export function adminOnly(ctx: Context<GuardContext["state"]>): Promise<Response> {
  if (ctx.state.admin) return ctx.next();
  if (!isApiPath(ctx.url.pathname) && ctx.req.method === "GET") {
    const next = encodeURIComponent(ctx.url.pathname + ctx.url.search);
    return Promise.resolve(ctx.redirect(`/admin/login?next=${next}`, 303));
  }
  throw new HttpError(401, "admin_required", "Log in as the admin to do this.");
}
