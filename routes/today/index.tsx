import { z } from "zod";
import { BriefingBlock, EventsBlock, MemosBlock } from "../../components/today/blocks.tsx";
import { dayHeading } from "../../components/today/format.ts";
import { quickAddBody } from "../../components/todos/quick_add.ts";
import TodayLists from "../../islands/TodayLists.tsx";
import TodayTodos from "../../islands/TodayTodos.tsx";
import { requireProfile } from "../../lib/auth/mod.ts";
import type { Profile } from "../../lib/auth/types.ts";
import { DATE_TEXT_MAX, dateTextSchema, quickAddJson, whenOptions } from "../../lib/dates/api.ts";
import { HttpError } from "../../lib/http/errors.ts";
import { parseWith, readForm } from "../../lib/http/validate.ts";
import { localizedMessage } from "../../lib/i18n/errors.ts";
import { messages, type Translate } from "../../lib/i18n/mod.ts";
import { today } from "../../lib/today/today.ts";
import { createTodoSchema } from "../../lib/todos/schemas.ts";
import { createTodo, getTodo } from "../../lib/todos/store.ts";
import type { Todo } from "../../lib/todos/types.ts";
import { type Context, page } from "../../lib/web/define.ts";
import { define, type State } from "../../utils.ts";

/** The quick-add form as posted; `dateTextSchema` then checks the text. */
const quickAddForm = z.object({ text: z.string().max(DATE_TEXT_MAX * 4) });

/** The messages an island needs, by key. */
function pick(t: Translate, keys: string[]): Record<string, string> {
  return Object.fromEntries(keys.map((key) => [key, t(key)]));
}

/** The page's data: the day, and what a quick add without JavaScript left to say. */
async function load(
  ctx: Context<State>,
  profile: Profile,
  form: { added?: Todo | null; draft?: string; error?: string } = {},
) {
  const { db, now } = ctx.state.services;
  const at = now();
  ctx.state.title = ctx.state.t("section.today");
  return {
    day: await today(db.kysely, profile, at),
    now: at,
    added: form.added ?? null,
    draft: form.draft ?? "",
    error: form.error ?? "",
  };
}

/**
 * `/today`: the profile's day in its own zone (`lib/today`, what `GET /api/today` answers),
 * rendered on the server: the briefing, overdue and due todos with a quick add (the
 * `TodayTodos` island; `POST` is its form without JavaScript), the day's events, open list
 * items (the `TodayLists` island) and memos.
 */
export const handler = define.handlers({
  async GET(ctx) {
    const profile = requireProfile(ctx);
    const addedId = ctx.url.searchParams.get("added");
    const added = addedId
      ? await getTodo(ctx.state.services.db.kysely, profile.id, addedId.slice(0, 64))
        .catch(() => null)
      : null;
    return page(await load(ctx, profile, { added }));
  },
  /** The quick add without JavaScript: `text=…` adds the todo it says and comes back. */
  async POST(ctx) {
    const profile = requireProfile(ctx);
    const { db, now } = ctx.state.services;
    let draft = "";
    try {
      draft = (await readForm(ctx.req, quickAddForm)).text;
      const { text } = parseWith(dateTextSchema, { text: draft });
      const options = whenOptions(profile.timeZone, ctx.state.locale, new Date(now()));
      const input = parseWith(createTodoSchema, quickAddBody(await quickAddJson(text, options)));
      const todo = await createTodo(db.kysely, profile.id, input, now());
      return ctx.redirect(`/today?added=${encodeURIComponent(todo.id)}`, 303);
    } catch (err) {
      if (!(err instanceof HttpError)) throw err;
      const error = localizedMessage(err, ctx.state.locale);
      return page(await load(ctx, profile, { draft, error }), { status: err.status });
    }
  },
});

export default define.page<typeof handler>(function TodayPage({ data, state }) {
  const { t, locale } = state;
  const { day } = data;
  const quietDay = day.events.total === 0 && day.lists.total === 0;
  return (
    <section class="today-page">
      <header class="today-head">
        <h1>{t("section.today")}</h1>
        <p class="muted">{dayHeading(day.date, locale)}</p>
      </header>
      <BriefingBlock briefing={day.briefing} date={day.date} t={t} />
      <div class="today-grid">
        <div class="today-main">
          <TodayTodos
            overdue={day.overdue.items}
            overdueTotal={day.overdue.total}
            dueToday={day.dueToday.items}
            dueTodayTotal={day.dueToday.total}
            today={day.date}
            timeZone={day.timeZone}
            locale={locale}
            now={data.now}
            quietDay={quietDay}
            added={data.added}
            draft={data.draft}
            error={data.error}
            messages={{
              ...messages(locale, "today.ui."),
              "todos.ui.priority.high": t("todos.ui.priority.high"),
            }}
          />
          <EventsBlock
            events={day.events}
            date={day.date}
            timeZone={day.timeZone}
            locale={locale}
            t={t}
          />
        </div>
        <div class="today-side">
          <TodayLists
            lists={day.lists.items}
            moreLists={day.lists.total - day.lists.items.length}
            messages={pick(t, [
              "today.ui.lists",
              "today.ui.more",
              "today.ui.ticked",
              "today.ui.undo",
              "today.ui.failed",
              "today.ui.network",
              "lists.ui.shared",
            ])}
          />
          <MemosBlock pinned={day.pinnedMemos} recent={day.recentMemos} t={t} />
        </div>
      </div>
    </section>
  );
});
