import { hasSetupAccess, setupStateOf, setupStatus } from "../../../lib/setup/mod.ts";
import { define } from "../../../utils.ts";

/**
 * `GET /api/setup/status`: whether Hearth is in setup mode and this browser may use the wizard;
 * with access, the answers so far and the wizard's tasks (a reloaded page resumes from them).
 * Open to everyone (it reveals nothing but setup mode without access).
 */
export const handler = define.handlers({
  async GET(ctx) {
    const { services, locale } = ctx.state;
    const access = hasSetupAccess(ctx.req, ctx.info, setupStateOf(services));
    return Response.json(await setupStatus(services, access, locale), {
      headers: { "cache-control": "no-store" },
    });
  },
});
