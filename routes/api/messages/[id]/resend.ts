import { requireProfile } from "../../../../lib/auth/mod.ts";
import { chatDeps } from "../../../../lib/chat/deps.ts";
import { editAndResend } from "../../../../lib/chat/engine.ts";
import { editMessageSchema } from "../../../../lib/chat/schemas.ts";
import { readJson } from "../../../../lib/http/validate.ts";
import { taskResponse } from "../../../../lib/tasks/sse.ts";
import { define } from "../../../../utils.ts";

/** `POST /api/messages/{id}/resend`: edit one of your messages and get a new reply (SSE). */
export const handler = define.handlers({
  async POST(ctx) {
    const profile = requireProfile(ctx);
    const body = await readJson(ctx.req, editMessageSchema);
    const started = await editAndResend(chatDeps(ctx.state.services, ctx.state.locale), {
      profileId: profile.id,
      messageId: ctx.params.id,
      ...body,
    });
    return taskResponse(started.task);
  },
});
