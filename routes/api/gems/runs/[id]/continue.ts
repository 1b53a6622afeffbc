import { requireProfile } from "../../../../../lib/auth/mod.ts";
import { continueAsChat } from "../../../../../lib/gems/continue.ts";
import { getGem } from "../../../../../lib/gems/store.ts";
import { define } from "../../../../../utils.ts";

/**
 * `POST /api/gems/runs/{id}/continue`: the finished run as a new conversation of the profile
 * (the prompt, then the output as the reply); 201 `{conversationId}`.
 */
export const handler = define.handlers({
  async POST(ctx) {
    const profile = requireProfile(ctx);
    const { services, locale } = ctx.state;
    const db = services.db;
    const made = await continueAsChat(
      db,
      profile.id,
      ctx.params.id,
      (id) => getGem(db.kysely, id, locale).catch(() => null),
    );
    return Response.json(made, { status: 201 });
  },
});
