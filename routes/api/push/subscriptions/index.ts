import { readJson } from "../../../../lib/http/validate.ts";
import { PUSH_BODY_LIMIT, pushCaller } from "../../../../lib/push/http.ts";
import { subscriptionSchema, unsubscribeSchema } from "../../../../lib/push/schemas.ts";
import { define } from "../../../../utils.ts";

/**
 * `GET /api/push/subscriptions`: the profile's subscribed browsers. `POST` subscribes this browser
 * (its `PushSubscription.toJSON()`); `DELETE` with `{endpoint}` unsubscribes it (204 either way).
 */
export const handler = define.handlers({
  async GET(ctx) {
    const { profile, deviceId } = await pushCaller(ctx);
    return Response.json(await ctx.state.services.push.list(profile.id, deviceId));
  },
  async POST(ctx) {
    const { profile, deviceId } = await pushCaller(ctx);
    const body = await readJson(ctx.req, subscriptionSchema, { limit: PUSH_BODY_LIMIT });
    const saved = await ctx.state.services.push.subscribe(
      profile.id,
      deviceId,
      ctx.state.locale,
      body,
    );
    return Response.json(saved, { status: 201 });
  },
  async DELETE(ctx) {
    const { profile } = await pushCaller(ctx);
    const { endpoint } = await readJson(ctx.req, unsubscribeSchema, { limit: PUSH_BODY_LIMIT });
    await ctx.state.services.push.unsubscribe(profile.id, endpoint);
    return new Response(null, { status: 204 });
  },
});
