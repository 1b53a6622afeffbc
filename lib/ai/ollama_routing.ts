/**
 * Which Ollama host should answer a request: the same rule as `RealOllamaService.hostFor`
 * (a reachable host that has the model, one with it loaded first), but returning every
 * candidate in order, so a host that fails before the first token can be failed over.
 */
import { type CallLimits, requestJson } from "../ollama/http.ts";
import { normalizeModelName } from "../ollama/modelfile.ts";
import type { WireModelList } from "../ollama/wire.ts";
import { ProviderError } from "./errors.ts";

/** A host that has the model. */
export interface HostCandidate {
  url: string;
  /** The model is in memory there, so the first token comes without a load. */
  loaded: boolean;
}

/** What one host lists: its installed and its loaded models. */
export interface HostListing {
  url: string;
  /** Undefined when the host did not answer. */
  tags?: WireModelList;
  ps?: WireModelList;
  error?: string;
}

/** Asks every host for `/api/tags` and `/api/ps` at once; never throws for a dead host. */
export function listHosts(hosts: string[], limits: CallLimits): Promise<HostListing[]> {
  return Promise.all(hosts.map(async (url): Promise<HostListing> => {
    // allSettled, not all: a failed tags call must not leave the ps call running unobserved.
    const [tags, ps] = await Promise.allSettled([
      requestJson<WireModelList>(url, "GET", "/api/tags", undefined, limits),
      requestJson<WireModelList>(url, "GET", "/api/ps", undefined, limits),
    ]);
    if (tags.status === "rejected") {
      return {
        url,
        error: tags.reason instanceof Error ? tags.reason.message : String(tags.reason),
      };
    }
    return { url, tags: tags.value ?? {}, ps: ps.status === "fulfilled" ? ps.value ?? {} : {} };
  }));
}

/** True when `list` names `model` (`llama3.2` and `llama3.2:latest` are the same). */
export function listsModel(list: WireModelList | undefined, model: string): boolean {
  const wanted = normalizeModelName(model);
  return (list?.models ?? []).some((m) => normalizeModelName(m.name ?? m.model ?? "") === wanted);
}

/**
 * The hosts that have `model`, those with it loaded first, otherwise in configuration order.
 * Throws `upstream_unreachable` when no host answers and `model_not_found` when none has it.
 */
export async function rankHosts(
  hosts: string[],
  model: string,
  limits: CallLimits,
): Promise<HostCandidate[]> {
  const listings = await listHosts(hosts, limits);
  // A cancel during routing makes every host look dead; report the cancel instead.
  limits.signal?.throwIfAborted();
  const candidates = listings
    .filter((l) => l.tags && listsModel(l.tags, model))
    .map((l) => ({ url: l.url, loaded: listsModel(l.ps, model) }));
  if (candidates.length === 0) {
    if (listings.every((l) => !l.tags)) {
      throw new ProviderError(
        "upstream_unreachable",
        `No configured Ollama host answers (${hosts.join(", ")}).`,
        { upstreamMessage: listings.map((l) => `${l.url}: ${l.error}`).join("; ") },
      );
    }
    throw new ProviderError(
      "model_not_found",
      `No reachable Ollama host has the model "${model}". Pull it first.`,
    );
  }
  return [...candidates.filter((c) => c.loaded), ...candidates.filter((c) => !c.loaded)];
}
