import assert from "node:assert/strict";
import { profileOwner } from "../../tasks/owner.ts";
import type { TaskRegistry } from "../../tasks/registry.ts";
import type { Task } from "../../tasks/task.ts";
import { collect, gate, within } from "../../tasks/testing.ts";
import { PLAIN_STEPS, plainChunk } from "./plain_steps.ts";
import { ended } from "./store.ts";
import { readyNoteKey } from "./view.ts";
import { type IngestQueue, SAVE_SLICE } from "./service.ts";
import { chunkStats, docRow, ingestHome, modelDouble, paragraphs } from "./testing.ts";

function taskOf(queue: IngestQueue, tasks: TaskRegistry, id: string, owner = "ann"): Task {
  const taskId = queue.taskOf(id);
  assert.ok(taskId, `document ${id} has a task`);
  return tasks.get(taskId, profileOwner(owner));
}

const pause = () => new Promise((r) => setTimeout(r, 2));

async function events(task: Task) {
  await within(task.ended, 5000, "the ingestion task");
  return (await collect(task.read(0))).filter((c) => c.event !== "[DONE]")
    .map((c) => ({ event: c.event, data: JSON.parse(c.data) }));
}

Deno.test("ingest - a document walks every stage to ready, with progress, chunks, vectors and a summary", async () => {
  await using home = await ingestHome();
  await home.config.update({ models: { chat: "chat-model" } });
  const ai = modelDouble();
  const { queue, tasks } = home.open({ ai });
  const text = paragraphs(5);
  const id = await home.addDocument(text);
  queue.enqueue(id);
  const task = taskOf(queue, tasks, id);
  assert.deepEqual(task.meta, { documentId: id });
  assert.equal(task.kind, "ingest");
  const seen = await events(task);
  const statuses = seen.filter((e) => e.event === "progress").map((e) => e.data.status);
  assert.deepEqual([...new Set(statuses)], [
    "queued",
    "extracting",
    "chunking",
    "embedding",
    "ready",
  ]);
  const progress = seen.filter((e) => e.event === "progress").map((e) => e.data.progress);
  assert.deepEqual(progress, [...progress].sort((a, b) => a - b), "progress only grows");
  assert.equal(progress.at(-1), 1);
  assert.equal(seen.at(-1)?.event, "done");

  const row = await docRow(home.db, id);
  assert.equal(row?.status, "ready");
  assert.equal(row?.progress, 1);
  assert.equal(row?.chars, text.length);
  assert.equal(row?.embed_model, "embed-a");
  assert.equal(row?.summary, "A short summary of the document.");
  assert.equal(await Deno.readTextFile(`${home.dir}/documents/${id}.md`), text);
  assert.deepEqual(await chunkStats(home.db, id), {
    chunks: 5,
    vectors: 5,
    models: ["embed-a"],
    seqs: [0, 1, 2, 3, 4],
  });
  // Batches of 2, at background priority, as the document's owner.
  assert.deepEqual(ai.calls.embeds.map((c) => c.texts.length), [2, 2, 1]);
  assert.ok(
    ai.calls.embeds.every((c) => c.opts.priority === "background" && c.opts.owner === "ann"),
  );
  // The summary: the chat model, background and preemptible, reading the document's start.
  const [chat] = ai.calls.chats;
  assert.equal(chat.request.model, "chat-model");
  assert.equal(chat.opts.priority, "background");
  assert.equal(chat.opts.preemptible, true);
  assert.ok(chat.request.messages[0].content.includes("Paragraph 0."));
  assert.equal(queue.taskOf(id), null, "no task once it ended");
});

Deno.test("ingest - without an embedding model a document is ready with its chunks and no vectors", async () => {
  await using home = await ingestHome();
  const ai = modelDouble({ embedModels: [] });
  const { queue, tasks } = home.open({ ai });
  const id = await home.addDocument(paragraphs(3));
  queue.enqueue(id);
  await events(taskOf(queue, tasks, id));
  const row = await docRow(home.db, id);
  assert.equal(row?.status, "ready");
  assert.equal(row?.embed_model, null);
  assert.deepEqual(await chunkStats(home.db, id), {
    chunks: 3,
    vectors: 0,
    models: [],
    seqs: [0, 1, 2],
  });
  assert.equal(ai.calls.embeds.length, 0);
  assert.equal(row?.summary, "", "no chat model chosen: no summary");
});

Deno.test("ingest - a failing document fails alone with its code, and the next one is ready", async () => {
  await using home = await ingestHome();
  const { queue, tasks } = home.open({ ai: modelDouble() });
  const empty = await home.addDocument("   \n\n  ");
  const bad = await home.addDocument(new Uint8Array([0xff, 0xfe, 0x41]));
  const good = await home.addDocument(paragraphs(2));
  for (const id of [empty, bad, good]) queue.enqueue(id);
  const ends = await Promise.all([empty, bad, good].map((id) => events(taskOf(queue, tasks, id))));
  assert.deepEqual(ends[0].at(-1), {
    event: "error",
    data: { code: "extract_empty", message: "The file holds no text." },
  });
  assert.equal(ends[1].at(-1)?.data.code, "extract_encoding");
  assert.equal(ends[2].at(-1)?.event, "done");
  const rows = await Promise.all([empty, bad, good].map((id) => docRow(home.db, id)));
  assert.deepEqual(rows.map((r) => [r?.status, r?.error_code]), [
    ["failed", "extract_empty"],
    ["failed", "extract_encoding"],
    ["ready", null],
  ]);
  assert.equal(rows[0]?.error_message, "The file holds no text.");
});

Deno.test("ingest - an embedding failure fails the document as embed_failed, keeping its chunks for search", async () => {
  await using home = await ingestHome();
  const { queue, tasks } = home.open({ ai: modelDouble({ embedError: new Error("model gone") }) });
  const id = await home.addDocument(paragraphs(2));
  queue.enqueue(id);
  const seen = await events(taskOf(queue, tasks, id));
  assert.equal(seen.at(-1)?.data.code, "embed_failed");
  const row = await docRow(home.db, id);
  assert.equal(row?.status, "failed");
  assert.equal(row?.error_code, "embed_failed");
  assert.match(row?.error_message ?? "", /model gone/);
  assert.equal((await chunkStats(home.db, id)).chunks, 2, "full-text search still finds it");
});

Deno.test("ingest - cancelling through the task API aborts the embed request, sets cancelled and leaves no chunks or vectors", async () => {
  await using home = await ingestHome();
  const held = gate();
  let embedSignal: AbortSignal | undefined;
  let calls = 0;
  const ai = modelDouble({
    embedHold: async ({ signal }) => {
      if (++calls < 2) return;
      embedSignal = signal;
      held.open();
      await new Promise((_, reject) =>
        signal?.addEventListener("abort", () => reject(signal.reason), { once: true })
      );
    },
  });
  const { queue, tasks } = home.open({ ai });
  const id = await home.addDocument(paragraphs(6));
  queue.enqueue(id);
  const task = taskOf(queue, tasks, id);
  await within(held.promise, 5000, "the second embed request");
  assert.ok((await chunkStats(home.db, id)).vectors > 0, "partial vectors were saved");
  const result = await tasks.cancel(task);
  assert.equal(result.cancelled, true);
  assert.equal(embedSignal?.aborted, true, "the embed request was aborted");
  const row = await docRow(home.db, id);
  assert.equal(row?.status, "cancelled");
  assert.equal(row?.embed_model, null);
  assert.deepEqual(await chunkStats(home.db, id), { chunks: 0, vectors: 0, models: [], seqs: [] });
  await assert.rejects(Deno.stat(`${home.dir}/documents/${id}.md`));
  assert.equal(queue.taskOf(id), null);
});

Deno.test("ingest - cancel(documentId) stops the task, and a waiting row without a task", async () => {
  await using home = await ingestHome();
  const held = gate();
  const extract = async (file: string) => {
    await held.promise;
    return { markdown: await Deno.readTextFile(file), pages: null };
  };
  const { queue } = home.open({ ai: modelDouble(), steps: { extract }, maxTasks: 1 });
  const first = await home.addDocument(paragraphs(1));
  const second = await home.addDocument(paragraphs(1));
  queue.enqueue(first);
  queue.enqueue(second);
  assert.equal(queue.taskOf(second), null, "past maxTasks a document waits as its row");
  assert.equal(await queue.cancel(second), true);
  assert.equal((await docRow(home.db, second))?.status, "cancelled");
  const cancelling = queue.cancel(first);
  held.open();
  assert.equal(await cancelling, true);
  assert.equal((await docRow(home.db, first))?.status, "cancelled");
  assert.equal(await queue.cancel(first), false, "nothing left to cancel");
});

Deno.test("ingest - stopped mid-embedding, a new queue over the same database resumes to ready without duplicate chunks or re-extraction", async () => {
  await using home = await ingestHome();
  const held = gate();
  let calls = 0;
  const first = home.open({
    ai: modelDouble({
      embedHold: async ({ signal }) => {
        if (++calls < 3) return;
        held.open();
        await new Promise((_, reject) =>
          signal?.addEventListener("abort", () => reject(signal.reason), { once: true })
        );
      },
    }),
  });
  const text = paragraphs(9);
  const id = await home.addDocument(text);
  first.queue.enqueue(id);
  await within(held.promise, 5000, "the third embed request");
  await first.queue.stop();
  const stopped = await docRow(home.db, id);
  assert.equal(stopped?.status, "embedding", "left where it can resume, not failed");
  assert.deepEqual((await chunkStats(home.db, id)).vectors, 4);
  first.tasks.close();

  // The process is gone: a new database connection, registry and queue, as `hearth start` builds.
  await home.reopen();
  let extracted = 0;
  const ai = modelDouble();
  const second = home.open({
    ai,
    steps: {
      extract: (...args) => {
        extracted++;
        return Promise.reject(new Error(`extracted again: ${args[0]}`));
      },
    },
  });
  second.queue.start();
  await within(
    (async () => {
      while (!ended((await docRow(home.db, id))?.status ?? "")) await pause();
    })(),
    5000,
    "the resumed document",
  );
  const row = await docRow(home.db, id);
  assert.equal(row?.status, "ready");
  assert.equal(extracted, 0, "its chunks were kept: no second extraction");
  assert.deepEqual(await chunkStats(home.db, id), {
    chunks: 9,
    vectors: 9,
    models: ["embed-a"],
    seqs: [0, 1, 2, 3, 4, 5, 6, 7, 8],
  });
  assert.deepEqual(ai.calls.embeds.map((c) => c.texts.length), [2, 2, 1], "only the rest");
});

Deno.test("ingest - stopped mid-extraction, a restart extracts again and ends with one set of chunks", async () => {
  await using home = await ingestHome();
  const held = gate();
  const first = home.open({
    ai: modelDouble(),
    steps: {
      extract: async (_file, _kind, opts) => {
        held.open();
        await new Promise((_, reject) =>
          opts?.signal?.addEventListener("abort", () => reject(opts.signal!.reason), {
            once: true,
          })
        );
        throw new Error("unreachable");
      },
    },
  });
  const id = await home.addDocument(paragraphs(4));
  first.queue.enqueue(id);
  await within(held.promise, 5000, "the extraction");
  await first.queue.stop();
  assert.equal((await docRow(home.db, id))?.status, "extracting");
  first.tasks.close();
  await home.reopen();
  const second = home.open({ ai: modelDouble() });
  second.queue.start();
  await within(
    (async () => {
      while ((await docRow(home.db, id))?.status !== "ready") {
        await new Promise((r) => setTimeout(r, 5));
      }
    })(),
    5000,
    "ready",
  );
  assert.deepEqual((await chunkStats(home.db, id)).seqs, [0, 1, 2, 3]);
});

Deno.test("ingest - a new embedding model re-embeds ready documents from their chunks and replaces the old vectors", async () => {
  await using home = await ingestHome();
  await home.config.update({ models: { embedding: "embed-a" } });
  const ai = modelDouble({ embedModels: ["embed-a", "embed-b"] });
  let extracted = 0;
  const { queue, tasks } = home.open({
    ai,
    steps: {
      extract: async (file) => {
        extracted++;
        return { markdown: await Deno.readTextFile(file), pages: 3 };
      },
    },
  });
  queue.start();
  const id = await home.addDocument(paragraphs(3));
  queue.enqueue(id);
  await events(taskOf(queue, tasks, id));
  assert.deepEqual((await chunkStats(home.db, id)).models, ["embed-a"]);
  assert.equal((await docRow(home.db, id))?.pages, 3);

  await home.config.update({ models: { embedding: "embed-b" } });
  await within(
    (async () => {
      while ((await docRow(home.db, id))?.embed_model !== "embed-b") {
        await new Promise((r) => setTimeout(r, 5));
      }
    })(),
    5000,
    "the re-embedding",
  );
  assert.equal(extracted, 1, "no second extraction");
  assert.deepEqual(await chunkStats(home.db, id), {
    chunks: 3,
    vectors: 3,
    models: ["embed-b"],
    seqs: [0, 1, 2],
  });
  assert.equal((await docRow(home.db, id))?.status, "ready");
  const b = ai.calls.embeds.filter((c) => c.model === "embed-b");
  assert.ok(b.length > 0 && b.every((c) => c.opts.priority === "background"));
});

Deno.test("ingest - a document deleted while it ingests stops quietly", async () => {
  await using home = await ingestHome();
  const held = gate();
  const release = gate();
  const { queue, tasks, logs } = home.open({
    ai: modelDouble({
      embedHold: async () => {
        held.open();
        await release.promise;
      },
    }),
  });
  const id = await home.addDocument(paragraphs(4));
  queue.enqueue(id);
  const task = taskOf(queue, tasks, id);
  await within(held.promise, 5000, "the embed request");
  await home.db.kysely.deleteFrom("documents").where("id", "=", id).execute();
  release.open();
  const seen = await events(task);
  assert.equal(seen.at(-1)?.data.code, "document_not_found");
  assert.deepEqual(logs.filter((l) => l.level !== "info"), [], "nothing logged");
  assert.deepEqual(await chunkStats(home.db, id), { chunks: 0, vectors: 0, models: [], seqs: [] });
});

Deno.test("ingest - a failing summary leaves the document ready", async () => {
  await using home = await ingestHome();
  await home.config.update({ models: { chat: "chat-model" } });
  const { queue, tasks, logs } = home.open({ ai: modelDouble({ reply: new Error("no model") }) });
  const id = await home.addDocument(paragraphs(1));
  queue.enqueue(id);
  const seen = await events(taskOf(queue, tasks, id));
  assert.equal(seen.at(-1)?.event, "done");
  const row = await docRow(home.db, id);
  assert.equal(row?.status, "ready");
  assert.equal(row?.summary, "");
  assert.ok(logs.some((l) => l.msg === "document summary failed"));
});

Deno.test("ingest - one extraction at a time, at most maxTasks tasks, and every queued row ends ready", async () => {
  await using home = await ingestHome();
  let running = 0;
  let most = 0;
  const { queue, tasks } = home.open({
    ai: modelDouble(),
    maxTasks: 2,
    steps: {
      extract: async (file) => {
        most = Math.max(most, ++running);
        await new Promise((r) => setTimeout(r, 5));
        running--;
        return { markdown: await Deno.readTextFile(file), pages: null };
      },
    },
  });
  const ids = [];
  for (let i = 0; i < 5; i++) ids.push(await home.addDocument(paragraphs(2)));
  queue.start();
  let tasksSeen = 0;
  await within(
    (async () => {
      for (;;) {
        tasksSeen = Math.max(tasksSeen, tasks.stats().running);
        const rows = await Promise.all(ids.map((id) => docRow(home.db, id)));
        if (rows.every((r) => r?.status === "ready")) break;
        await new Promise((r) => setTimeout(r, 2));
      }
    })(),
    10_000,
    "five documents",
  );
  assert.equal(most, 1, "one extraction at a time");
  assert.ok(tasksSeen <= 2, `at most 2 tasks at once, saw ${tasksSeen}`);
});

Deno.test("ingest - plainChunk cuts at blank lines with offsets into the Markdown", () => {
  const md = "# A\n\nfirst para\n\n\nsecond";
  const chunks = plainChunk(md, 5);
  assert.deepEqual(chunks.map((c) => md.slice(c.start, c.end)), ["# A", "first para", "second"]);
  assert.deepEqual(chunks.map((c) => c.text), ["# A", "first para", "second"]);
});

Deno.test("ingest - the note of a document ready without vectors", () => {
  assert.equal(readyNoteKey("ready", null), "ingest.no_embedding_model");
  assert.equal(readyNoteKey("ready", "embed-a"), null);
  assert.equal(readyNoteKey("embedding", null), null);
});

Deno.test("ingest - a large document's chunks are saved a slice at a time, and a crash halfway through saving resumes with one set", async () => {
  await using home = await ingestHome();
  const n = SAVE_SLICE * 2 + 7;
  const id = await home.addDocument(paragraphs(n, 20));
  // A crash while saving: the status says chunking and part of the chunks are there.
  await home.db.kysely.updateTable("documents").set({ status: "chunking" }).where("id", "=", id)
    .execute();
  await PLAIN_STEPS.saveChunks(home.db, id, plainChunk(paragraphs(n, 20), 10).slice(0, 5));
  const replaced: number[] = [];
  const { queue } = home.open({
    ai: modelDouble(),
    steps: {
      chunk: (md) => plainChunk(md, 10),
      saveChunks: (db, doc, chunks) => {
        replaced.push(chunks.length);
        return PLAIN_STEPS.saveChunks(db, doc, chunks);
      },
    },
  });
  queue.start();
  await within(
    (async () => {
      while ((await docRow(home.db, id))?.status !== "ready") await pause();
    })(),
    10_000,
    "ready",
  );
  assert.deepEqual(replaced, [SAVE_SLICE], "saveChunks replaced them with the first slice only");
  const stats = await chunkStats(home.db, id);
  assert.equal(stats.chunks, n);
  assert.deepEqual(stats.seqs, Array.from({ length: n }, (_, i) => i));
  assert.equal(stats.vectors, n);
});

Deno.test("ingest - a model change while a document is embedded re-embeds it once it is ready", async () => {
  await using home = await ingestHome();
  await home.config.update({ models: { embedding: "embed-a" } });
  const held = gate();
  const release = gate();
  const ai = modelDouble({
    embedModels: ["embed-a", "embed-b"],
    embedHold: async () => {
      held.open();
      await release.promise;
    },
  });
  const { queue } = home.open({ ai });
  queue.start();
  const id = await home.addDocument(paragraphs(2));
  queue.enqueue(id);
  await within(held.promise, 5000, "the first embed request");
  await home.config.update({ models: { embedding: "embed-b" } });
  release.open();
  await within(
    (async () => {
      while ((await docRow(home.db, id))?.embed_model !== "embed-b") await pause();
    })(),
    5000,
    "the re-embedding",
  );
  assert.deepEqual((await chunkStats(home.db, id)).models, ["embed-b"]);
});
