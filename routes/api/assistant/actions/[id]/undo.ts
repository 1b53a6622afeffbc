import { requireProfile } from "../../../../../lib/auth/mod.ts";
import { undoAction } from "../../../../../lib/assistant/undo.ts";
import { define } from "../../../../../utils.ts";

/**
 * `POST /api/assistant/actions/{id}/undo`: reverses an action the assistant took from chat
 * (the asking profile's; another's is a 404) and marks its card undone. Idempotent: a second
 * undo changes nothing and answers `{card, changed: false}`.
 */
export const handler = define.handlers({
  async POST(ctx) {
    const profile = requireProfile(ctx);
    const { db, listFeeds, now } = ctx.state.services;
    const result = await undoAction(
      { db, feeds: listFeeds, now: () => now() },
      profile.id,
      ctx.params.id,
    );
    return Response.json(result);
  },
});
