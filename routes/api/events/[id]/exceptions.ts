import { requireProfile } from "../../../../lib/auth/mod.ts";
import { exceptionSchema } from "../../../../lib/events/schemas.ts";
import { skipOccurrence } from "../../../../lib/events/store.ts";
import { SMALL_JSON_LIMIT } from "../../../../lib/http/body.ts";
import { readJson } from "../../../../lib/http/validate.ts";
import { define } from "../../../../utils.ts";

/** `POST /api/events/{id}/exceptions` `{start}`: leaves that occurrence out of the series. */
export const handler = define.handlers({
  async POST(ctx) {
    const profile = requireProfile(ctx);
    const { start } = await readJson(ctx.req, exceptionSchema, { limit: SMALL_JSON_LIMIT });
    return Response.json(
      await skipOccurrence(ctx.state.services.db.kysely, profile.id, ctx.params.id, start),
    );
  },
});
