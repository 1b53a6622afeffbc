import { z } from "zod";
import { requireProfile } from "../../../lib/auth/mod.ts";
import { SMALL_JSON_LIMIT } from "../../../lib/http/body.ts";
import { readJson } from "../../../lib/http/validate.ts";
import { createFeed, feedOrigin, listFeeds } from "../../../lib/ics/feeds.ts";
import { feedLabel } from "../../../lib/ics/schemas.ts";
import { define } from "../../../utils.ts";

const createSchema = z.strictObject({ label: feedLabel });

/**
 * `GET /api/calendar-feeds`: the profile's calendar subscription URLs (without their tokens);
 * `POST {label}` makes one and answers its URL, this once (201).
 */
export const handler = define.handlers({
  async GET(ctx) {
    const profile = requireProfile(ctx);
    return Response.json({ items: await listFeeds(ctx.state.services.db, profile.id) });
  },
  async POST(ctx) {
    const profile = requireProfile(ctx);
    const { label } = await readJson(ctx.req, createSchema, { limit: SMALL_JSON_LIMIT });
    const { db, now } = ctx.state.services;
    const made = await createFeed(
      db,
      profile.id,
      label,
      feedOrigin(ctx.url, ctx.state.services.urls),
      now(),
    );
    return Response.json(made, { status: 201 });
  },
});
