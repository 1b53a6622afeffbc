/**
 * Embeddings for retrieval: which model makes them, and turning texts into unit vectors through
 * the provider (and so the model queue: background for ingestion, interactive for a question).
 */
import { canEmbed } from "../chat/model_context.ts";
import type { ConfigStore } from "../config/store.ts";
import type { ChatProvider } from "../ai/types.ts";
import { normalize } from "./vectors.ts";

/**
 * What to embed for a chunk: its heading path, then its text, so every passage carries its
 * document's and section's topic (a continuation chunk's text has no heading of its own).
 */
export function chunkEmbeddingText(chunk: { heading: string; text: string }): string {
  return chunk.heading ? `${chunk.heading}\n\n${chunk.text}` : chunk.text;
}

/** Texts per `embed` call: small enough that a reply never waits long behind one batch. */
export const EMBED_BATCH = 32;

/**
 * The embedding model: config `models.embedding`, else the first installed model that embeds
 * (`canEmbed`: the capability, else an `embed` name or a BERT family), else null (retrieval is then full-text only).
 */
export async function embeddingModel(
  services: { config: Pick<ConfigStore, "current">; ai: Pick<ChatProvider, "models"> },
): Promise<string | null> {
  const configured = services.config.current.models.embedding;
  if (configured) return configured;
  try {
    const models = await services.ai.models();
    return models.find(canEmbed)?.name ?? null;
  } catch {
    return null; // the model server does not answer: no vectors this time
  }
}

/** Unit vectors of `texts` with `model`, in order, `EMBED_BATCH` texts per call. */
export async function embedTexts(
  provider: ChatProvider,
  model: string,
  texts: string[],
  opts: { signal?: AbortSignal; priority?: "background" | "interactive"; owner?: string } = {},
): Promise<Float32Array[]> {
  const out: Float32Array[] = [];
  for (let i = 0; i < texts.length; i += EMBED_BATCH) {
    opts.signal?.throwIfAborted();
    const batch = texts.slice(i, i + EMBED_BATCH);
    const { embeddings } = await provider.embed(model, batch, {
      signal: opts.signal,
      priority: opts.priority ?? "background",
      owner: opts.owner,
      label: "embed",
    });
    for (const e of embeddings) out.push(normalize(Float32Array.from(e)));
  }
  return out;
}

/**
 * The `embed` of `retrieve()`'s deps for a question: the current embedding model (null when
 * there is none), at `interactive` priority, as `owner`'s request.
 */
export function questionEmbedder(
  services: { config: Pick<ConfigStore, "current">; ai: ChatProvider },
  owner?: string,
): (texts: string[], signal?: AbortSignal) => Promise<
  { model: string; vectors: Float32Array[] } | null
> {
  return async (texts, signal) => {
    const model = await embeddingModel(services);
    if (!model) return null;
    const vectors = await embedTexts(services.ai, model, texts, {
      signal,
      priority: "interactive",
      owner,
    });
    return { model, vectors };
  };
}
