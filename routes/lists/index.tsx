import { z } from "zod";
import { NewListForm } from "../../components/lists/forms.tsx";
import { requireProfile } from "../../lib/auth/mod.ts";
import { HttpError } from "../../lib/http/errors.ts";
import { parseWith, readForm } from "../../lib/http/validate.ts";
import { localizedMessage } from "../../lib/i18n/errors.ts";
import { createListSchema } from "../../lib/lists/schemas.ts";
import { createList, listLists } from "../../lib/lists/store.ts";
import { LIST_KINDS } from "../../lib/lists/types.ts";
import { page } from "../../lib/web/define.ts";
import { define } from "../../utils.ts";

/** The create form as a browser sends it: a checkbox is "on" or absent. */
const createForm = z.strictObject({
  name: z.string(),
  kind: z.enum(LIST_KINDS).optional(),
  shared: z.literal("on").optional(),
});

/**
 * `/lists`: the profile's lists and the household's shared ones (plain links), and a plain
 * form to make one (`POST`: name, kind, shared), which works without JavaScript and goes on
 * to the new list; a refused form comes back with its values and the error.
 */
export const handler = define.handlers({
  async GET(ctx) {
    const profile = requireProfile(ctx);
    ctx.state.title = ctx.state.t("section.lists");
    const lists = await listLists(ctx.state.services.db.kysely, profile.id);
    return page({ lists, error: "", form: null });
  },
  async POST(ctx) {
    const profile = requireProfile(ctx);
    const db = ctx.state.services.db.kysely;
    let form: z.output<typeof createForm> | null = null;
    try {
      form = await readForm(ctx.req, createForm);
      const input = parseWith(createListSchema, {
        name: form.name,
        kind: form.kind ?? "other",
        shared: form.shared === "on",
      });
      const list = await createList(db, profile.id, input);
      return ctx.redirect(`/lists/${encodeURIComponent(list.id)}`, 303);
    } catch (err) {
      if (!(err instanceof HttpError)) throw err;
      ctx.state.title = ctx.state.t("section.lists");
      const error = localizedMessage(err, ctx.state.locale);
      return page({ lists: await listLists(db, profile.id), error, form }, { status: err.status });
    }
  },
});

export default define.page<typeof handler>(function ListsPage({ data, state }) {
  const { t } = state;
  return (
    <section class="lists-page">
      <h1>{t("lists.ui.title")}</h1>
      {data.lists.length === 0 && <p class="muted">{t("lists.ui.none")}</p>}
      <ul class="lists-index">
        {data.lists.map((list) => (
          <li key={list.id}>
            <a href={`/lists/${list.id}`}>
              <span class="lists-name" dir="auto">{list.name}</span>
              <span class="muted">
                {t(`lists.kind.${list.kind}`)} ·{" "}
                {list.shared ? t("lists.ui.shared") : t("lists.ui.private")} ·{" "}
                {t("lists.ui.open", { open: list.open })}
              </span>
            </a>
          </li>
        ))}
      </ul>
      <NewListForm
        t={t}
        error={data.error}
        name={data.form?.name ?? ""}
        kind={data.form?.kind ?? "shopping"}
        shared={data.form ? data.form.shared === "on" : false}
      />
    </section>
  );
});
