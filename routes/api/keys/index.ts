import { createKey, createKeySchema, listKeys } from "../../../lib/auth/api_keys.ts";
import { requireProfile } from "../../../lib/auth/mod.ts";
import { readJson } from "../../../lib/http/validate.ts";
import { define } from "../../../utils.ts";

/**
 * The asking profile's API keys. `GET`: `{ keys }`, newest first, never the keys themselves.
 * `POST {name, scope}`: a new key, 201 `{ key, apiKey }`; the key is in this answer only.
 * (An API key cannot reach these routes: keys are managed in the app.)
 */
export const handler = define.handlers({
  async GET(ctx) {
    const profile = requireProfile(ctx);
    return Response.json({ keys: await listKeys(ctx.state.services.db, profile.id) });
  },
  async POST(ctx) {
    const profile = requireProfile(ctx);
    const body = await readJson(ctx.req, createKeySchema, { limit: 4096 });
    const { db, now } = ctx.state.services;
    const created = await createKey(db, profile.id, body, new Date(now()));
    return Response.json(created, { status: 201, headers: { "cache-control": "no-store" } });
  },
});
