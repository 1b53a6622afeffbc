import { SMALL_JSON_LIMIT } from "../../../../../lib/http/body.ts";
import { createMember, memberInput } from "../../../../../lib/auth/mod.ts";
import type { ProfileSaved } from "../../../../../lib/auth/types.ts";
import { readJson } from "../../../../../lib/http/validate.ts";
import { define } from "../../../../../utils.ts";

/** `POST /api/admin/profiles` `{name, avatar, pin?, timeZone?}`: adds a household member. */
export const handler = define.handlers({
  async POST(ctx) {
    const input = await readJson(ctx.req, memberInput, { limit: SMALL_JSON_LIMIT });
    const profile = await createMember(ctx.state.services.db, input);
    return Response.json({ profile } satisfies ProfileSaved, { status: 201 });
  },
});
