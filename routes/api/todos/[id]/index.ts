import { requireProfile } from "../../../../lib/auth/mod.ts";
import { readJson } from "../../../../lib/http/validate.ts";
import { updateTodoSchema } from "../../../../lib/todos/schemas.ts";
import { deleteTodo, getTodo, updateTodo } from "../../../../lib/todos/store.ts";
import { define } from "../../../../utils.ts";

/** One todo: read, change, delete (with its sub-tasks). */
export const handler = define.handlers({
  async GET(ctx) {
    const profile = requireProfile(ctx);
    return Response.json(await getTodo(ctx.state.services.db.kysely, profile.id, ctx.params.id));
  },
  async PATCH(ctx) {
    const profile = requireProfile(ctx);
    const body = await readJson(ctx.req, updateTodoSchema, { limit: 128 * 1024 });
    const { db, now } = ctx.state.services;
    return Response.json(await updateTodo(db.kysely, profile.id, ctx.params.id, body, now()));
  },
  async DELETE(ctx) {
    const profile = requireProfile(ctx);
    await deleteTodo(ctx.state.services.db.kysely, profile.id, ctx.params.id);
    return new Response(null, { status: 204 });
  },
});
