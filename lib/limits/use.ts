/**
 * What a limited profile is offered (SPEC §3): the tools given to the model, the models in the
 * menu, and the refusal of a document it could otherwise read. The checks themselves are in
 * `check.ts`; these are the filters the routes and turns apply before anything is offered.
 */
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { ToolRegistry } from "../assistant/registry.ts";
import { decide } from "../documents/access.ts";
import { allows, checkUse, limitsFor } from "./check.ts";

type DB = Kysely<Database>;

/** The tool names the profile may use (null: all). */
export async function allowedTools(db: DB, profileId: string): Promise<string[] | null> {
  return (await limitsFor(db, profileId))?.tools ?? null;
}

/**
 * Of `tools`, those `allowed` names (null: all). `always` names stay whatever the list says
 * (the assistant's `chat`, which is no tool but the choice to answer plainly).
 */
export function limitTools<T extends { name: string }>(
  tools: readonly T[],
  allowed: readonly string[] | null,
  always: readonly string[] = [],
): T[] {
  if (allowed === null) return [...tools];
  return tools.filter((t) => always.includes(t.name) || allowed.includes(t.name));
}

/** Of `models` (by `name`), those the profile may chat with; names ignore case. */
export async function limitModels<T extends { name: string }>(
  db: DB,
  profileId: string,
  models: readonly T[],
): Promise<T[]> {
  const allowed = (await limitsFor(db, profileId))?.models ?? null;
  return models.filter((m) => allows(allowed, m.name, true));
}

/**
 * Refuses (403 `limit_document`) document `id` when the profile could read it but its limits do
 * not allow it; a document it could not read anyway is left to the caller's 404.
 */
export async function refuseDocument(db: DB, profileId: string, id: string): Promise<void> {
  const row = await db.selectFrom("documents").select(["profile_id", "shared", "name"])
    .where("id", "=", id).executeTakeFirst();
  if (!row || decide(row, profileId, "read") === "hidden") return;
  await checkUse(db, profileId, "documents", id, row.name);
}

/** `registry` with only the tools `allowed` names (null: the registry itself). */
export function limitRegistry<C, R>(
  registry: ToolRegistry<C, R>,
  allowed: readonly string[] | null,
): ToolRegistry<C, R> {
  return allowed === null ? registry : new ToolRegistry(limitTools(registry.list(), allowed));
}

/** Of `gems`, those the profile may run. */
export async function limitGems<T extends { id: string }>(
  db: DB,
  profileId: string,
  gems: readonly T[],
): Promise<T[]> {
  const allowed = (await limitsFor(db, profileId))?.gems ?? null;
  return gems.filter((g) => allows(allowed, g.id));
}
