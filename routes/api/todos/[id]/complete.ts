import { requireProfile } from "../../../../lib/auth/mod.ts";
import { completeTodo } from "../../../../lib/todos/store.ts";
import { define } from "../../../../utils.ts";

/** `POST /api/todos/{id}/complete`: the done todo and, for a recurring one, the next. */
export const handler = define.handlers({
  async POST(ctx) {
    const profile = requireProfile(ctx);
    const { db, now } = ctx.state.services;
    return Response.json(await completeTodo(db.kysely, profile.id, ctx.params.id, now()));
  },
});
