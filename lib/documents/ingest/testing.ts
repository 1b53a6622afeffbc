/** Test helpers for the ingestion queue: a database and data folder, documents, a model double. */
import type { CallOptions, ChatEvent, ChatProvider, ChatRequest } from "../../ai/types.ts";
import { ConfigStore } from "../../config/store.ts";
import { type Db, openDatabase } from "../../db/mod.ts";
import { newId } from "../../db/ids.ts";
import { TaskRegistry } from "../../tasks/registry.ts";
import type { DocumentKind, DocumentStatus } from "../types.ts";
import { IngestQueue } from "./service.ts";
import { NO_INDEX, PLAIN_STEPS } from "./plain_steps.ts";
import type { IngestSteps } from "./types.ts";
import { addProfiles } from "../../db/testing.ts";

/** What the model double was asked. */
export interface ModelCalls {
  embeds: { model: string; texts: string[]; opts: CallOptions }[];
  chats: { request: ChatRequest; opts: CallOptions }[];
}

/**
 * A model server double: `embed` answers a vector per text (after `embedHold`, when set, which
 * sees the call), `chat` answers `reply` (or throws it when an Error).
 */
export function modelDouble(options: {
  embedModels?: string[];
  reply?: string | Error;
  embedHold?: (call: { texts: string[]; signal?: AbortSignal }) => Promise<void>;
  embedError?: Error;
} = {}): ChatProvider & { calls: ModelCalls } {
  const calls: ModelCalls = { embeds: [], chats: [] };
  return {
    kind: "ollama",
    calls,
    async *chat(request: ChatRequest, opts: CallOptions = {}): AsyncIterable<ChatEvent> {
      calls.chats.push({ request, opts });
      const reply = options.reply ?? "A short summary of the document.";
      if (reply instanceof Error) throw reply;
      yield { type: "token", text: reply };
      yield { type: "done", promptTokens: 1, completionTokens: 1, totalMs: 1, doneReason: "stop" };
    },
    async embed(model: string, texts: string[], opts: CallOptions = {}) {
      calls.embeds.push({ model, texts, opts });
      await options.embedHold?.({ texts, signal: opts.signal });
      opts.signal?.throwIfAborted();
      if (options.embedError) throw options.embedError;
      return { embeddings: texts.map((t) => [t.length, model.length, 1]) };
    },
    models() {
      return Promise.resolve(
        (options.embedModels ?? ["embed-a"]).map((name) => ({
          name,
          hosts: [],
          capabilities: ["embedding"],
        })),
      );
    },
    describe(model: string) {
      return Promise.resolve({ name: model, capabilities: ["completion"] });
    },
    health() {
      return Promise.resolve({ kind: "ollama" as const, ok: true, hosts: [] });
    },
  };
}

/** A data folder, a database file and a config in a temp dir; `open()` builds a queue over them. */
export async function ingestHome(): Promise<{
  dir: string;
  db: Db;
  config: ConfigStore;
  addDocument(text: string | Uint8Array, opts?: { kind?: DocumentKind; profile?: string }): Promise<
    string
  >;
  open(opts: {
    ai: ChatProvider;
    steps?: Partial<IngestSteps>;
    batchSize?: number;
    maxTasks?: number;
  }): { queue: IngestQueue; tasks: TaskRegistry; logs: { level: string; msg: string }[] };
  reopen(): Promise<Db>;
  [Symbol.asyncDispose](): Promise<void>;
}> {
  const dir = await Deno.makeTempDir({ prefix: "hearth-ingest-" });
  await Deno.mkdir(`${dir}/documents`);
  let db = await openDatabase(`${dir}/hearth.db`);
  await addProfiles(db, ["ann", "bob"]);
  const config = await ConfigStore.load(`${dir}/config.json`, {});
  const registries: TaskRegistry[] = [];
  const queues: IngestQueue[] = [];
  const home = {
    dir,
    get db() {
      return db;
    },
    config,
    async addDocument(
      text: string | Uint8Array,
      opts: { kind?: DocumentKind; profile?: string } = {},
    ): Promise<string> {
      const id = newId();
      return await seedDocument(db, dir, {
        id,
        profileId: opts.profile ?? "ann",
        content: text,
        name: `${id}.txt`,
        kind: opts.kind ?? "txt",
      });
    },
    open(opts: {
      ai: ChatProvider;
      steps?: Partial<IngestSteps>;
      batchSize?: number;
      maxTasks?: number;
    }) {
      const tasks = new TaskRegistry({ log: () => {} });
      registries.push(tasks);
      const logs: { level: string; msg: string }[] = [];
      const queue = new IngestQueue({
        db,
        dataDir: dir,
        tasks,
        config,
        ai: () => opts.ai,
        steps: { ...PLAIN_STEPS, ...opts.steps },
        index: NO_INDEX,
        log: {
          info: (msg: string) => logs.push({ level: "info", msg }),
          warn: (msg: string) => logs.push({ level: "warn", msg }),
          error: (msg: string) => logs.push({ level: "error", msg }),
        },
        batchSize: opts.batchSize ?? 2,
        maxTasks: opts.maxTasks,
      });
      queues.push(queue);
      return { queue, tasks, logs };
    },
    /** Closes and opens the database file again (a restart). */
    async reopen(): Promise<Db> {
      await db.close();
      db = await openDatabase(`${dir}/hearth.db`);
      return db;
    },
    async [Symbol.asyncDispose]() {
      for (const q of queues) await q.stop();
      for (const t of registries) t.close();
      await db.close();
      await Deno.remove(dir, { recursive: true });
    },
  };
  return home;
}

/** The document's row as the tests check it. */
export async function docRow(db: Db, id: string) {
  return await db.kysely.selectFrom("documents").selectAll().where("id", "=", id)
    .executeTakeFirst();
}

/** How many chunks and vectors the document has, and of which models. */
export async function chunkStats(
  db: Db,
  id: string,
): Promise<{ chunks: number; vectors: number; models: string[]; seqs: number[] }> {
  const chunks = await db.kysely.selectFrom("document_chunks").select(["id", "seq"])
    .where("document_id", "=", id).orderBy("seq").execute();
  const vectors = chunks.length
    ? await db.kysely.selectFrom("chunk_vectors").select(["model"])
      .where("chunk_id", "in", chunks.map((c) => c.id)).execute()
    : [];
  return {
    chunks: chunks.length,
    vectors: vectors.length,
    models: [...new Set(vectors.map((v) => v.model))].sort(),
    seqs: chunks.map((c) => c.seq),
  };
}

/** Paragraphs of text, `n` of them, each its own chunk with `plainChunk`'s default size. */
export function paragraphs(n: number, size = 2000): string {
  return Array.from({ length: n }, (_, i) => `Paragraph ${i}. ${"word ".repeat(size / 5)}`)
    .join("\n\n");
}

/**
 * Writes a document's file under `dataDir/documents/` and inserts its row (private, at the root,
 * `queued` unless `status` says otherwise): the set-up of the queue's tests, the API's and the
 * ingestion bench. Answers its id.
 */
export async function seedDocument(
  db: Db,
  dataDir: string,
  doc: {
    id?: string;
    profileId: string;
    content: string | Uint8Array;
    name: string;
    kind: DocumentKind;
    mime?: string;
    status?: DocumentStatus;
    errorCode?: string | null;
    errorMessage?: string | null;
  },
): Promise<string> {
  const id = doc.id ?? newId();
  const bytes = typeof doc.content === "string"
    ? new TextEncoder().encode(doc.content)
    : doc.content;
  await Deno.mkdir(`${dataDir}/documents`, { recursive: true });
  await Deno.writeFile(`${dataDir}/documents/${id}`, bytes);
  const now = new Date().toISOString();
  await db.kysely.insertInto("documents").values({
    id,
    profile_id: doc.profileId,
    folder_id: null,
    name: doc.name,
    kind: doc.kind,
    mime: doc.mime ?? "text/plain",
    size: bytes.length,
    sha256: "0",
    shared: 0,
    status: doc.status ?? "queued",
    error_code: doc.errorCode ?? null,
    error_message: doc.errorMessage ?? null,
    pages: null,
    chars: null,
    embed_model: null,
    created_at: now,
    updated_at: now,
  }).execute();
  return id;
}
