import { requireProfile } from "../../../lib/auth/mod.ts";
import type { ChatModels } from "../../../lib/chat/types.ts";
import { define } from "../../../utils.ts";

/** `GET /api/chat/models`: the models a chat can use right now, and the household default. */
export const handler = define.handlers({
  async GET(ctx) {
    requireProfile(ctx);
    const { services } = ctx.state;
    const models = await services.ai.models();
    return Response.json(
      { models, default: services.config.current.models.chat } satisfies ChatModels,
    );
  },
});
