import { requireProfile } from "../../../../../lib/auth/mod.ts";
import { getConversation } from "../../../../../lib/chat/store.ts";
import { workspaceTarget } from "../../../../../lib/workspace/archive.ts";
import { listSnapshots, takeSnapshot } from "../../../../../lib/workspace/snapshots.ts";
import { define } from "../../../../../utils.ts";

/**
 * `GET /api/workspaces/{conversation id}/snapshots`: `{ snapshots }`, newest first;
 * `POST`: takes a snapshot by hand, answers it (201).
 */
export const handler = define.handlers({
  async GET(ctx) {
    const profile = requireProfile(ctx);
    const db = ctx.state.services.db.kysely;
    await getConversation(db, profile.id, ctx.params.id);
    return Response.json({ snapshots: await listSnapshots(db, profile.id, ctx.params.id) });
  },
  async POST(ctx) {
    const profile = requireProfile(ctx);
    const target = await workspaceTarget(ctx.state.services, profile.id, ctx.params.id);
    return Response.json(await takeSnapshot(target, { reason: "manual" }), { status: 201 });
  },
});
