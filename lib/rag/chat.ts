/**
 * Documents in chat: the retrieval step of a reply. The documents of a turn are the
 * conversation's ("use this document", `conversation_documents`) that the profile may still read,
 * and those its message names by `#name` (lib/documents/mentions.ts). None: no retrieval and no
 * cost. Otherwise a follow-up is rewritten into a standalone query (lib/rag/rewrite.ts), the
 * passages are retrieved from those documents only, and the reply gets a **context block** (the
 * passages, numbered, with the instruction to cite them as `[n]`) for its system message, and
 * the `SourceRef`s the reply keeps in `meta.sources`.
 *
 * The block is never stored as a message nor sent back as history: every turn retrieves again
 * for its own question. It takes at most `BLOCK_SHARE` of the model's window (estimated as
 * lib/chat/context.ts does), so `buildContext` still has room for the question and recent history.
 */
import type { ChatProvider } from "../ai/types.ts";
import type { Db } from "../db/mod.ts";
import type { SourceRef } from "../documents/types.ts";
import { readableDocuments } from "../documents/access.ts";
import { findMentions } from "../documents/mentions.ts";
import { usesDocuments } from "../documents/conversation_documents.ts";
import { estimateTokens } from "../chat/context.ts";
import type { ModelContext } from "../chat/model_context.ts";
import { rewriteQuestion } from "./rewrite.ts";
import { type Passage, retrieve, type RetrieveRequest } from "./retrieve.ts";
import { embeddingModel, embedTexts } from "./embed.ts";
import type { VectorIndex } from "./vectors.ts";
import type { ConfigStore } from "../config/store.ts";
import { HttpError } from "../http/errors.ts";

export type { Passage } from "./retrieve.ts";

/**
 * Hybrid retrieval over the chunks `profileId` may read (lib/rag/retrieve.ts `retrieve`, its
 * `deps` bound: `servicesRetrieve`); `documents` limits it to those.
 */
export type Retrieve = (req: RetrieveRequest) => Promise<Passage[]>;

/**
 * `retrieve` over the app's database, vector index and embedding model. The question is embedded
 * at `interactive` priority (a person waits); without an embedding model, or when embedding
 * fails, retrieval is full-text only rather than no answer.
 */
export function servicesRetrieve(
  services: {
    db: Db;
    ai: ChatProvider;
    config: Pick<ConfigStore, "current">;
  },
  index: VectorIndex,
): Retrieve {
  const embed = async (texts: string[], signal?: AbortSignal, owner?: string) => {
    const model = await embeddingModel(services);
    if (!model) return null;
    try {
      const vectors = await embedTexts(services.ai, model, texts, {
        signal,
        priority: "interactive",
        owner,
      });
      return { model, vectors };
    } catch (err) {
      signal?.throwIfAborted();
      if (err instanceof Error && !(err instanceof HttpError)) throw err;
      return null;
    }
  };
  return (req) =>
    retrieve({
      db: services.db,
      index,
      embed: (texts, signal) => embed(texts, signal, req.profileId),
    }, req);
}

/** One reply's turn, as the chat engine hands it over (`ChatDeps.documents`). */
export interface DocumentTurn {
  profileId: string;
  conversationId: string;
  /** The user's message this reply answers. */
  question: string;
  /** The conversation before it, oldest first. */
  history: { role: "user" | "assistant"; content: string }[];
  model: string;
  signal: AbortSignal;
  /** The reply's model context: the rewrite sends the same `num_ctx`; the block fits its budget. */
  context?: ModelContext;
  /** Whether the conversation uses documents, if the reply's start already looked (`usesDocuments`). */
  linked?: boolean;
}

/** What a turn with documents adds to the reply. */
export interface DocumentContext {
  sources: SourceRef[];
  /** The context block for the system message. */
  context: string;
}

/** What the retrieval step needs. */
export interface DocumentDeps {
  db: Db;
  provider(): ChatProvider;
  retrieve: Retrieve;
}

/** Passages retrieved per turn. */
export const TURN_PASSAGES = 6;
/** The share of the model's window the block may take at most. */
export const BLOCK_SHARE = 0.4;
/** Characters of one passage the block carries at most. */
const PASSAGE_CHARS = 3000;
/** Characters of a source's excerpt (the citation's tooltip). */
const EXCERPT_CHARS = 200;
/** The window assumed when the reply's context is not known (Ollama's default). */
const DEFAULT_BUDGET = 4096;

/** The block's first line (the Fake Ollama recognises it: lib/ollama/fake_demo.ts). */
export const SOURCES_HEADER = "Sources from the user's documents";
const INSTRUCTION = `${SOURCES_HEADER} for the question below. Use these sources to answer ` +
  "and cite each one you use as [n], for example [1]. When they do not answer the question, " +
  "say so.";

const flat = (text: string) => text.replace(/\s+/g, " ").trim();

/**
 * The documents of a turn: the conversation's that `profileId` may read, then those `question`
 * names by `#name`, each once. The conversation must be the profile's (the engine checked it;
 * another profile's conversation lends no documents here either).
 */
export async function turnDocuments(
  db: Db,
  profileId: string,
  conversationId: string,
  question: string,
  linked?: boolean,
): Promise<{ id: string; name: string }[]> {
  // Most conversations have no documents: a look at the link table's key settles that, without
  // the join, its sort and the limits' subquery (which cost ~0.1–0.3 ms on every reply's start).
  linked ??= await usesDocuments(db.kysely, conversationId);
  const attached = !linked ? [] : await readableDocuments(db.kysely, profileId)
    .innerJoin("conversation_documents as cd", "cd.document_id", "documents.id")
    .innerJoin("conversations as c", "c.id", "cd.conversation_id")
    .where("cd.conversation_id", "=", conversationId)
    .where("c.profile_id", "=", profileId)
    .select(["documents.id as id", "documents.name as name"])
    .orderBy("cd.created_at").orderBy("documents.id").execute();
  const mentioned = await findMentions(db, profileId, question);
  return [...attached, ...mentioned.filter((m) => !attached.some((a) => a.id === m.id))];
}

/**
 * The block and its sources from `passages` (best first) within `maxTokens`: passages are added
 * while they fit, the first always (cut to fit). Numbered from 1 in that order.
 */
export function sourcesBlock(
  passages: readonly Passage[],
  names: readonly string[],
  maxTokens: number,
): DocumentContext {
  if (!passages.length) {
    return {
      sources: [],
      context: `${SOURCES_HEADER}: no passage of ${
        names.map((n) => `“${n}”`).join(", ")
      } matches the question below. Say that these documents do not answer it.`,
    };
  }
  let context = INSTRUCTION;
  const sources: SourceRef[] = [];
  for (const p of passages) {
    const n = sources.length + 1;
    const title = `[${n}] ${flat(p.name)}${p.heading ? ` — ${flat(p.heading)}` : ""}`;
    let text = p.text.trim().slice(0, PASSAGE_CHARS);
    let next = `${context}\n\n${title}\n${text}`;
    if (estimateTokens(next) > maxTokens) {
      if (n > 1) break;
      // The best passage goes in even when it alone is too long: its start.
      const room = Math.max(maxTokens - estimateTokens(`${context}\n\n${title}\n`), 32);
      text = text.slice(0, Math.floor(room * 3));
      next = `${context}\n\n${title}\n${text}`;
    }
    context = next;
    const excerpt = flat(p.text);
    sources.push({
      n,
      documentId: p.documentId,
      name: p.name,
      chunk: p.chunkId,
      heading: p.heading,
      excerpt: excerpt.length > EXCERPT_CHARS ? `${excerpt.slice(0, EXCERPT_CHARS - 1)}…` : excerpt,
    });
  }
  return { sources, context };
}

/**
 * The retrieval step of one reply (see the module comment): null when the turn has no documents
 * (nothing is asked of any model then), else the context block and its sources.
 */
export async function documentContext(
  deps: DocumentDeps,
  turn: DocumentTurn,
): Promise<DocumentContext | null> {
  const docs = await turnDocuments(
    deps.db,
    turn.profileId,
    turn.conversationId,
    turn.question,
    turn.linked,
  );
  if (!docs.length) return null;
  const query = turn.history.length
    ? await rewriteQuestion(deps.provider(), turn.model, turn.history, turn.question, {
      signal: turn.signal,
      context: turn.context,
      owner: turn.profileId,
    })
    : turn.question;
  const passages = await deps.retrieve({
    profileId: turn.profileId,
    query,
    documents: docs.map((d) => d.id),
    k: TURN_PASSAGES,
    signal: turn.signal,
  });
  const budget = turn.context?.budget ?? DEFAULT_BUDGET;
  return sourcesBlock(passages, docs.map((d) => d.name), Math.floor(budget * BLOCK_SHARE));
}
