/**
 * What the admin's limits editor offers to tick for one profile: the installed chat models, the
 * tools (the assistant's and the agent's, by name), the gems, and the documents the profile could
 * read (its own and the shared ones). Bounded: the newest 500 documents.
 */
import type { Kysely } from "kysely";
import type { ChatProvider } from "../ai/types.ts";
import { ASSISTANT_TOOLS } from "../assistant/tools.ts";
import type { Database } from "../db/schema.ts";
import { listGems } from "../gems/store.ts";
import type { Locale } from "../i18n/mod.ts";
import { ALL_AGENT_TOOLS } from "../tools/mod.ts";
import type { LimitOptions } from "../../components/limits/shape.ts";

export type { LimitOptions };

/** Documents listed at most. */
const DOCUMENTS = 500;

/** Every tool name a profile could be offered, sorted (`chat` is no tool: always allowed). */
export function toolNames(): string[] {
  const names = new Set([
    ...ASSISTANT_TOOLS.list().map((t) => t.name).filter((n) => n !== "chat"),
    ...ALL_AGENT_TOOLS.map((t) => t.name),
  ]);
  return [...names].sort();
}

/** The editor's choices for profile `profileId`; no models when the model server is away. */
export async function limitOptions(
  db: Kysely<Database>,
  provider: ChatProvider,
  profileId: string,
  locale: Locale,
): Promise<LimitOptions> {
  const models = await provider.models().catch(() => []);
  const gems = await listGems(db, locale);
  const documents = await db.selectFrom("documents").select(["id", "name", "shared"])
    .where((eb) => eb.or([eb("profile_id", "=", profileId), eb("shared", "=", 1)]))
    .orderBy("created_at", "desc").limit(DOCUMENTS).execute();
  return {
    models: models.map((m) => m.name).sort(),
    tools: toolNames(),
    gems: gems.map((g) => ({ id: g.id, name: g.name, icon: g.icon })),
    documents: documents.map((d) => ({ id: d.id, name: d.name, shared: d.shared === 1 })),
  };
}
