import { readJson } from "../../../lib/http/validate.ts";
import { PUSH_BODY_LIMIT, pushCaller } from "../../../lib/push/http.ts";
import { visibilitySchema } from "../../../lib/push/schemas.ts";
import { define } from "../../../utils.ts";

/**
 * `POST /api/push/visibility` `{hidden}`: this browser's chat page was hidden, closed or shown
 * again, so a reply that ends meanwhile is announced by push (or not). 204.
 */
export const handler = define.handlers({
  async POST(ctx) {
    const { profile, deviceId } = await pushCaller(ctx);
    const { hidden } = await readJson(ctx.req, visibilitySchema, { limit: PUSH_BODY_LIMIT });
    if (deviceId) ctx.state.services.push.visibility(profile.id, deviceId, hidden);
    return new Response(null, { status: 204 });
  },
});
