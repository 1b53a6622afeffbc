import { requireProfile } from "../../../lib/auth/mod.ts";
import { readJson, readQuery } from "../../../lib/http/validate.ts";
import { createMemoSchema, memoQuery } from "../../../lib/memos/schemas.ts";
import { createMemo, listMemos } from "../../../lib/memos/store.ts";
import { define } from "../../../utils.ts";

/** `GET /api/memos` (`tag`, `pinned`, `q`, `sort`, `limit` + `cursor` or `offset`); `POST`. */
export const handler = define.handlers({
  async GET(ctx) {
    const profile = requireProfile(ctx);
    const query = readQuery(ctx.url, memoQuery);
    return Response.json(await listMemos(ctx.state.services.db.kysely, profile.id, query));
  },
  async POST(ctx) {
    const profile = requireProfile(ctx);
    const body = await readJson(ctx.req, createMemoSchema, { limit: 1024 * 1024 });
    const memo = await createMemo(ctx.state.services.db.kysely, profile.id, body);
    return Response.json(memo, { status: 201 });
  },
});
