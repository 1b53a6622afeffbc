import { requireProfile } from "../../../lib/auth/mod.ts";
import { canChat } from "../../../lib/chat/model_context.ts";
import type { ChatModels } from "../../../lib/chat/types.ts";
import { limitModels } from "../../../lib/limits/use.ts";
import { sameModel } from "../../../lib/ollama/modelfile.ts";
import { define } from "../../../utils.ts";

/**
 * `GET /api/chat/models`: the models a chat can use right now (not embedding models), and the
 * household default the admin chose (config `models.chat`). A limited profile sees only the
 * models it may use, and the first of them as its default when the household's is not one.
 */
export const handler = define.handlers({
  async GET(ctx) {
    const profile = requireProfile(ctx);
    const { services } = ctx.state;
    const listed = await services.ai.models();
    // What each can do (vision, thinking), from the provider's minute-long cache; unknown when
    // a model cannot be described right now.
    const all = (await Promise.all(listed.map(async (m) => {
      const described = await services.ai.describe(m.name).catch(() => null);
      return described ? { ...m, capabilities: described.capabilities } : m;
    }))).filter(canChat);
    const models = await limitModels(services.db.kysely, profile.id, all);
    // The default as Ollama lists it, so the picker finds `llama3.2:latest` for `Llama3.2`.
    const chosen = services.config.current.models.chat;
    const named = chosen ? models.find((m) => sameModel(m.name, chosen))?.name : undefined;
    const fallback = models.length < all.length ? models[0]?.name ?? "" : chosen;
    return Response.json({ models, default: named ?? fallback } satisfies ChatModels);
  },
});
