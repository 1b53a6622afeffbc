import { requireProfile } from "../../../lib/auth/mod.ts";
import { chatDeps } from "../../../lib/chat/deps.ts";
import { sendMessage } from "../../../lib/chat/engine.ts";
import { sendSchema } from "../../../lib/chat/schemas.ts";
import { readJson } from "../../../lib/http/validate.ts";
import { taskResponse } from "../../../lib/tasks/sse.ts";
import { define } from "../../../utils.ts";

/**
 * `POST /api/chat/stream`: saves the message, starts the reply as a task and streams it as SSE
 * (`meta`, `token`, `tool`, `done`, `[DONE]`; `error` on failure; every event has an `id:`).
 */
export const handler = define.handlers({
  async POST(ctx) {
    const profile = requireProfile(ctx);
    const body = await readJson(ctx.req, sendSchema);
    const started = await sendMessage(chatDeps(ctx.state.services, ctx.state.locale), {
      profileId: profile.id,
      ...body,
    });
    return taskResponse(started.task);
  },
});
