/**
 * The ingestion queue (`services.ingest`, SPEC §9): each document walks `queued → extracting →
 * chunking → embedding → ready` as one task (`kind: "ingest"`, owned by the document's profile,
 * meta `{documentId}`) that emits `progress {status, progress}` and ends with `done` or
 * `error {code, message}`.
 *
 * - **The queue is the rows**: a document whose status does not end an ingestion is waiting or
 *   under way. At most `maxTasks` of them have a task at a time (the rest wait as rows and get one
 *   when a task ends), so the memory is bounded whatever is uploaded.
 * - **Two lanes**: extraction (and chunking) runs one document at a time, since it is the CPU
 *   work (in the extractor's worker) that competes with the model for a small box's cores;
 *   embedding runs one document at a time, one batch request at a time, at `background` priority
 *   in the model queue, so a reply waits for at most the one embed request running. The next
 *   document is extracted while the previous one is embedded.
 * - **Resume**: `start()` runs every unfinished document again from its last completed stage: a
 *   document in `embedding` has its chunks saved and embeds only the chunks without a vector of
 *   the current model; the others are extracted again (which replaces their chunks).
 * - **Re-embedding**: when the embedding model (`models.embedding`, or the installed one) differs
 *   from a ready document's `embed_model`, the document goes back to `embedding` and is embedded
 *   from its stored chunks; the old model's vectors are dropped.
 * - **Cancel** (`cancel()` or the task API) aborts the extraction and the embed request, sets
 *   `cancelled` and removes the partial chunks and vectors. **Stop** aborts as quickly but leaves
 *   the status as it was, to resume. A document deleted meanwhile stops at the next stage.
 */
import type { ChatProvider } from "../../ai/types.ts";
import type { ConfigStore } from "../../config/store.ts";
import { writeFileAtomic } from "../../config/atomic.ts";
import type { Db } from "../../db/mod.ts";
import { HttpError } from "../../http/errors.ts";
import type { Logger } from "../../log/logger.ts";
import { profileOwner } from "../../tasks/owner.ts";
import type { TaskRegistry } from "../../tasks/registry.ts";
import type { Task, TaskOutput } from "../../tasks/task.ts";
import type { DocumentKind, DocumentStatus } from "../types.ts";
import { Lane } from "./lane.ts";
import {
  appendChunks,
  chunkCount,
  chunksToEmbed,
  dropChunks,
  dropOtherVectors,
  ended,
  ingestRow,
  ingestRowNow,
  markForReembedding,
  pendingDocuments,
  setIngest,
} from "./store.ts";
import { summarize } from "./summary.ts";
import type { IngestService, IngestSteps, VectorSink } from "./types.ts";

/** Where each stage starts on the document's 0…1 progress. */
export const STAGE_PROGRESS: Record<"extracting" | "chunking" | "embedding", number> = {
  extracting: 0.05,
  chunking: 0.3,
  embedding: 0.4,
};

/** Chunks saved per transaction. */
export const SAVE_SLICE = 64;

/** What the queue is built from. */
export interface IngestDeps {
  db: Db;
  /** `<data>`: originals are `<data>/documents/<id>`, their Markdown `<id>.md` beside them. */
  dataDir: string;
  tasks: TaskRegistry;
  config: ConfigStore;
  /** The model server now (replaced when the hosts change). */
  ai: () => ChatProvider;
  steps: IngestSteps;
  index: VectorSink;
  log: Pick<Logger, "info" | "warn" | "error">;
  /** Chunks per embed request (default 16: one request stays short, so a reply waits little). */
  batchSize?: number;
  /** Documents with a task at once (default 32); the others wait as rows. */
  maxTasks?: number;
  /** The extraction's deadline per document (default: the extractor's). */
  extractTimeoutMs?: number;
}

/** The error a deleted document's task ends with: nothing to report, nothing to save. */
class Gone extends HttpError {
  constructor() {
    super(404, "document_not_found", "The document was deleted.");
  }
}

interface Job {
  task: Task;
  /** Resolves when the pipeline has stopped (and a cancel's cleanup is done). */
  finished: Promise<void>;
}

/** The ingestion queue; see the module's comment. */
export class IngestQueue implements IngestService {
  readonly #deps: IngestDeps;
  readonly #jobs = new Map<string, Job>();
  readonly #cancelled = new Set<string>();
  readonly #extracting = new Lane(1);
  readonly #embedding = new Lane(1);
  readonly #stop = new AbortController();
  #offConfig: (() => void) | null = null;
  #pumping: Promise<void> | null = null;
  #pumpAgain = false;
  #stopped = false;
  #watched = "";

  constructor(deps: IngestDeps) {
    this.#deps = deps;
    deps.tasks.define("ingest", {
      cancel: async (task) => {
        const documentId = String(task.meta.documentId);
        this.#cancelled.add(documentId);
        const cancelled = task.cancel();
        await this.#jobs.get(documentId)?.finished;
        return { cancelled };
      },
    });
  }

  enqueue(documentId: string): void {
    if (this.#stopped || this.#jobs.has(documentId)) return;
    if (this.#jobs.size >= this.#maxTasks) return; // it waits as a row; a task's end pumps
    const row = ingestRowNow(this.#deps.db, documentId);
    if (!row || ended(row.status)) return;
    this.#begin(documentId, row.profileId);
  }

  async cancel(documentId: string): Promise<boolean> {
    const job = this.#jobs.get(documentId);
    if (job) {
      const { cancelled } = await this.#deps.tasks.cancel(job.task);
      return cancelled;
    }
    // Waiting as a row only: it leaves the queue.
    return await setIngest(this.#deps.db, documentId, { status: "cancelled", progress: 0 });
  }

  /** A property, so routes can hand it on as `taskOf` without binding. */
  readonly taskOf = (documentId: string): string | null =>
    this.#jobs.get(documentId)?.task.id ?? null;

  start(): void {
    if (this.#stopped || this.#offConfig) return;
    this.#watched = this.#deps.config.current.models.embedding;
    this.#offConfig = this.#deps.config.onChange((next) => {
      if (next.models.embedding === this.#watched) return;
      this.#watched = next.models.embedding;
      void this.#reembed();
    });
    void this.#reembed();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#offConfig?.();
    this.#offConfig = null;
    this.#stop.abort(new DOMException("Hearth is stopping.", "AbortError"));
    await Promise.all([...this.#jobs.values()].map((j) => j.finished));
    await this.#pumping;
  }

  get #maxTasks(): number {
    return this.#deps.maxTasks ?? 32;
  }

  /** Marks documents of another embedding model for re-embedding, then fills the queue. */
  async #reembed(): Promise<void> {
    try {
      const model = await this.#embeddingModel();
      if (model) {
        const n = await markForReembedding(this.#deps.db, model, STAGE_PROGRESS.embedding);
        if (n) this.#deps.log.info("documents to re-embed", { model, documents: n });
      }
    } catch (err) {
      this.#deps.log.warn("re-embedding check failed", { error: String(err) });
    }
    await this.#pump();
  }

  #embeddingModel(): Promise<string | null> {
    return this.#deps.steps.embeddingModel({ config: this.#deps.config, ai: this.#deps.ai() });
  }

  /** Gives waiting rows a task, up to `maxTasks`; one pass at a time. */
  #pump(): Promise<void> {
    if (this.#pumping) {
      this.#pumpAgain = true;
      return this.#pumping;
    }
    this.#pumping = (async () => {
      do {
        this.#pumpAgain = false;
        if (this.#stopped) break;
        const room = this.#maxTasks - this.#jobs.size;
        if (room <= 0) break;
        try {
          const rows = await pendingDocuments(this.#deps.db, this.#maxTasks + this.#jobs.size);
          for (const row of rows) {
            if (this.#stopped || this.#jobs.size >= this.#maxTasks) break;
            if (!this.#jobs.has(row.id)) this.#begin(row.id, row.profileId);
          }
        } catch (err) {
          this.#deps.log.error("ingestion queue failed", { error: String(err) });
        }
      } while (this.#pumpAgain);
    })().finally(() => this.#pumping = null);
    return this.#pumping;
  }

  #begin(documentId: string, profileId: string): void {
    let done!: () => void;
    const finished = new Promise<void>((resolve) => done = resolve);
    let task: Task;
    try {
      task = this.#deps.tasks.start({
        owner: profileOwner(profileId),
        kind: "ingest",
        meta: { documentId },
        run: (out, signal) => this.#run(documentId, out, signal).finally(done),
        onEnd: async () => {
          await finished;
          this.#jobs.delete(documentId);
          this.#cancelled.delete(documentId);
          if (!this.#stopped) void this.#pump();
        },
      });
    } catch (err) {
      // Refused (shutting down, or the task buffers are full): the row waits for the next pump.
      this.#deps.log.warn("ingestion task refused", { documentId, error: String(err) });
      return;
    }
    this.#jobs.set(documentId, { task, finished });
  }

  /** One document's pipeline, from where its row says it is. */
  async #run(id: string, out: TaskOutput, taskSignal: AbortSignal): Promise<void> {
    const signal = AbortSignal.any([taskSignal, this.#stop.signal]);
    const { db } = this.#deps;
    const row = await ingestRow(db, id);
    if (!row || ended(row.status)) throw new Gone();
    let stage: DocumentStatus = row.status;
    const say = (status: DocumentStatus, progress: number) =>
      out.emit("progress", { status, progress: Math.round(progress * 1000) / 1000 });
    // Writes the stage unless the row went (deleted, or cancelled as a waiting row).
    const step = async (status: DocumentStatus, progress: number, more = {}) => {
      stage = status;
      if (!await setIngest(db, id, { status, progress, ...more })) throw new Gone();
      say(status, progress);
    };
    say(row.status, row.status === "embedding" ? STAGE_PROGRESS.embedding : 0);
    try {
      if (row.status !== "embedding") {
        const release = await this.#extracting.acquire(signal);
        try {
          await this.#extractAndChunk(row, signal, step);
        } finally {
          release();
        }
      }
      stage = "embedding";
      const model = await this.#embeddingModel();
      if (model) {
        const release = await this.#embedding.acquire(signal);
        try {
          await this.#embed(row, model, signal, step, say);
        } finally {
          release();
        }
      }
      await step("ready", 1, { embedModel: model, errorCode: null, errorMessage: null });
      // The setting changed while this document was embedded with the old model: once more.
      const wanted = this.#deps.config.current.models.embedding;
      if (model && wanted && wanted !== model) void this.#reembed();
    } catch (err) {
      if (err instanceof Gone) throw err;
      if (signal.aborted) throw await this.#aborted(id);
      const failure = failureOf(err, stage);
      if (failure.code === "ingest_failed") {
        this.#deps.log.error("ingestion failed", { documentId: id, stage, error: String(err) });
      }
      await setIngest(db, id, {
        status: "failed",
        errorCode: failure.code,
        errorMessage: failure.message,
      });
      throw new HttpError(failure.status, failure.code, failure.message);
    }
    if (!row.summary) await this.#summarize(row, signal);
    out.emit("done", { status: "ready" });
  }

  async #extractAndChunk(
    row: { id: string; name: string; kind: DocumentKind },
    signal: AbortSignal,
    step: (status: DocumentStatus, progress: number, more?: object) => Promise<void>,
  ): Promise<void> {
    const { db, steps, dataDir } = this.#deps;
    await step("extracting", STAGE_PROGRESS.extracting);
    const file = `${dataDir}/documents/${row.id}`;
    try {
      await Deno.stat(file);
    } catch {
      throw new IngestFailure("file_missing", "The uploaded file is missing.");
    }
    const { markdown, pages } = await steps.extract(file, row.kind, {
      signal,
      timeoutMs: this.#deps.extractTimeoutMs,
      name: row.name,
    });
    signal.throwIfAborted();
    if (!await ingestRow(db, row.id)) throw new Gone();
    await writeFileAtomic(`${file}.md`, markdown);
    await step("chunking", STAGE_PROGRESS.chunking, { chars: markdown.length, pages });
    let drafts;
    try {
      drafts = await steps.chunk(markdown, signal);
    } catch (err) {
      if (signal.aborted) throw err;
      throw new IngestFailure("chunk_failed", "The document could not be cut into passages.", err);
    }
    signal.throwIfAborted();
    // The index drops the old chunks' vectors; saveChunks replaces the rows (and their vectors)
    // with the first slice, and the rest follow a slice per transaction, so a 100 MB document
    // never holds the database (and every reply's statements) for seconds. A stop halfway leaves
    // the status at `chunking`, and the next start saves them all again.
    this.#deps.index.removeDocument(row.id);
    await steps.saveChunks(db, row.id, drafts.slice(0, SAVE_SLICE));
    for (let at = SAVE_SLICE; at < drafts.length; at += SAVE_SLICE) {
      signal.throwIfAborted();
      if (!await ingestRow(db, row.id)) throw new Gone();
      await appendChunks(db, row.id, drafts.slice(at, at + SAVE_SLICE));
    }
    await step("embedding", STAGE_PROGRESS.embedding, { embedModel: null });
  }

  async #embed(
    row: { id: string; profileId: string },
    model: string,
    signal: AbortSignal,
    step: (status: DocumentStatus, progress: number, more?: object) => Promise<void>,
    say: (status: DocumentStatus, progress: number) => void,
  ): Promise<void> {
    const { db, steps, index } = this.#deps;
    await step("embedding", STAGE_PROGRESS.embedding);
    // Re-embedding: the old model's vectors go before the first new one is saved.
    if (await dropOtherVectors(db, row.id, model)) index.removeDocument(row.id);
    const todo = await chunksToEmbed(db, row.id, model);
    const total = await chunkCount(db, row.id);
    let done = total - todo.length;
    const size = this.#deps.batchSize ?? 16;
    for (let at = 0; at < todo.length; at += size) {
      const batch = todo.slice(at, at + size);
      let vectors: Float32Array[];
      try {
        vectors = await steps.embedTexts(
          this.#deps.ai(),
          model,
          // The chunk's text, as lib/rag's retrieval set measures it.
          batch.map((c) => c.text),
          { signal, priority: "background", owner: row.profileId },
        );
      } catch (err) {
        if (signal.aborted) throw err;
        const why = err instanceof Error ? err.message : String(err);
        throw new IngestFailure("embed_failed", `The embedding model failed: ${why}`, err);
      }
      if (vectors.length !== batch.length) {
        throw new IngestFailure("embed_failed", "The embedding model answered the wrong count.");
      }
      signal.throwIfAborted();
      if (!await ingestRow(db, row.id)) throw new Gone();
      await steps.saveVectors(
        db,
        index,
        model,
        row.id,
        batch.map((c, i) => ({
          chunkId: c.id,
          vec: vectors[i],
        })),
      );
      done += batch.length;
      const progress = STAGE_PROGRESS.embedding + (1 - STAGE_PROGRESS.embedding) * done / total;
      // Never 1 before `ready`.
      const shown = Math.min(progress, 0.99);
      if (!await setIngest(db, row.id, { progress: shown })) throw new Gone();
      say("embedding", shown);
    }
  }

  /** Cleans up after an abort: a cancel ends the document, a stop leaves it to resume. */
  async #aborted(id: string): Promise<HttpError> {
    if (!this.#cancelled.has(id)) {
      return new HttpError(
        503,
        "ingest_interrupted",
        "Hearth stopped; the document is read on when it starts again.",
      );
    }
    const { db, index, dataDir } = this.#deps;
    try {
      await setIngest(db, id, {
        status: "cancelled",
        progress: 0,
        embedModel: null,
        chars: null,
        pages: null,
      });
      await dropChunks(db, id);
      index.removeDocument(id);
      await Deno.remove(`${dataDir}/documents/${id}.md`).catch(() => {});
    } catch (err) {
      this.#deps.log.error("cancelled ingestion cleanup failed", { id, error: String(err) });
    }
    return new HttpError(409, "task_cancelled", "The task was cancelled.");
  }

  /** The one-line summary; a failure is logged, never the document's. */
  async #summarize(row: { id: string; profileId: string }, signal: AbortSignal): Promise<void> {
    const model = this.#deps.config.current.models.chat;
    if (!model) return;
    try {
      const markdown = await readStart(`${this.#deps.dataDir}/documents/${row.id}.md`);
      if (!markdown.trim()) return;
      const summary = await summarize(this.#deps.ai(), {
        model,
        markdown,
        owner: row.profileId,
        signal,
        contextSizes: this.#deps.config.current.models.contextSizes,
      });
      if (summary) await setIngest(this.#deps.db, row.id, { summary }, { anyStatus: true });
    } catch (err) {
      if (signal.aborted) return;
      this.#deps.log.warn("document summary failed", { documentId: row.id, error: String(err) });
    }
  }
}

/** A stage's failure with its code. */
class IngestFailure extends Error {
  constructor(readonly code: string, message: string, cause?: unknown) {
    super(message, { cause });
  }
}

/** The status, code and sentence a failure is stored and reported with. */
function failureOf(
  err: unknown,
  stage: DocumentStatus,
): { status: number; code: string; message: string } {
  if (err instanceof IngestFailure) {
    return {
      status: err.code === "embed_failed" ? 502 : 422,
      code: err.code,
      message: err.message,
    };
  }
  // The extractor's ExtractError: `extract_*` codes with an English sentence.
  const code = (err as { code?: unknown })?.code;
  if (stage === "extracting" && typeof code === "string" && /^extract_\w+$/.test(code)) {
    return { status: 422, code, message: (err as Error).message };
  }
  return {
    status: 500,
    code: "ingest_failed",
    message: "Reading the document failed unexpectedly.",
  };
}

/** The first `SUMMARY_INPUT_CHARS`-ish characters of a file, without reading all of it. */
async function readStart(path: string): Promise<string> {
  using file = await Deno.open(path);
  const buf = new Uint8Array(16 * 1024);
  let filled = 0;
  while (filled < buf.length) {
    const n = await file.read(buf.subarray(filled));
    if (n === null) break;
    filled += n;
  }
  return new TextDecoder().decode(buf.subarray(0, filled)).replace(/\uFFFD$/, "");
}
