import assert from "node:assert/strict";
import { links } from "../links.ts";
import { demoReply } from "../ollama/fake_demo.ts";
import { ASSISTANT_TOOLS } from "./tools.ts";
import { insertDocument, wordRetrieve } from "../rag/chat_testing.ts";
import { assistantChat } from "./testing.ts";

Deno.test("assistant - search_documents answers the readable documents' passages with links that open them", async () => {
  await using chat = await assistantChat({
    retrieve: ({ db, deps }) => wordRetrieve(db.kysely, deps.provider),
  });
  const lease = await insertDocument(chat.db.kysely, {
    profileId: "ann",
    name: "Lease 2026.pdf",
    passages: [
      { heading: "Rent", text: "The monthly rent is 950 euros." },
      { heading: "Pets", text: "Small pets such as cats are allowed; dogs need written consent." },
    ],
  });
  await insertDocument(chat.db.kysely, {
    profileId: "bob",
    name: "Diary.md",
    passages: [{ heading: "", text: "Our pets are allowed on the sofa." }],
  });
  const { text, card } = await chat.say("Search my documents: are pets allowed?", {
    call: { name: "search_documents", arguments: { query: "pets allowed" } },
  });
  assert.equal(text, "These passages of your documents match (1).");
  assert.equal(card?.tool, "search_documents");
  assert.equal(card?.title, "Documents: pets allowed");
  assert.deepEqual(card?.items, [{
    title: "Lease 2026.pdf — Pets",
    detail: "Small pets such as cats are allowed; dogs need written consent.",
    href: links.passage(lease.id, lease.chunks[1]),
  }]);

  const none = await chat.say("Search my documents for the boiler", {
    call: { name: "search_documents", arguments: { query: "boiler" } },
  });
  assert.equal(none.text, "No passage of your documents matches “boiler”.");
});

Deno.test("assistant - search_documents without document search says so", async () => {
  await using chat = await assistantChat({ locale: "de" });
  const { text } = await chat.say("Suche in Dokumenten nach Haustieren", {
    call: { name: "search_documents", arguments: { query: "Haustiere" } },
  });
  assert.equal(text, "Die Suche in Dokumenten ist auf diesem Hearth noch nicht verfügbar.");
});

Deno.test("assistant - the demo model calls search_documents, not search, when asked to search documents", () => {
  const tools = ASSISTANT_TOOLS.specs().map((t) => ({
    type: "function",
    function: { name: t.name, parameters: t.parameters },
  }));
  const reply = demoReply({
    messages: [{ role: "user", content: "Please search documents about pets" }],
    tools,
  });
  assert.equal(reply.toolCalls?.[0].name, "search_documents");
});
