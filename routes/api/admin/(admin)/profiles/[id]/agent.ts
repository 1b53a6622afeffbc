import {
  adminAgentSchema,
  getAgentSettings,
  setAdminAgent,
} from "../../../../../../lib/agent/settings.ts";
import { profileRow } from "../../../../../../lib/auth/mod.ts";
import { SMALL_JSON_LIMIT } from "../../../../../../lib/http/body.ts";
import { readJson } from "../../../../../../lib/http/validate.ts";
import { define } from "../../../../../../utils.ts";

/**
 * `GET /api/admin/profiles/{id}/agent`: the profile's `AgentSettings` (404 `profile_not_found`).
 * `PUT` `{ allowNetwork?, allowExec?, quotaBytes? }` (`quotaBytes: null`: the household default):
 * whether the profile's agent may fetch web pages and run commands, and how much its workspaces
 * may hold. Answers the settings as they are now.
 */
export const handler = define.handlers({
  async GET(ctx) {
    const { db } = ctx.state.services;
    await profileRow(db, ctx.params.id);
    return Response.json(await getAgentSettings(db.kysely, ctx.params.id));
  },
  async PUT(ctx) {
    const { db } = ctx.state.services;
    const change = await readJson(ctx.req, adminAgentSchema, { limit: SMALL_JSON_LIMIT });
    await profileRow(db, ctx.params.id);
    return Response.json(await setAdminAgent(db.kysely, ctx.params.id, change));
  },
});
