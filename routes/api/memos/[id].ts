import { requireProfile } from "../../../lib/auth/mod.ts";
import { readJson } from "../../../lib/http/validate.ts";
import { updateMemoSchema } from "../../../lib/memos/schemas.ts";
import { deleteMemo, getMemo, updateMemo } from "../../../lib/memos/store.ts";
import { define } from "../../../utils.ts";

/** One memo of the asking profile: read, change, delete. */
export const handler = define.handlers({
  async GET(ctx) {
    const profile = requireProfile(ctx);
    return Response.json(await getMemo(ctx.state.services.db.kysely, profile.id, ctx.params.id));
  },
  async PATCH(ctx) {
    const profile = requireProfile(ctx);
    const body = await readJson(ctx.req, updateMemoSchema, { limit: 1024 * 1024 });
    return Response.json(
      await updateMemo(ctx.state.services.db.kysely, profile.id, ctx.params.id, body),
    );
  },
  async DELETE(ctx) {
    const profile = requireProfile(ctx);
    await deleteMemo(ctx.state.services.db.kysely, profile.id, ctx.params.id);
    return new Response(null, { status: 204 });
  },
});
