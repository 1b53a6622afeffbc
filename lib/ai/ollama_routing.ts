/**
 * Which Ollama host should answer a request: the same rule as `RealOllamaService.hostFor`
 * (a reachable host that has the model, one with it loaded first), but returning every
 * candidate in order, so a host that fails before the first token can be failed over.
 */
import { type CallLimits, requestJson } from "../ollama/http.ts";
import { modelKey } from "../ollama/modelfile.ts";
import type { WireModelList } from "../ollama/wire.ts";
import { ProviderError } from "./errors.ts";
import { abortable } from "../async.ts";

/** A host that has the model. */
export interface HostCandidate {
  url: string;
  /** The name the host lists the model under, which Hearth sends (Ollama's own spelling). */
  name?: string;
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

/**
 * True when `list` names `model` as Ollama matches names (`Llama3.2` and `llama3.2:latest` are
 * the same: the tag filled in, case ignored).
 */
export function listsModel(list: WireModelList | undefined, model: string): boolean {
  return listedName(list, model) !== undefined;
}

/** The name `list` has `model` under (`Llama3.2` is listed as `llama3.2:latest`), if any. */
export function listedName(list: WireModelList | undefined, model: string): string | undefined {
  const wanted = modelKey(model);
  const hit = (list?.models ?? []).find((m) => modelKey(m.name ?? m.model ?? "") === wanted);
  return hit ? hit.name ?? hit.model : undefined;
}

/**
 * The hosts that have `model`, those with it loaded first, otherwise in configuration order.
 * Throws `upstream_unreachable` when no host answers and `model_not_found` when none has it.
 */
export function rankListings(
  hosts: string[],
  listings: HostListing[],
  model: string,
): HostCandidate[] {
  const candidates = listings
    .filter((l) => l.tags && listsModel(l.tags, model))
    .map((l) => ({ url: l.url, loaded: listsModel(l.ps, model), name: listedName(l.tags, model) }));
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
      {},
      `The model "${model}" is not installed.`,
    );
  }
  return [...candidates.filter((c) => c.loaded), ...candidates.filter((c) => !c.loaded)];
}

/** `rankListings` over a fresh listing of every host. */
export async function rankHosts(
  hosts: string[],
  model: string,
  limits: CallLimits,
): Promise<HostCandidate[]> {
  const listings = await listHosts(hosts, limits);
  // A cancel during routing makes every host look dead; report the cancel instead.
  limits.signal?.throwIfAborted();
  return rankListings(hosts, listings, model);
}

/** How long a listing of the hosts answers routing questions (default of `HostRouter`). */
export const ROUTING_TTL_MS = 2_000;

/**
 * Routing for a provider: one listing of every host (`/api/tags` + `/api/ps`) serves all
 * requests for a couple of seconds, and requests that arrive while it is in flight share it.
 * Listing per request cost two upstream calls and ~0.35 ms of Hearth's CPU per chat, so a burst
 * of chats (an office after lunch, a benchmark) spent its time asking the same question.
 *
 * A remembered listing can be stale in two ways, both handled: a model pulled a moment ago is
 * missing (no candidate → list again at once), and a model may have been unloaded since (then
 * the chat only shows "reading" where it is loading; the first-token deadline is the same).
 * `forget()` drops the listing, e.g. when a host failed.
 */
export class HostRouter {
  #entry: { startedAt: number; settled: boolean; listings: Promise<HostListing[]> } | null = null;

  /**
   * @param limits Of the listing calls (the provider's connect deadline). A listing is shared by
   *   every caller, so it carries no caller's signal: each caller stops waiting on its own.
   */
  constructor(
    readonly hosts: string[],
    readonly limits: Omit<CallLimits, "signal">,
    readonly opts: { ttlMs?: number; now?: () => number } = {},
  ) {}

  /** The candidates for `model`, best first (see `rankListings` for the errors). */
  async rank(model: string, signal?: AbortSignal): Promise<HostCandidate[]> {
    signal?.throwIfAborted();
    const entry = this.#current();
    const remembered = entry.settled;
    let listings = await abortable(entry.listings, signal);
    if (!remembered) return rankListings(this.hosts, listings, model);
    try {
      return rankListings(this.hosts, listings, model);
    } catch {
      // Not in the remembered listing: it may be new, or a host may be back. Ask again.
      if (this.#entry === entry) this.#entry = null;
      listings = await abortable(this.#current().listings, signal);
      return rankListings(this.hosts, listings, model);
    }
  }

  /** Drops the remembered listing; the next request lists the hosts again. */
  forget(): void {
    if (this.#entry?.settled) this.#entry = null;
  }

  #current() {
    const at = (this.opts.now ?? performance.now.bind(performance))();
    const entry = this.#entry;
    const ttl = this.opts.ttlMs ?? ROUTING_TTL_MS;
    if (entry && (!entry.settled || at - entry.startedAt <= ttl)) return entry;
    const fresh = { startedAt: at, settled: false, listings: listHosts(this.hosts, this.limits) };
    this.#entry = fresh;
    fresh.listings.then((listings) => {
      fresh.settled = true;
      // A listing where no host answered is not worth remembering.
      if (listings.every((l) => !l.tags) && this.#entry === fresh) this.#entry = null;
    });
    return fresh;
  }
}
