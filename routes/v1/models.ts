import { requireProfile } from "../../lib/auth/mod.ts";
import { listModels } from "../../lib/v1/models.ts";
import { define } from "../../utils.ts";

/**
 * `GET /v1/models`: the models the key's profile may use, in OpenAI's list format: the
 * provider's chat models and the household's gems (`gem:<slug>`), as its limits allow.
 */
export const handler = define.handlers({
  async GET(ctx) {
    const profile = requireProfile(ctx);
    const data = await listModels(ctx.state.services, profile.id);
    return Response.json({ object: "list", data });
  },
});
