/** The chat engine's dependencies, taken from the running app's services. */
import { assistantContext, assistantTurn } from "../assistant/turn.ts";
import { type AgentDeps, agentTurn } from "../agent/loop.ts";
import type { AgentParts } from "../agent/deps.ts";
import type { Locale } from "../i18n/mod.ts";
import { documentContext, servicesRetrieve } from "../rag/chat.ts";
import type { AppServices } from "../services.ts";
import type { ChatDeps } from "./engine.ts";

/**
 * What a chat reply and a gem run both take from the services: database, tasks, log, and the
 * provider, default model and context sizes as the config says at each call.
 */
export function modelDeps(
  services: AppServices,
): Pick<ChatDeps, "db" | "tasks" | "provider" | "log" | "defaultModel" | "contextSizes" | "now"> {
  return {
    db: services.db,
    tasks: services.tasks,
    provider: () => services.ai,
    log: services.log,
    defaultModel: () => services.config.current.models.chat,
    contextSizes: () => services.config.current.models.contextSizes,
    now: () => services.now(),
  };
}

/**
 * Builds `ChatDeps` over the services; provider and default model are read at each reply.
 * `locale` is the request's language, which assistant-mode replies answer in. Replies read the
 * conversation's and `#named` documents (lib/rag/chat.ts).
 */
export function chatDeps(services: AppServices, locale: Locale = "en"): ChatDeps {
  const retrieve = servicesRetrieve(services, services.vectors);
  return {
    ...modelDeps(services),
    replyReady: (reply) => void services.push.replyReady(reply),
    assistant: (turn) =>
      assistantTurn({
        db: services.db,
        feeds: services.listFeeds,
        locale,
        now: () => services.now(),
        retrieve,
      }, turn),
    documents: (turn) =>
      documentContext({ db: services.db, provider: () => services.ai, retrieve }, turn),
    agent: (turn) => agentTurn(agentDeps(services, locale, services.agentParts), turn),
  };
}

/**
 * The agent's dependencies: the services' database, log, clock and approvals, the assistant's
 * context for its tools, and `services.agentParts`.
 */
export function agentDeps(services: AppServices, locale: Locale, parts: AgentParts): AgentDeps {
  const retrieve = servicesRetrieve(services, services.vectors);
  return {
    db: services.db,
    log: services.log,
    locale,
    now: () => services.now(),
    approvals: services.approvals,
    assistantContext: (profileId, messageId) =>
      assistantContext(
        {
          db: services.db,
          feeds: services.listFeeds,
          locale,
          now: () => services.now(),
          retrieve,
        },
        profileId,
        messageId,
      ),
    ...parts,
  };
}
