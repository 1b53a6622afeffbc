import { z } from "zod";
import { ListSettings } from "../../components/lists/forms.tsx";
import { itemLines } from "../../components/lists/lines.ts";
import ListView from "../../islands/ListView.tsx";
import { requireProfile } from "../../lib/auth/mod.ts";
import { HttpError } from "../../lib/http/errors.ts";
import { parseWith, readForm } from "../../lib/http/validate.ts";
import { localizedMessage } from "../../lib/i18n/errors.ts";
import { messages } from "../../lib/i18n/mod.ts";
import { listAccess } from "../../lib/lists/access.ts";
import { addItemsSchema, updateListSchema } from "../../lib/lists/schemas.ts";
import { addItems, deleteList, getList, updateList } from "../../lib/lists/store.ts";
import { page } from "../../lib/web/define.ts";
import { define } from "../../utils.ts";

/** What the page's forms post: the owner's rename, share, unshare, delete; anyone's add. */
const listForm = z.discriminatedUnion("intent", [
  z.strictObject({ intent: z.literal("rename"), name: z.string() }),
  z.strictObject({ intent: z.literal("share") }),
  z.strictObject({ intent: z.literal("unshare") }),
  z.strictObject({ intent: z.literal("delete") }),
  z.strictObject({ intent: z.literal("add"), text: z.string() }),
]);

/** A pasted list of items can be long: more than the usual 16 kB form (pages stop at 64 kB). */
const FORM_LIMIT = 60 * 1024;

/**
 * `/lists/{id}`: one list, rendered on the server, live and tickable through its island, with
 * its owner's settings as plain forms. `POST` (forms, no JavaScript needed) renames, shares,
 * unshares or deletes it (owner only, `lib/lists/access.ts` decides) or adds items (one per
 * line), then comes back; a refused form shows the page again with the error.
 */
export const handler = define.handlers({
  async GET(ctx) {
    const profile = requireProfile(ctx);
    const list = await getList(ctx.state.services.db.kysely, profile.id, ctx.params.id);
    ctx.state.title = list.name;
    return page({ list, error: "" });
  },
  async POST(ctx) {
    const profile = requireProfile(ctx);
    const { db, listFeeds } = ctx.state.services;
    const deps = { db: db.kysely, feeds: listFeeds };
    const id = ctx.params.id;
    // Someone else's private list is a missing one, before the form is even read.
    await listAccess(db.kysely, profile.id, id, "read");
    const here = `/lists/${encodeURIComponent(id)}`;
    try {
      const form = await readForm(ctx.req, listForm, { limit: FORM_LIMIT });
      switch (form.intent) {
        case "rename":
          await updateList(deps, profile.id, id, parseWith(updateListSchema, { name: form.name }));
          break;
        case "share":
        case "unshare":
          await updateList(deps, profile.id, id, { shared: form.intent === "share" });
          break;
        case "delete":
          await deleteList(deps, profile.id, id);
          return ctx.redirect("/lists", 303);
        case "add": {
          const texts = parseWith(addItemsSchema, {
            items: itemLines(form.text).map((text) => ({ text })),
          });
          await addItems(deps, profile.id, id, texts);
          break;
        }
      }
      return ctx.redirect(here, 303);
    } catch (err) {
      if (!(err instanceof HttpError)) throw err;
      const list = await getList(db.kysely, profile.id, id);
      ctx.state.title = list.name;
      return page({ list, error: localizedMessage(err, ctx.state.locale) }, {
        status: err.status,
      });
    }
  },
});

export default define.page<typeof handler>(function ListPage({ data, state }) {
  return (
    <section class="lists-page">
      <p>
        <a href="/lists">← {state.t("lists.ui.title")}</a>
      </p>
      <ListView list={data.list} messages={messages(state.locale, "lists.ui.")} />
      <ListSettings list={data.list} t={state.t} error={data.error} />
    </section>
  );
});
