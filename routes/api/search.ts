import { z } from "zod";
import { requireProfile } from "../../lib/auth/mod.ts";
import { readQuery } from "../../lib/http/validate.ts";
import { search } from "../../lib/search/mod.ts";
import { define } from "../../utils.ts";

const query = z.object({
  q: z.string().trim().min(1).max(200),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

/** `GET /api/search?q=`: full-text hits across what the profile owns, with highlighted snippets. */
export const handler = define.handlers({
  GET(ctx) {
    const profile = requireProfile(ctx);
    const { q, limit } = readQuery(ctx.url, query);
    const hits = search(ctx.state.services.db.raw, { profileId: profile.id, q, limit });
    return Response.json({ q, hits });
  },
});
