import { z } from "zod";
import { SMALL_JSON_LIMIT } from "../../../../../lib/http/body.ts";
import { readJson } from "../../../../../lib/http/validate.ts";
import { modelName, sameModel } from "../../../../../lib/ollama/mod.ts";
import { startPullTask } from "../../../../../lib/ollama/tasks.ts";
import { ADMIN } from "../../../../../lib/tasks/owner.ts";
import { taskResponse } from "../../../../../lib/tasks/sse.ts";
import { define } from "../../../../../utils.ts";

const PullBody = z.strictObject({ model: modelName });

/**
 * `POST /api/admin/ollama/pull {model}`: downloads a model as SSE: `progress` events (status,
 * completed, total, percent, bytesPerSecond), then `done` or `error`, then `[DONE]`. The
 * download runs on the server; the `X-Hearth-Task` header names the task for resume and cancel.
 * Pulling a model that is already being pulled attaches to that download.
 */
export const handler = define.handlers({
  async POST(ctx) {
    const { model } = await readJson(ctx.req, PullBody, { limit: SMALL_JSON_LIMIT });
    const { ollama, tasks } = ctx.state.services;
    const running = tasks.list(ADMIN, "pull").find((t) =>
      t.running && sameModel(String(t.meta.model), model)
    );
    return taskResponse(running ?? startPullTask(ollama, tasks, { owner: ADMIN, model }));
  },
});
