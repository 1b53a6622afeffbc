import GemEditor from "../../../islands/GemEditor.tsx";
import { canChat } from "../../../lib/chat/model_context.ts";
import { GEM_TOOLS, listGems } from "../../../lib/gems/store.ts";
import { messages } from "../../../lib/i18n/mod.ts";
import { page } from "../../../lib/web/define.ts";
import { define } from "../../../utils.ts";

/** `GET /admin/gems`: the household's gems, to create, edit, delete and bake. */
export const handler = define.handlers({
  async GET(ctx) {
    const { services, locale } = ctx.state;
    ctx.state.title = ctx.state.t("gems.admin.title");
    const models = await services.ai.models().catch(() => []);
    // Only what the household shares: a profile's private documents are not the admin's to list.
    const db = services.db.kysely;
    const folders = await db.selectFrom("document_folders").select(["id", "name"])
      .where("shared", "=", 1).orderBy("name").execute();
    const documents = await db.selectFrom("documents").select(["id", "name"])
      .where("shared", "=", 1).orderBy("name").limit(500).execute();
    return page({
      gems: await listGems(services.db.kysely, locale),
      models: models.filter(canChat).map((m) => m.name),
      tools: [...GEM_TOOLS],
      library: [
        ...folders.map((f) => ({ id: f.id, name: f.name, folder: true })),
        ...documents.map((d) => ({ id: d.id, name: d.name, folder: false })),
      ],
    });
  },
});

export default define.page<typeof handler>(function AdminGems({ data, state: { t, locale } }) {
  return (
    <>
      <p class="auth-crumb">
        <a href="/admin">← {t("auth.admin.back")}</a>
      </p>
      <h1>{t("gems.admin.title")}</h1>
      <p class="muted">{t("gems.admin.text")}</p>
      <GemEditor
        gems={data.gems}
        models={data.models}
        tools={data.tools}
        library={data.library}
        messages={{ ...messages(locale, "gems.admin."), ...messages(locale, "gems.ui.") }}
      />
    </>
  );
});
