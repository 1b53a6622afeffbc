import { requireProfile } from "../../../../lib/auth/mod.ts";
import { listAccess } from "../../../../lib/lists/access.ts";
import { snapshotEvent } from "../../../../lib/lists/store.ts";
import { define } from "../../../../utils.ts";

/**
 * The list's live feed (SSE): a snapshot, then every change; it ends when the list is deleted,
 * or unshared for everyone but its owner.
 */
export const handler = define.handlers({
  async GET(ctx) {
    const profile = requireProfile(ctx);
    const { db, listFeeds } = ctx.state.services;
    const listId = ctx.params.id;
    await listAccess(db.kysely, profile.id, listId, "read");
    return await listFeeds.subscribe(
      listId,
      profile.id,
      () => snapshotEvent(db.kysely, profile.id, listId),
    );
  },
});
