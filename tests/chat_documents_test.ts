/**
 * Documents in chat, through the chat engine on the Fake Ollama: the conversation's documents and
 * `#named` ones become passages in the system message, cited `[n]`, announced by a `sources`
 * event and kept in `meta.sources`; a follow-up is rewritten before it searches; another
 * profile's private document never reaches a reply; a chat without documents costs nothing.
 * Retrieval is `wordRetrieve` (lib/rag/chat_testing.ts): it embeds the query at the fake, so the
 * test sees what was searched for, and ranks passages by shared words.
 */
import assert from "node:assert/strict";
import { sendMessage } from "../lib/chat/engine.ts";
import { getMessage } from "../lib/chat/store.ts";
import { chatEngine } from "../lib/chat/testing.ts";
import type { SourceRef } from "../lib/documents/types.ts";
import { demoReply } from "../lib/ollama/fake_demo.ts";
import { documentContext, servicesRetrieve, SOURCES_HEADER } from "../lib/rag/chat.ts";
import type { ConfigStore } from "../lib/config/store.ts";
import { embedTexts } from "../lib/rag/embed.ts";
import { saveChunks, saveVectors } from "../lib/rag/store.ts";
import { insertDocument as insertReady } from "../lib/rag/testing.ts";
import { VectorIndex } from "../lib/rag/vectors.ts";
import { insertDocument, wordRetrieve } from "../lib/rag/chat_testing.ts";
import { REWRITE_REQUEST } from "../lib/rag/rewrite.ts";
import type { Task } from "../lib/tasks/task.ts";
import { createMember } from "../lib/auth/mod.ts";
import { chatDeps } from "../lib/chat/deps.ts";
import { testApp } from "./helpers/app.ts";

const LEASE = [
  { heading: "Rent", text: "The monthly rent for the flat is 950 euros. It is due on the first." },
  {
    heading: "Deposit",
    text: "The deposit for the flat is 2850 euros. The landlord returns it within six weeks " +
      "of the keys being handed over.",
  },
  { heading: "Pets", text: "Small pets such as cats are allowed; dogs need written consent." },
];

async function drain(task: Task) {
  const events: { event: string; data: Record<string, unknown> }[] = [];
  for await (const c of task.read(0)) {
    if (c.data !== "[DONE]") events.push({ event: c.event, data: JSON.parse(c.data) });
  }
  await task.ended;
  return events;
}

/** An engine whose replies read documents through `documentContext` and `wordRetrieve`. */
async function setup() {
  const ref: { retrieve?: ReturnType<typeof wordRetrieve> } = {};
  const engine = await chatEngine({ reply: demoReply }, {
    documents: (turn) =>
      documentContext(
        { db: engine.db, provider: engine.deps.provider, retrieve: ref.retrieve! },
        turn,
      ),
  });
  const retrieve = ref.retrieve = wordRetrieve(engine.db.kysely, engine.deps.provider);
  const fake = engine.fake!;
  const lease = await insertDocument(engine.db.kysely, {
    profileId: "ann",
    name: "Lease 2026.pdf",
    passages: LEASE,
  });
  let conversationId: string | undefined;
  return {
    ...engine,
    fake,
    retrieve,
    lease,
    /** The texts the fake was asked to embed. */
    embedded: () =>
      fake.requests.filter((r) => r.path === "/api/embed").flatMap((r) => [r.body?.input].flat()),
    /** The generations the fake was asked for (a load has no messages), titles left out. */
    chats: () =>
      fake.requests.filter((r) => r.path === "/api/chat").map((r) =>
        r.body!.messages as { role: string; content: string }[]
      ).filter((m) => m.length && !m[0].content.startsWith("Write a title")),
    conversation: () => conversationId!,
    async attach(documentId: string) {
      await engine.db.kysely.insertInto("conversation_documents").values({
        conversation_id: conversationId!,
        document_id: documentId,
        created_at: new Date().toISOString(),
      }).execute();
    },
    /** Sends `content` as `profileId` in the one conversation (the first send starts it). */
    async say(content: string, profileId = "ann") {
      const started = await sendMessage(engine.deps, { profileId, conversationId, content });
      conversationId = started.conversation.id;
      const events = await drain(started.task);
      await started.titled;
      const reply = await getMessage(engine.db.kysely, profileId, started.assistantMessage.id);
      return { events, reply };
    },
  };
}

Deno.test("chat documents - an attached document's passage is announced before the first token, kept in meta.sources and cited [1]", async () => {
  await using t = await setup();
  await t.say("Hello");
  await t.attach(t.lease.id);
  const { events, reply } = await t.say("How much is the monthly rent?");
  const names = events.map((e) => e.event);
  assert.ok(names.indexOf("sources") > 0 && names.indexOf("sources") < names.indexOf("token"));
  const sources = events.find((e) => e.event === "sources")!.data.sources as SourceRef[];
  assert.deepEqual(sources[0], {
    n: 1,
    documentId: t.lease.id,
    name: "Lease 2026.pdf",
    chunk: t.lease.chunks[0],
    heading: "Rent",
    excerpt: LEASE[0].text,
  });
  assert.deepEqual(reply.meta.sources, sources);
  assert.equal(
    reply.content,
    "According to your documents: The monthly rent for the flat is 950 euros. [1]",
  );
  // The model read the passage, numbered, in the system message.
  const system = t.chats().at(-1)!.find((m) => m.role === "system")!.content;
  assert.ok(system.startsWith(SOURCES_HEADER));
  assert.match(
    system,
    /\n\[1\] Lease 2026\.pdf — Rent\nThe monthly rent for the flat is 950 euros/,
  );
});

Deno.test("chat documents - a #mention brings a document into the reply without attaching it", async () => {
  await using t = await setup();
  const { events, reply } = await t.say("Are pets allowed in #lease-2026?");
  const sources = events.find((e) => e.event === "sources")?.data.sources as SourceRef[];
  assert.equal(sources[0].chunk, t.lease.chunks[2]);
  assert.equal(
    reply.content,
    "According to your documents: Small pets such as cats are allowed; dogs need written consent. [1]",
  );
  assert.deepEqual(t.retrieve.calls[0].documents, [t.lease.id]);
});

Deno.test("chat documents - a follow-up finds the right passage only once it is rewritten from the conversation", async () => {
  await using t = await setup();
  await t.say("Hello");
  await t.attach(t.lease.id);
  const first = await t.say("What is the deposit for the flat?");
  assert.equal((first.reply.meta.sources as SourceRef[])[0].heading, "Deposit");
  const follow = "And how is it paid back?";
  // As asked, the follow-up shares no word with any passage.
  assert.deepEqual(
    await t.retrieve({ profileId: "ann", query: follow, documents: [t.lease.id] }),
    [],
  );
  const { reply } = await t.say(follow);
  // The model was asked to rewrite it, and the rewritten query is what was embedded.
  const rewrite = t.chats().find((m) =>
    m[0].content.startsWith(REWRITE_REQUEST) && m[0].content.endsWith(follow)
  )!;
  assert.match(rewrite[0].content, /User: What is the deposit for the flat\?/);
  assert.equal(t.embedded().at(-1), "And how is it paid back? deposit flat");
  assert.equal((reply.meta.sources as SourceRef[])[0].chunk, t.lease.chunks[1]);
  assert.match(
    reply.content,
    /^According to your documents: The deposit for the flat is 2850 euros\. \[1\]$/,
  );
});

Deno.test("chat documents - when no passage matches, there are no sources and the model is told to say so", async () => {
  await using t = await setup();
  await t.say("Hello");
  await t.attach(t.lease.id);
  const { events, reply } = await t.say("Capital of France?");
  assert.equal(events.some((e) => e.event === "sources"), false);
  assert.equal(reply.meta.sources, undefined);
  assert.match(
    t.chats().at(-1)![0].content,
    /no passage of “Lease 2026\.pdf” matches the question/,
  );
  assert.equal(reply.content, "The documents do not answer this question.");
});

Deno.test("chat documents - another profile's private document is never used, by mention or attached", async () => {
  await using t = await setup();
  const diary = await insertDocument(t.db.kysely, {
    profileId: "bob",
    name: "Diary.md",
    passages: [{ heading: "Monday", text: "The safe code is 4711 and the rent is hidden there." }],
  });
  await t.say("What does #diary say about the rent?");
  // Attached behind the API's back (or unshared since): still not Ann's to read.
  await t.attach(diary.id);
  const { events, reply } = await t.say("What does #diary say about the safe code?");
  assert.equal(events.some((e) => e.event === "sources"), false);
  assert.equal(reply.meta.sources, undefined);
  assert.equal(t.embedded().length, 0);
  assert.ok(t.chats().every((m) => m.every((x) => !x.content.includes("4711"))));
  // Shared, it may be read.
  await t.db.kysely.updateTable("documents").set({ shared: 1 }).where("id", "=", diary.id)
    .execute();
  const shared = await t.say("What is the safe code?");
  assert.equal((shared.reply.meta.sources as SourceRef[])[0].documentId, diary.id);
});

Deno.test("chat documents - a conversation without documents retrieves nothing and asks no rewrite", async () => {
  await using t = await setup();
  await t.say("What is the monthly rent for the flat?");
  const { events, reply } = await t.say("And the deposit?");
  assert.equal(events.some((e) => e.event === "sources"), false);
  assert.equal(reply.meta.sources, undefined);
  assert.equal(t.retrieve.calls.length, 0);
  assert.equal(t.embedded().length, 0);
  assert.equal(t.chats().length, 2);
  assert.ok(t.chats().every((m) => m.every((x) => x.role !== "system")));
});

Deno.test("chat documents - the context block is never stored nor sent back as history", async () => {
  await using t = await setup();
  await t.say("Hello");
  await t.attach(t.lease.id);
  await t.say("How much is the monthly rent?");
  const { reply } = await t.say("Are pets allowed?");
  const [last] = t.chats().slice(-1);
  // One system message, this turn's own block (the pets passage), and no earlier block.
  assert.equal(last.filter((m) => m.role === "system").length, 1);
  assert.match(last[0].content, /\[1\] Lease 2026\.pdf — Pets/);
  assert.ok(last.slice(1).every((m) => !m.content.includes(SOURCES_HEADER)));
  assert.ok(last.slice(1).every((m) => !m.content.includes("950 euros. It is due")));
  const stored = await t.db.kysely.selectFrom("messages").select("content")
    .where("conversation_id", "=", t.conversation()).execute();
  assert.ok(stored.every((m) => !m.content.includes(SOURCES_HEADER)));
  assert.equal((reply.meta.sources as SourceRef[])[0].heading, "Pets");
  // Detached: the next reply has no block at all.
  await t.db.kysely.deleteFrom("conversation_documents").execute();
  await t.say("Thanks!");
  assert.ok(t.chats().at(-1)!.every((m) => m.role !== "system"));
});

Deno.test("chat documents - with the real hybrid retrieval and the fake's embeddings, a follow-up cites the right passage only once rewritten", async () => {
  const ref: { documents?: Parameters<typeof documentContext>[0] } = {};
  await using engine = await chatEngine({ reply: demoReply }, {
    documents: (turn) => documentContext(ref.documents!, turn),
  });
  const { db, fake } = engine;
  const ai = engine.deps.provider();
  const index = new VectorIndex(db);
  const embedding = "nomic-embed-text:latest";
  const config = { current: { models: { embedding } } } as unknown as Pick<ConfigStore, "current">;
  const retrieve = servicesRetrieve({ db, ai, config }, index);
  ref.documents = { db, provider: () => ai, retrieve };
  const lease = await insertReady(db, "ann", "Lease 2026.md");
  const drafts = [
    [
      "Rent",
      "The monthly rent is 950 euros, transferred to the landlord's account on the first " +
      "working day of each month. Late payment costs a fee of five euros per day.",
    ],
    [
      "Deposit",
      "The security deposit is 2850 euros; the landlord returns it six weeks after moving out.",
    ],
    ["Pets", "Small pets such as cats are allowed; dogs need written consent."],
  ].map(([heading, text], seq) => ({
    seq,
    heading,
    text,
    start: seq * 100,
    end: seq * 100 + text.length,
    tokens: 20,
  }));
  const chunks = await saveChunks(db, lease, drafts);
  const vectors = await embedTexts(ai, embedding, chunks.map((c) => `${c.heading}\n${c.text}`));
  await saveVectors(
    db,
    index,
    embedding,
    lease,
    chunks.map((c, i) => ({ chunkId: c.id, vec: vectors[i] })),
  );

  const send = async (content: string, conversationId?: string) => {
    const started = await sendMessage(engine.deps, { profileId: "ann", conversationId, content });
    await drain(started.task);
    await started.titled;
    return {
      id: started.conversation.id,
      reply: await getMessage(db.kysely, "ann", started.assistantMessage.id),
    };
  };
  const first = await send("What does #lease-2026 say about the security deposit?");
  assert.equal((first.reply.meta.sources as SourceRef[])[0].heading, "Deposit");
  await db.kysely.insertInto("conversation_documents").values({
    conversation_id: first.id,
    document_id: lease,
    created_at: new Date().toISOString(),
  }).execute();
  const follow = "And when do I get it back?";
  // As asked, the follow-up names nothing: the deposit is not its best passage.
  const raw = await retrieve({ profileId: "ann", query: follow, documents: [lease] });
  assert.equal(raw[0].heading, "Pets");
  const { reply } = await send(follow, first.id);
  const embedded = fake!.requests.filter((r) => r.path === "/api/embed").map((r) =>
    [r.body?.input].flat()[0]
  );
  assert.equal(embedded.at(-1), "And when do I get it back? lease 2026 security deposit");
  const sources = reply.meta.sources as SourceRef[];
  assert.equal(sources[0].heading, "Deposit");
  assert.equal(sources[0].chunk, chunks[1].id);
  assert.equal(
    reply.content,
    "According to your documents: The security deposit is 2850 euros; the landlord returns it six weeks after moving out. [1]",
  );
});

Deno.test("chat documents - the app's chatDeps reads a #named document through the services' index and embedding model", async () => {
  await using app = await testApp({ ollama: {} });
  const { services } = app;
  await services.config.update({
    models: { chat: "llama3.2:latest", embedding: "nomic-embed-text:latest" },
  });
  const ann = (await createMember(services.db, { name: "Ann", avatar: "🙂" })).id;
  const lease = await insertReady(services.db, ann, "Lease 2026.md");
  await saveChunks(services.db, lease, [{
    seq: 0,
    heading: "Pets",
    text: "Small pets such as cats are allowed; dogs need written consent.",
    start: 0,
    end: 60,
    tokens: 12,
  }]);
  const deps = chatDeps(services);
  const started = await sendMessage(deps, { profileId: ann, content: "Are pets allowed? #lease" });
  await drain(started.task);
  const reply = await getMessage(services.db.kysely, ann, started.assistantMessage.id);
  assert.equal((reply.meta.sources as SourceRef[])[0].heading, "Pets");
  assert.match(reply.content, /\[1\]$/);
  const embeds = app.ollama!.server.requests.filter((r) => r.path === "/api/embed");
  assert.deepEqual(embeds.map((r) => [r.body?.model, r.body?.input]), [
    ["nomic-embed-text:latest", ["Are pets allowed? #lease"]],
  ]);
});
