import { z } from "zod";
import { requireProfile } from "../../lib/auth/mod.ts";
import { readQuery } from "../../lib/http/validate.ts";
import { search, SEARCH_KINDS } from "../../lib/search/mod.ts";
import { define } from "../../utils.ts";

const query = z.object({
  q: z.string().trim().min(1).max(200),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  kind: z.enum(SEARCH_KINDS).optional(),
});

/**
 * `GET /api/search?q=&kind=`: full-text hits across what the profile may read (messages, todos,
 * events, memos, list items; `kind` keeps one), each with its `kind`, a highlighted snippet and
 * the `href` it opens at.
 */
export const handler = define.handlers({
  GET(ctx) {
    const profile = requireProfile(ctx);
    const { q, limit, kind } = readQuery(ctx.url, query);
    const hits = search(ctx.state.services.db.raw, {
      profileId: profile.id,
      q,
      limit,
      kinds: kind && [kind],
    });
    return Response.json({ q, hits });
  },
});
