import { requireProfile } from "../../../lib/auth/mod.ts";
import { readQuery } from "../../../lib/http/validate.ts";
import { notificationQuery } from "../../../lib/notifications/schemas.ts";
import { listNotifications } from "../../../lib/notifications/store.ts";
import { define } from "../../../utils.ts";

/**
 * `GET /api/notifications` (`limit` ≤ 100, `cursor`, `unread=true`): the asking profile's
 * notifications, newest first, in the request's language, with its unread count.
 */
export const handler = define.handlers({
  async GET(ctx) {
    const profile = requireProfile(ctx);
    const query = readQuery(ctx.url, notificationQuery);
    return Response.json(
      await listNotifications(ctx.state.services.db.kysely, profile, query, ctx.state.locale),
    );
  },
});
