import { requireProfile } from "../../../lib/auth/mod.ts";
import type { ChatModels } from "../../../lib/chat/types.ts";
import { define } from "../../../utils.ts";

/** `GET /api/chat/models`: the models a chat can use right now, and the household default. */
export const handler = define.handlers({
  async GET(ctx) {
    requireProfile(ctx);
    const { services } = ctx.state;
    const listed = await services.ai.models();
    // What each can do (vision, thinking), from the provider's minute-long cache; unknown when
    // a model cannot be described right now.
    const models = await Promise.all(listed.map(async (m) => {
      const described = await services.ai.describe(m.name).catch(() => null);
      return described ? { ...m, capabilities: described.capabilities } : m;
    }));
    return Response.json(
      { models, default: services.config.current.models.chat } satisfies ChatModels,
    );
  },
});
