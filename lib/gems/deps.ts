/** The gem runner's dependencies, taken from the running app's services. */
import { modelDeps } from "../chat/deps.ts";
import type { Locale } from "../i18n/mod.ts";
import { questionEmbedder } from "../rag/embed.ts";
import { retrieve as retrieveFrom } from "../rag/retrieve.ts";
import type { AppServices } from "../services.ts";
import type { GemDeps, Retrieve } from "./run.ts";

/**
 * Builds `GemDeps` over the services; provider and default model are read at each run. A gem's
 * documents are searched by lib/rag's hybrid retrieval (only what the running profile may read);
 * `retrieve` replaces it (tests).
 */
export function gemDeps(
  services: AppServices,
  locale: Locale = "en",
  retrieve?: Retrieve,
): GemDeps {
  return {
    ...modelDeps(services),
    assistant: { feeds: services.listFeeds, locale, now: () => services.now() },
    retrieve: retrieve ?? ((req) =>
      retrieveFrom({
        db: services.db,
        index: services.vectors,
        embed: questionEmbedder(services, req.profileId),
        onEmbedError: (error) =>
          services.log.warn("a gem's question could not be embedded", { error: String(error) }),
      }, req)),
  };
}
