import { z } from "zod";
import { requireProfile } from "../../../../lib/auth/mod.ts";
import { readJson } from "../../../../lib/http/validate.ts";
import { define } from "../../../../utils.ts";

const Body = z.object({ approve: z.boolean() }).strict();

/**
 * `POST /api/agent/approvals/{id}` with `{ approve }`: the asking profile's decision on a tool
 * step its agent turn waits for; answers the decided `ApprovalRequest`. 404 `approval_not_found`
 * for an unknown id or another profile's, 409 `approval_decided` when it was decided already.
 */
export const handler = define.handlers({
  async POST(ctx) {
    const profile = requireProfile(ctx);
    const { approve } = await readJson(ctx.req, Body, { limit: 1024 });
    return Response.json(ctx.state.services.approvals.decide(profile.id, ctx.params.id, approve));
  },
});
