import { requireProfile } from "../../../../lib/auth/mod.ts";
import { reopenTodo } from "../../../../lib/todos/store.ts";
import { define } from "../../../../utils.ts";

/** `POST /api/todos/{id}/reopen`: open again, `completedAt` cleared. */
export const handler = define.handlers({
  async POST(ctx) {
    const profile = requireProfile(ctx);
    const { db, now } = ctx.state.services;
    return Response.json(await reopenTodo(db.kysely, profile.id, ctx.params.id, now()));
  },
});
