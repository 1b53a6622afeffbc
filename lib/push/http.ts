/** What the push routes share: the profile and device a request acts for. */
import { deviceCookie, deviceIdFor, requireProfile } from "../auth/mod.ts";
import type { Profile } from "../auth/types.ts";
import type { Db } from "../db/mod.ts";

/** The smallest limit that fits every push body (a subscription is about 400 bytes). */
export const PUSH_BODY_LIMIT = 4096;

/** The request's profile (401 without one) and its device (null for a credential without one). */
export async function pushCaller(
  ctx: { req: Request; state: { profile?: Profile; admin: boolean; services: { db: Db } } },
): Promise<{ profile: Profile; deviceId: string | null }> {
  const profile = requireProfile(ctx);
  return { profile, deviceId: await deviceIdFor(ctx.state.services.db, deviceCookie(ctx.req)) };
}
