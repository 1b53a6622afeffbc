import { bakeGem } from "../../../../../../lib/gems/bake.ts";
import { getGem } from "../../../../../../lib/gems/store.ts";
import { ADMIN } from "../../../../../../lib/tasks/owner.ts";
import { taskResponse } from "../../../../../../lib/tasks/sse.ts";
import { define } from "../../../../../../utils.ts";

/**
 * `POST /api/admin/gems/{id}/bake`: builds the Ollama model `hearth-<slug>` from the gem as a
 * `create` task (SSE `progress`, then `done` `{model}`); 409 `gem_has_fields` for a gem with
 * a form.
 */
export const handler = define.handlers({
  async POST(ctx) {
    const { services, locale } = ctx.state;
    const gem = await getGem(services.db.kysely, ctx.params.id, locale);
    const task = bakeGem(services.ollama, services.tasks, {
      owner: ADMIN,
      gem,
      defaultModel: services.config.current.models.chat,
    });
    return taskResponse(task);
  },
});
