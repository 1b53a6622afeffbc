import {
  getAgentSettings,
  ownSettingsSchema,
  setOwnSettings,
} from "../../../lib/agent/settings.ts";
import { requireProfile } from "../../../lib/auth/mod.ts";
import { SMALL_JSON_LIMIT } from "../../../lib/http/body.ts";
import { readJson } from "../../../lib/http/validate.ts";
import { define } from "../../../utils.ts";

/**
 * `GET /api/agent/settings`: the asking profile's `AgentSettings`.
 * `PUT /api/agent/settings` `{ approve: { write?, network?, exec? } }`: which risks wait for its
 * approval. What only the admin decides (`allowNetwork`, `allowExec`, `quotaBytes`) is 403
 * `agent_admin_only` when it differs from the current value.
 */
export const handler = define.handlers({
  async GET(ctx) {
    const profile = requireProfile(ctx);
    return Response.json(await getAgentSettings(ctx.state.services.db.kysely, profile.id));
  },
  async PUT(ctx) {
    const profile = requireProfile(ctx);
    const body = await readJson(ctx.req, ownSettingsSchema, { limit: SMALL_JSON_LIMIT });
    return Response.json(await setOwnSettings(ctx.state.services.db.kysely, profile.id, body));
  },
});
