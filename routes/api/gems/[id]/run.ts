import { requireProfile } from "../../../../lib/auth/mod.ts";
import { gemDeps } from "../../../../lib/gems/deps.ts";
import { startGemRun } from "../../../../lib/gems/run.ts";
import { runInput } from "../../../../lib/gems/schemas.ts";
import { getGem } from "../../../../lib/gems/store.ts";
import { readJson } from "../../../../lib/http/validate.ts";
import { taskResponse } from "../../../../lib/tasks/sse.ts";
import { define } from "../../../../utils.ts";

/** A run's values: long texts fit, photos go by id. */
const RUN_LIMIT = 512 * 1000;

/**
 * `POST /api/gems/{id}/run {values, attachments?}`: checks the values against the gem's form
 * (422 naming the field), starts the run as a task and streams it as SSE (`meta` with `runId`,
 * `wait`, `thinking`, `token`, `retry`, `done` or `error`); `X-Hearth-Task` names the task for
 * resume and cancel through `/api/tasks/{id}`.
 */
export const handler = define.handlers({
  async POST(ctx) {
    const profile = requireProfile(ctx);
    const { services, locale } = ctx.state;
    const body = await readJson(ctx.req, runInput, { limit: RUN_LIMIT });
    const gem = await getGem(services.db.kysely, ctx.params.id, locale);
    const started = await startGemRun(gemDeps(services, locale), {
      profileId: profile.id,
      gem,
      values: body.values,
      attachments: body.attachments,
    });
    return taskResponse(started.task);
  },
});
