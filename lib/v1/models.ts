/**
 * The models `/v1` offers a profile: the provider's chat models (not embedding models), and the
 * household's gems as models named `gem:<slug>`, each narrowed by the profile's limits
 * (lib/limits). A gem model runs the gem's instructions as the system message, on the gem's
 * model (or the household's default), with its sampling options as defaults. A gem whose form
 * has a required field without a default is not offered: its instructions need a value.
 */
import { canChat } from "../chat/model_context.ts";
import { checkValues, renderInstructions } from "../../components/gems/fields.ts";
import { listGems } from "../gems/store.ts";
import type { Gem } from "../gems/types.ts";
import { HttpError } from "../http/errors.ts";
import { allows, limitsFor } from "../limits/check.ts";
import type { AppServices } from "../services.ts";

/** What `/v1` runs for a model name. */
export interface ResolvedModel {
  /** The name the client asked for, as `/v1/models` lists it. */
  id: string;
  /** The provider's model that answers. */
  model: string;
  /** For a gem model: the gem, and its instructions with the form's defaults in. */
  gem?: { gem: Gem; system: string };
}

/** One entry of OpenAI's model list. */
export interface V1Model {
  id: string;
  object: "model";
  created: number;
  owned_by: string;
}

/** Gem names as model ids: lower-case letters, digits and dashes. */
export function gemSlug(gem: Pick<Gem, "name" | "id">): string {
  const slug = gem.name.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
    .replace(/ß/g, "ss").replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 40);
  return slug || gem.id.slice(-8).toLowerCase();
}

/** The gem's system prompt with its fields' defaults, or null when a required value is missing. */
function gemSystem(gem: Gem): string | null {
  const { values, problems } = checkValues(gem.fields, {});
  if (problems.length) return null;
  return renderInstructions(gem.instructions, gem.fields, values).trim();
}

/** Gems as `/v1` models, `gem:<slug>` (a second gem of the same slug gets its id's end added). */
async function gemModels(services: AppServices): Promise<(ResolvedModel & { created: number })[]> {
  const gems = await listGems(services.db.kysely, services.config.current.locale);
  const taken = new Set<string>();
  const out: (ResolvedModel & { created: number })[] = [];
  for (const gem of gems) {
    const system = gemSystem(gem);
    const model = gem.model || services.config.current.models.chat;
    if (system === null || !model) continue;
    let id = `gem:${gemSlug(gem)}`;
    if (taken.has(id)) id = `${id}-${gem.id.slice(-6).toLowerCase()}`;
    taken.add(id);
    out.push({ id, model, gem: { gem, system }, created: seconds(gem.createdAt) });
  }
  return out;
}

function seconds(iso: string): number {
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? Math.floor(ms / 1000) : 0;
}

/** The provider's chat models, as the chat's model menu finds them. */
async function chatModels(services: AppServices): Promise<string[]> {
  const listed = await services.ai.models();
  const described = await Promise.all(listed.map(async (m) => {
    const d = await services.ai.describe(m.name).catch(() => null);
    return d ? { ...m, capabilities: d.capabilities } : m;
  }));
  return described.filter(canChat).map((m) => m.name);
}

/** The models the profile may use, in OpenAI's list format. */
export async function listModels(services: AppServices, profileId: string): Promise<V1Model[]> {
  const limits = await limitsFor(services.db.kysely, profileId);
  const modelOk = (name: string) => allows(limits?.models ?? null, name, true);
  const models = (await chatModels(services)).filter(modelOk);
  const gems = (await gemModels(services)).filter((g) =>
    modelOk(g.model) && allows(limits?.gems ?? null, g.gem!.gem.id)
  );
  return [
    ...models.map((id) => ({ id, object: "model" as const, created: 0, owned_by: "hearth" })),
    ...gems.map((g) => ({
      id: g.id,
      object: "model" as const,
      created: g.created,
      owned_by: "hearth",
    })),
  ];
}

/**
 * What runs for `name`: a gem model (`gem:<slug>`, or `gem:<gem id>`) or a provider model by
 * name. 404 `model_not_found` for an unknown gem; a provider model that does not exist is the
 * provider's own 404 when it is asked.
 */
export async function resolveModel(services: AppServices, name: string): Promise<ResolvedModel> {
  if (!name.startsWith("gem:")) return { id: name, model: name };
  const gems = await gemModels(services);
  const wanted = name.toLowerCase();
  const found = gems.find((g) => g.id === wanted) ??
    gems.find((g) => `gem:${g.gem!.gem.id.toLowerCase()}` === wanted);
  if (!found) {
    throw new HttpError(
      404,
      "model_not_found",
      `There is no model ${name}. GET /v1/models lists those you can use.`,
      {},
      { model: name },
    );
  }
  return { id: found.id, model: found.model, gem: found.gem };
}
