import { requireProfile } from "../../../lib/auth/mod.ts";
import { readJson, readQuery } from "../../../lib/http/validate.ts";
import { createTodoSchema, listTodosQuery } from "../../../lib/todos/schemas.ts";
import { createTodo, listTodos } from "../../../lib/todos/store.ts";
import { define } from "../../../utils.ts";

/** Small JSON calls: a todo's notes are at most 20,000 characters. */
const LIMIT = 128 * 1024;

/**
 * `GET /api/todos`: filtered, sorted, paged by `offset` (`listTodosQuery`); `POST` creates one.
 */
export const handler = define.handlers({
  async GET(ctx) {
    const profile = requireProfile(ctx);
    const query = readQuery(ctx.url, listTodosQuery);
    const { db, now } = ctx.state.services;
    return Response.json(await listTodos(db.kysely, profile.id, query, now()));
  },
  async POST(ctx) {
    const profile = requireProfile(ctx);
    const body = await readJson(ctx.req, createTodoSchema, { limit: LIMIT });
    const { db, now } = ctx.state.services;
    return Response.json(await createTodo(db.kysely, profile.id, body, now()), { status: 201 });
  },
});
