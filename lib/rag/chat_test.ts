import assert from "node:assert/strict";
import { estimateTokens } from "../chat/context.ts";
import { chatTestDb } from "../chat/testing.ts";
import { documentContext, type Passage, SOURCES_HEADER, sourcesBlock } from "./chat.ts";
import { insertDocument } from "./chat_testing.ts";

const passage = (n: number, text: string): Passage => ({
  chunkId: n,
  documentId: `d${n}`,
  name: `Doc ${n}.md`,
  heading: n === 2 ? "" : `Part ${n}`,
  text,
  start: 0,
  end: text.length,
  score: 1 / n,
});

Deno.test("rag chat - the block numbers the passages from 1, with name and heading, and says to cite them", () => {
  const { context, sources } = sourcesBlock(
    [passage(1, "First\n\npassage."), passage(2, "Second.")],
    [],
    1000,
  );
  assert.ok(context.startsWith(SOURCES_HEADER));
  assert.match(context, /cite each one you use as \[n\]/);
  assert.match(context, /When they do not answer the question, say so\./);
  assert.match(
    context,
    /\n\n\[1\] Doc 1\.md — Part 1\nFirst\n\npassage\.\n\n\[2\] Doc 2\.md\nSecond\.$/,
  );
  assert.deepEqual(sources.map((s) => [s.n, s.chunk, s.excerpt]), [
    [1, 1, "First passage."],
    [2, 2, "Second."],
  ]);
});

Deno.test("rag chat - the block stays within its token budget, the best passage always in, and excerpts are short", () => {
  const long = "word ".repeat(2000);
  const { context, sources } = sourcesBlock([passage(1, long), passage(2, long)], [], 300);
  assert.ok(estimateTokens(context) <= 300, `${estimateTokens(context)} tokens`);
  assert.equal(sources.length, 1);
  assert.ok(sources[0].excerpt.length <= 200 && sources[0].excerpt.endsWith("…"));
  const roomy = sourcesBlock([passage(1, "a b c"), passage(2, "d e f"), passage(3, long)], [], 100);
  assert.equal(roomy.sources.length, 2);
});

Deno.test("rag chat - documents that hold no matching passage make a block that says so, without sources", () => {
  const { context, sources } = sourcesBlock([], ["Lease.pdf"], 1000);
  assert.deepEqual(sources, []);
  assert.match(context, /no passage of “Lease\.pdf” matches the question/);
});

Deno.test("rag chat - a turn without documents asks neither a model nor the retrieval", async () => {
  const db = await chatTestDb();
  using _ = { [Symbol.dispose]: () => void db.close() };
  await insertDocument(db.kysely, { profileId: "ann", name: "Notes.md", passages: [] });
  const fail = () => {
    throw new Error("not to be called");
  };
  const turn = {
    profileId: "ann",
    conversationId: "none",
    question: "What do my notes say?",
    history: [{ role: "user" as const, content: "Hi" }],
    model: "m",
    signal: new AbortController().signal,
  };
  assert.equal(await documentContext({ db, provider: fail, retrieve: fail }, turn), null);
});

Deno.test("rag chat - the block takes at most 40 % of the reply's model window", async () => {
  const db = await chatTestDb();
  using _ = { [Symbol.dispose]: () => void db.close() };
  const doc = await insertDocument(db.kysely, { profileId: "ann", name: "Big.md", passages: [] });
  const long = "word ".repeat(3000);
  const retrieve = () =>
    Promise.resolve([1, 2, 3].map((n) => ({ ...passage(n, long), documentId: doc.id })));
  const turn = {
    profileId: "ann",
    conversationId: "c",
    question: "Tell me about #big",
    history: [],
    model: "m",
    signal: new AbortController().signal,
  };
  const fail = () => {
    throw new Error("no rewrite without history");
  };
  for (const budget of [1000, 8000]) {
    const context = { budget, source: "admin" as const, description: null };
    const block = await documentContext({ db, provider: fail, retrieve }, { ...turn, context });
    const tokens = estimateTokens(block!.context);
    assert.ok(tokens <= budget * 0.4 && tokens > budget * 0.2, `${tokens} of ${budget}`);
  }
});
