import { z } from "zod";
import { readJson } from "../../../../../../lib/http/validate.ts";
import { modelName } from "../../../../../../lib/ollama/mod.ts";
import { startCreateTask } from "../../../../../../lib/ollama/tasks.ts";
import { ADMIN } from "../../../../../../lib/tasks/owner.ts";
import { taskResponse } from "../../../../../../lib/tasks/sse.ts";
import { define } from "../../../../../../utils.ts";

const CreateBody = z.strictObject({
  name: modelName,
  base: modelName,
  system: z.string().max(100_000).optional(),
  numCtx: z.number().int().min(256).max(1_048_576).optional(),
  temperature: z.number().min(0).max(2).optional(),
});

/**
 * `POST /api/admin/ollama/models {name, base, system?, numCtx?, temperature?}`: builds a custom model
 * as SSE (`progress` events with Ollama's status lines, then `done` or `error`, `[DONE]`). An
 * existing model of that name is rebuilt, e.g. with a new context size.
 */
export const handler = define.handlers({
  async POST(ctx) {
    const body = await readJson(ctx.req, CreateBody);
    const { ollama, tasks } = ctx.state.services;
    return taskResponse(startCreateTask(ollama, tasks, { owner: ADMIN, ...body }));
  },
});
