/**
 * The ingestion queue through the API: a profile re-queues its failed document, follows it on
 * the one task API to ready, and nobody else can touch it.
 */
import assert from "node:assert/strict";
import { newId } from "../lib/db/ids.ts";
import { seedDocument } from "../lib/documents/ingest/testing.ts";
import { type AppServices, drainTasks } from "../lib/services.ts";
import { json, readSse } from "./helpers/admin.ts";
import { type TestApp, testApp } from "./helpers/app.ts";
import { member } from "./helpers/profile.ts";

/** A document of `profileId` with `text` as its file, in `status`. */
function document(
  services: AppServices,
  profileId: string,
  text: string,
  status: "failed" | "ready" | "cancelled",
): Promise<string> {
  return seedDocument(services.db, services.paths.dataDir, {
    profileId,
    content: text,
    name: "notes.txt",
    kind: "txt",
    status,
    errorCode: status === "failed" ? "embed_failed" : null,
    errorMessage: status === "failed" ? "The embedding model failed." : null,
  });
}

/**
 * Ann's failed document, read again while the fake's embedding model hangs, once its embed
 * request has come (`started` is the re-ingest's response).
 */
async function ingestingWithHangingEmbed(app: TestApp) {
  await app.services.config.update({ models: { embedding: "nomic-embed-text" } });
  const fake = app.ollama!.server;
  fake.setFault("nomic-embed-text", { type: "hang" });
  const ann = await member(app, "Ann");
  const id = await document(app.services, ann.id, "Alpha.\n\nBeta.", "failed");
  const started = await ann.fetch(`/api/documents/${id}/ingest`, json("POST", {}));
  for (let i = 0; !fake.requests.some((r) => r.path === "/api/embed"); i++) {
    assert.ok(i < 500, "the embed request never came");
    await new Promise((r) => setTimeout(r, 10));
  }
  return { fake, ann, id, started };
}

Deno.test("ingest API - the owner reads a failed document again and follows it to ready on the task API", async () => {
  await using app = await testApp({ env: { HEARTH_FAKE_OLLAMA: "1" } });
  await app.services.config.update({ models: { embedding: "nomic-embed-text" } });
  const ann = await member(app, "Ann");
  const id = await document(app.services, ann.id, "Alpha.\n\nBeta.\n\nGamma.", "failed");
  const res = await ann.fetch(`/api/documents/${id}/ingest`, json("POST", {}));
  assert.equal(res.status, 200);
  const body = await res.json();
  assert.equal(body.id, id);
  // The whole DocumentInfo, already on its way (its task may have begun extracting).
  assert.ok(["queued", "extracting"].includes(body.status), body.status);
  assert.equal(body.mine, true);
  assert.equal(typeof body.taskId, "string");
  const events = await readSse(await ann.fetch(`/api/tasks/${body.taskId}/stream`));
  const statuses = events.filter((e) => e.event === "progress").map((e) =>
    (e.data as { status: string }).status
  );
  assert.equal(statuses.at(-1), "ready");
  assert.ok(statuses.includes("extracting") && statuses.includes("chunking"));
  assert.equal(events.find((e) => e.event === "done")?.event, "done");
  const row = await app.services.db.kysely.selectFrom("documents").selectAll()
    .where("id", "=", id).executeTakeFirstOrThrow();
  assert.equal(row.status, "ready");
  assert.equal(row.error_code, null);
  // The real steps: the extractor's Markdown, the chunker's passages, the fake model's vectors.
  assert.equal(row.embed_model, "nomic-embed-text");
  const chunks = await app.services.db.kysely.selectFrom("document_chunks")
    .innerJoin("chunk_vectors", "chunk_vectors.chunk_id", "document_chunks.id")
    .select(["chunk_vectors.model", "chunk_vectors.dims"]).where("document_id", "=", id).execute();
  assert.ok(chunks.length > 0);
  assert.ok(chunks.every((c) => c.model === row.embed_model && c.dims > 0));
  const info = await (await ann.fetch(`/api/tasks/${body.taskId}`)).json();
  assert.equal(info.kind, "ingest");
  assert.deepEqual(info.meta, { documentId: id });
});

Deno.test("ingest API - only a failed or cancelled document, and only its owner", async () => {
  await using app = await testApp({ env: { HEARTH_FAKE_OLLAMA: "1" } });
  const ann = await member(app, "Ann");
  const bob = await member(app, "Bob");
  const ready = await document(app.services, ann.id, "Done.", "ready");
  const res = await ann.fetch(`/api/documents/${ready}/ingest`, json("POST", {}));
  assert.equal(res.status, 409);
  assert.equal((await res.json()).error.code, "document_not_retryable");

  const failed = await document(app.services, ann.id, "Secret.", "cancelled");
  const theirs = await bob.fetch(`/api/documents/${failed}/ingest`, json("POST", {}));
  const missing = await bob.fetch(`/api/documents/${newId()}/ingest`, json("POST", {}));
  assert.equal(theirs.status, 404);
  assert.equal(missing.status, 404);
  assert.equal((await theirs.json()).error.code, (await missing.json()).error.code);
  const row = await app.services.db.kysely.selectFrom("documents").select("status")
    .where("id", "=", failed).executeTakeFirstOrThrow();
  assert.equal(row.status, "cancelled", "Bob changed nothing");
});

Deno.test("ingest API - cancelling on the task API aborts the embed request upstream and leaves the document cancelled without chunks", async () => {
  await using app = await testApp({ ollama: {} });
  const { fake, ann, id, started } = await ingestingWithHangingEmbed(app);
  const { taskId } = await started.json();
  const res = await ann.fetch(`/api/tasks/${taskId}/cancel`, json("POST", {}));
  assert.equal(res.status, 200);
  assert.equal((await res.json()).cancelled, true);
  await fake.waitForDisconnects(1);
  const row = await app.services.db.kysely.selectFrom("documents").select("status")
    .where("id", "=", id).executeTakeFirstOrThrow();
  assert.equal(row.status, "cancelled");
  const chunks = await app.services.db.kysely.selectFrom("document_chunks").select("id")
    .where("document_id", "=", id).execute();
  assert.deepEqual(chunks, []);
  assert.equal(app.services.ingest.taskOf(id), null);
});

Deno.test("ingest API - a server stop leaves the document embedding, to resume, at once", async () => {
  await using app = await testApp({ ollama: {} });
  const { id } = await ingestingWithHangingEmbed(app);
  const started = performance.now();
  // The tasks' grace is 10 s; ingestion does not wait for it.
  await drainTasks(app.services);
  assert.ok(performance.now() - started < 5000, "the stop did not wait for the grace");
  const row = await app.services.db.kysely.selectFrom("documents").select(["status", "error_code"])
    .where("id", "=", id).executeTakeFirstOrThrow();
  assert.deepEqual({ ...row }, { status: "embedding", error_code: null });
});
