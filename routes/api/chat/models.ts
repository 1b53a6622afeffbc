import { requireProfile } from "../../../lib/auth/mod.ts";
import { canChat } from "../../../lib/chat/model_context.ts";
import type { ChatModels } from "../../../lib/chat/types.ts";
import { sameModel } from "../../../lib/ollama/modelfile.ts";
import { define } from "../../../utils.ts";

/**
 * `GET /api/chat/models`: the models a chat can use right now (not embedding models), and the
 * household default the admin chose (config `models.chat`).
 */
export const handler = define.handlers({
  async GET(ctx) {
    requireProfile(ctx);
    const { services } = ctx.state;
    const listed = await services.ai.models();
    // What each can do (vision, thinking), from the provider's minute-long cache; unknown when
    // a model cannot be described right now.
    const models = (await Promise.all(listed.map(async (m) => {
      const described = await services.ai.describe(m.name).catch(() => null);
      return described ? { ...m, capabilities: described.capabilities } : m;
    }))).filter(canChat);
    // The default as Ollama lists it, so the picker finds `llama3.2:latest` for `Llama3.2`.
    const chosen = services.config.current.models.chat;
    const named = chosen ? models.find((m) => sameModel(m.name, chosen))?.name : undefined;
    return Response.json({ models, default: named ?? chosen } satisfies ChatModels);
  },
});
