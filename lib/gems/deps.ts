/** The gem runner's dependencies, taken from the running app's services. */
import type { Locale } from "../i18n/mod.ts";
import type { AppServices } from "../services.ts";
import type { GemDeps, Retrieve } from "./run.ts";

/**
 * Builds `GemDeps` over the services; provider and default model are read at each run.
 * `retrieve` is lib/rag's retrieval bound to the services, once that lands (the lead wires it).
 */
export function gemDeps(
  services: AppServices,
  locale: Locale = "en",
  retrieve?: Retrieve,
): GemDeps {
  return {
    db: services.db,
    tasks: services.tasks,
    provider: () => services.ai,
    log: services.log,
    defaultModel: () => services.config.current.models.chat,
    contextSizes: () => services.config.current.models.contextSizes,
    assistant: { feeds: services.listFeeds, locale, now: () => services.now() },
    ...(retrieve && { retrieve }),
  };
}
