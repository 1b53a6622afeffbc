import { z } from "zod";
import { readQuery } from "../../../lib/http/validate.ts";
import { requireOwners } from "../../../lib/tasks/owner.ts";
import { define } from "../../../utils.ts";

const Query = z.object({ kind: z.string().max(200).optional() });

/**
 * `GET /api/tasks[?kind=pull,create]`: the tasks this request may see (its profile's, the
 * admin's with an admin login, the wizard's during setup) that the server still tracks, oldest
 * first, so a reloaded page can reattach to what still runs.
 */
export const handler = define.handlers({
  GET(ctx) {
    const { kind } = readQuery(ctx.url, Query);
    const kinds = kind?.split(",").map((k) => k.trim()).filter(Boolean);
    const tasks = ctx.state.services.tasks.list(requireOwners(ctx.state), kinds);
    return Response.json({ tasks: tasks.map((t) => t.info()) }, {
      headers: { "cache-control": "no-store" },
    });
  },
});
