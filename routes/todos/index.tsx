import TodoBoard from "../../islands/TodoBoard.tsx";
import { requireProfile } from "../../lib/auth/mod.ts";
import { messages } from "../../lib/i18n/mod.ts";
import { listTodos } from "../../lib/todos/store.ts";
import { MAX_PAGE } from "../../lib/todos/types.ts";
import { page } from "../../lib/web/define.ts";
import { define } from "../../utils.ts";

/** Recently finished todos the page lists under the open ones. */
const DONE_SHOWN = 20;

/**
 * `/todos`: the profile's open todos by group (the first 200 by due) and the recently done,
 * rendered on the server in the profile's zone; editing through the `TodoBoard` island.
 */
export const handler = define.handlers({
  async GET(ctx) {
    const profile = requireProfile(ctx);
    const { db, now } = ctx.state.services;
    const at = now();
    ctx.state.title = ctx.state.t("section.todos");
    const base = { sort: "due", offset: 0 } as const;
    const open = await listTodos(db.kysely, profile.id, {
      ...base,
      status: "open",
      limit: MAX_PAGE,
    }, at);
    const done = await listTodos(db.kysely, profile.id, {
      ...base,
      status: "done",
      sort: "created",
      limit: DONE_SHOWN,
    }, at);
    return page({ open, done: done.todos, timeZone: profile.timeZone, now: at });
  },
});

export default define.page<typeof handler>(function TodosPage({ data, state }) {
  return (
    <section class="todos-page">
      <h1>{state.t("todos.ui.title")}</h1>
      <TodoBoard
        open={data.open.todos}
        done={data.done}
        more={data.open.total - data.open.todos.length}
        timeZone={data.timeZone}
        locale={state.locale}
        now={data.now}
        messages={messages(state.locale, "todos.ui.")}
      />
    </section>
  );
});
