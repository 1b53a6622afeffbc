/** The chat engine's dependencies, taken from the running app's services. */
import type { AppServices } from "../services.ts";
import type { ChatDeps } from "./engine.ts";

/** Builds `ChatDeps` over the services; provider and default model are read at each reply. */
export function chatDeps(services: AppServices): ChatDeps {
  return {
    db: services.db,
    tasks: services.tasks,
    provider: () => services.ai,
    log: services.log,
    defaultModel: () => services.config.current.models.chat,
    contextSizes: () => services.config.current.models.contextSizes,
    replyReady: (reply) => void services.push.replyReady(reply),
  };
}
