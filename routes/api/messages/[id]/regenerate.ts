import { requireProfile } from "../../../../lib/auth/mod.ts";
import { chatDeps } from "../../../../lib/chat/deps.ts";
import { regenerate } from "../../../../lib/chat/engine.ts";
import { regenerateSchema } from "../../../../lib/chat/schemas.ts";
import { readJson } from "../../../../lib/http/validate.ts";
import { taskResponse } from "../../../../lib/tasks/sse.ts";
import { define } from "../../../../utils.ts";

/** `POST /api/messages/{id}/regenerate`: a new reply in place of this one, streamed as SSE. */
export const handler = define.handlers({
  async POST(ctx) {
    const profile = requireProfile(ctx);
    const { model } = ctx.req.headers.get("content-length") === "0"
      ? {}
      : await readJson(ctx.req, regenerateSchema);
    const started = await regenerate(chatDeps(ctx.state.services, ctx.state.locale), {
      profileId: profile.id,
      messageId: ctx.params.id,
      model,
    });
    return taskResponse(started.task);
  },
});
