/** The gem runner's dependencies, taken from the running app's services. */
import type { AppServices } from "../services.ts";
import type { GemDeps, Retrieve } from "./run.ts";

/**
 * Builds `GemDeps` over the services; provider and default model are read at each run.
 * `retrieve` is lib/rag's retrieval bound to the services, once that lands (the lead wires it).
 */
export function gemDeps(services: AppServices, retrieve?: Retrieve): GemDeps {
  return {
    db: services.db,
    tasks: services.tasks,
    provider: () => services.ai,
    log: services.log,
    defaultModel: () => services.config.current.models.chat,
    contextSizes: () => services.config.current.models.contextSizes,
    ...(retrieve && { retrieve }),
  };
}
