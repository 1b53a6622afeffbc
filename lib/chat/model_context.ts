/**
 * One context size per model. Ollama reloads a model whenever a request's runner options differ
 * from those it was loaded with (a different `num_ctx` above all), which costs seconds to minutes
 * on a small box. So every request Hearth sends to one model (the reply, its title, a summary)
 * carries the same `num_ctx`, or none, decided here in one place:
 *
 * 1. a `num_ctx` baked into the model (a custom model's Modelfile) is the model's own decision:
 *    Hearth sends nothing and budgets with it;
 * 2. else the admin's choice for this model (config `models.contextSizes`);
 * 3. else the catalogue's context for a model Hearth knows (`defaultContext`);
 * 4. else nothing is sent, and Hearth budgets with Ollama's own default of 4096 tokens.
 *
 * (An OpenAI-compatible server gets no `num_ctx` at all; Hearth budgets with the admin's size or
 * 8192.)
 *
 * A size is never above what the model was trained for.
 */
import type { ChatProvider, ModelDescription, ModelInfo } from "../ai/types.ts";
import { normalizeModelName, sameModel } from "../ollama/modelfile.ts";
import { DEFAULT_CHAT_CONTEXT, findModel } from "../system/catalogue.ts";

/** Ollama's context when a request and the model say nothing (`OLLAMA_CONTEXT_LENGTH` unset). */
export const OLLAMA_DEFAULT_CONTEXT = 4096;

/** What to send and what to plan with. */
export interface ModelContext {
  /** `num_ctx` to send; undefined leaves the model's own setting. */
  numCtx?: number;
  /** The window the prompt must fit, for Hearth's history budget. */
  budget: number;
  /** Where the size came from. */
  source: "model" | "admin" | "catalogue" | "default";
  /** The model's description, when the provider could give one (capabilities). */
  description: ModelDescription | null;
}

/** The admin's size for `model` (names compare as Ollama's do: case and `:latest` aside). */
function adminSize(sizes: Record<string, number>, model: string): number | undefined {
  return Object.entries(sizes).find(([name]) => sameModel(name, model))?.[1];
}

/** Decides the context of `model`; asks the provider (cached) what the model says of itself. */
export async function modelContext(
  provider: ChatProvider,
  model: string,
  adminSizes: Record<string, number> = {},
  signal?: AbortSignal,
): Promise<ModelContext> {
  // A model that cannot be described now still gets its reply; the chat call will say why not.
  const description = await provider.describe(model, { signal }).catch(() => null);
  const trained = description?.contextLength;
  const fit = (n: number) => (trained ? Math.min(n, trained) : n);
  if (description?.numCtx) {
    return { budget: description.numCtx, source: "model", description };
  }
  const admin = adminSize(adminSizes, model);
  if (admin && provider.kind !== "ollama") {
    return { budget: admin, source: "admin", description };
  }
  if (admin) return { numCtx: fit(admin), budget: fit(admin), source: "admin", description };
  if (provider.kind !== "ollama") {
    // An OpenAI-compatible server fixed its context when it started and says nothing of it.
    return { budget: DEFAULT_CHAT_CONTEXT, source: "default", description };
  }
  const known = findModel(normalizeModelName(model).toLowerCase());
  if (known) {
    const size = fit(known.defaultContext);
    return { numCtx: size, budget: size, source: "catalogue", description };
  }
  return { budget: fit(OLLAMA_DEFAULT_CONTEXT), source: "default", description };
}

/**
 * Whether a chat can use `model`: Ollama's capabilities say `completion` (an embedding model says
 * only `embedding`); without them (an OpenAI-compatible server, a model that cannot be described
 * now), its name or family must not say it embeds.
 */
export function canChat(model: Pick<ModelInfo, "name" | "family" | "capabilities">): boolean {
  const caps = model.capabilities ?? [];
  if (caps.includes("completion")) return true;
  if (caps.includes("embedding")) return false;
  return !/embed/i.test(model.name) && !/bert$/i.test(model.family ?? "");
}

/**
 * Whether a model makes embeddings: Ollama's `embedding` capability when the server says (its
 * `/api/tags` does not), else the same signs as `canChat` reads the other way (an `embed` name,
 * a BERT family).
 */
export function canEmbed(model: Pick<ModelInfo, "name" | "family" | "capabilities">): boolean {
  const caps = model.capabilities ?? [];
  if (caps.includes("embedding")) return true;
  if (caps.includes("completion")) return false;
  return !canChat(model);
}
