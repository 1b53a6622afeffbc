/**
 * The labelled retrieval set (tests/fixtures/rag/): eleven household documents and 41 questions,
 * each labelled with its document and a phrase of the passage that answers it, phrased unlike the
 * text. The documents go through the real path (chunkMarkdown → saveChunks → embeddings from a
 * Fake Ollama over HTTP through the real provider → saveVectors); the right passage must be in
 * the top 3 for at least 90 % of the questions. Prints the hit rates of full-text alone, vectors
 * alone and the fusion.
 */
import assert from "node:assert/strict";
import { withOllama } from "../lib/ai/testing.ts";
import { chunkMarkdown } from "../lib/rag/chunk.ts";
import { chunkEmbeddingText, embedTexts } from "../lib/rag/embed.ts";
import { retrieve, type RetrieveDeps } from "../lib/rag/retrieve.ts";
import { saveChunks, saveVectors } from "../lib/rag/store.ts";
import { insertDocument, ragDb } from "../lib/rag/testing.ts";
import { VectorIndex } from "../lib/rag/vectors.ts";

const DIR = new URL("./fixtures/rag/", import.meta.url);
const MODEL = "nomic-embed-text";
const TOP = 3;

interface Question {
  q: string;
  doc: string;
  phrase: string;
}

const flat = (s: string) => s.replace(/\s+/g, " ");

Deno.test("retrieval set - the right passage is in the top 3 for at least 90 % of the questions", async () => {
  const questions: Question[] = JSON.parse(await Deno.readTextFile(new URL("questions.json", DIR)));
  assert.ok(questions.length >= 30);
  const { db, ann, ben } = await ragDb();
  const index = new VectorIndex(db);
  await withOllama({}, async (_fake, provider) => {
    const names = new Map<string, string>(); // document id → file
    let chunkCount = 0;
    for await (const entry of Deno.readDir(DIR)) {
      if (!entry.name.endsWith(".md")) continue;
      const markdown = await Deno.readTextFile(new URL(entry.name, DIR));
      // Half the library is Ben's, shared with the household: Ann reads it all.
      const shared = entry.name < "d";
      const id = await insertDocument(db, shared ? ben : ann, entry.name, shared);
      names.set(id, entry.name);
      const chunks = await saveChunks(db, id, chunkMarkdown(markdown));
      chunkCount += chunks.length;
      const vectors = await embedTexts(provider, MODEL, chunks.map(chunkEmbeddingText));
      await saveVectors(
        db,
        index,
        MODEL,
        id,
        chunks.map((c, i) => ({ chunkId: c.id, vec: vectors[i] })),
      );
    }
    const embed: RetrieveDeps["embed"] = async (texts, signal) => ({
      model: MODEL,
      vectors: await embedTexts(provider, MODEL, texts, { signal, priority: "interactive" }),
    });
    const textOf = db.raw.prepare(
      "SELECT document_id AS doc, text FROM document_chunks WHERE id = ?",
    );
    const right = (question: Question, chunkIds: number[]) =>
      chunkIds.slice(0, TOP).some((id) => {
        const row = textOf.get(id) as { doc: string; text: string };
        return names.get(row.doc) === question.doc && flat(row.text).includes(question.phrase);
      });
    const score = { fused: 0, text: 0, vector: 0 };
    const misses: string[] = [];
    for (const question of questions) {
      const fused = await retrieve({ db, index, embed }, { profileId: ann, query: question.q });
      if (right(question, fused.map((p) => p.chunkId))) score.fused++;
      else misses.push(question.q);
      const text = await retrieve({ db, index, embed: () => Promise.resolve(null) }, {
        profileId: ann,
        query: question.q,
      });
      if (right(question, text.map((p) => p.chunkId))) score.text++;
      const [vec] = await embedTexts(provider, MODEL, [question.q]);
      if (right(question, index.search(MODEL, vec, TOP).map((h) => h.chunkId))) score.vector++;
    }
    const rate = (n: number) =>
      `${n}/${questions.length} (${Math.round((n / questions.length) * 100)} %)`;
    console.log(
      `retrieval set: ${names.size} documents, ${chunkCount} chunks, ${questions.length} questions; ` +
        `top ${TOP}: full-text ${rate(score.text)}, vectors ${rate(score.vector)}, ` +
        `fused ${rate(score.fused)}` + (misses.length ? `; missed: ${misses.join(" | ")}` : ""),
    );
    assert.ok(score.fused / questions.length >= 0.9, `fused ${rate(score.fused)}`);
  });
  await db.close();
});
