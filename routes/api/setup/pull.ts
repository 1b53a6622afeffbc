import { z } from "zod";
import { SMALL_JSON_LIMIT } from "../../../lib/http/body.ts";
import { readJson } from "../../../lib/http/validate.ts";
import { modelName } from "../../../lib/ollama/mod.ts";
import { startSetupPull } from "../../../lib/setup/mod.ts";
import { taskResponse } from "../../../lib/tasks/sse.ts";
import { define } from "../../../utils.ts";

const PullBody = z.strictObject({ model: modelName });

/**
 * `POST /api/setup/pull {model}`: downloads a model as SSE: `progress` events (status, digest,
 * completed, total, percent, bytesPerSecond), then `done` or `error`, then `[DONE]`. The
 * download runs on the server; `X-Hearth-Task` names the task, which
 * `GET /api/tasks/{id}/stream` resumes. The same model again attaches to the running
 * download; another one while it runs is 409 `setup_pull_running`.
 */
export const handler = define.handlers({
  async POST(ctx) {
    const { model } = await readJson(ctx.req, PullBody, { limit: SMALL_JSON_LIMIT });
    return taskResponse(startSetupPull(ctx.state.services, model));
  },
});
