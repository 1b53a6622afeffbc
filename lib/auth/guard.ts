/**
 * The checks routes call: who is this request acting for, and is it the admin.
 */
import { HttpError } from "../http/errors.ts";
import type { Profile, State } from "../web/define.ts";

/** The part of a route context the guards read. */
export interface GuardContext {
  state: Pick<State, "profile" | "admin">;
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
 * 401 `admin_required` unless the request carries a live admin login. For handlers that mix
 * public and admin methods; a whole admin route says `config = { admin: true }` instead.
 */
export function requireAdmin(ctx: GuardContext): void {
  if (!ctx.state.admin) {
    throw new HttpError(401, "admin_required", "Log in as the admin to do this.");
  }
}
