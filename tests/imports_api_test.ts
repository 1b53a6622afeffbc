/**
 * Imports (`POST /api/imports/preview`, `POST /api/imports`): exports built in the test become
 * the importing profile's conversations, branches and all; bad files get clear errors and store
 * nothing; another profile sees none of it.
 */
import assert from "node:assert/strict";
import type { ImportPreview, ImportResult } from "../lib/imports/types.ts";
import {
  at,
  chatgptConversation,
  chatgptSimple,
  hearthV1,
  hearthV2,
  openwebuiChat,
  T0,
} from "../lib/imports/testing.ts";
import { expectError, type TestApp, testApp } from "./helpers/app.ts";
import { type Member, member } from "./helpers/profile.ts";

const post = (body: BodyInit, type = "application/json"): RequestInit => ({
  method: "POST",
  headers: { "content-type": type },
  body,
});

interface Row {
  id: string;
  seq: number;
  parent_id: string | null;
  role: string;
  content: string;
  thinking: string;
  model: string | null;
  created_at: string;
  profile_id: string;
}

function rows(app: TestApp, conversationId: string): Row[] {
  return app.services.db.raw.prepare(
    "SELECT id, seq, parent_id, role, content, thinking, model, created_at, profile_id FROM messages WHERE conversation_id = ? ORDER BY seq",
  ).all(conversationId) as unknown as Row[];
}

function conversation(app: TestApp, id: string) {
  return app.services.db.raw.prepare(
    "SELECT title, leaf_id, profile_id, model, created_at, updated_at FROM conversations WHERE id = ?",
  ).get(id) as Record<string, string | null>;
}

function count(app: TestApp, table: "conversations" | "messages"): number {
  return (app.services.db.raw.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number })
    .n;
}

/** The active path's contents, walking up from the leaf. */
function activePath(app: TestApp, id: string): string[] {
  const byId = new Map(rows(app, id).map((r) => [r.id, r]));
  const path: string[] = [];
  for (let at = conversation(app, id).leaf_id; at; at = byId.get(at)!.parent_id) {
    path.unshift(byId.get(at)!.content);
  }
  return path;
}

/** Every message's seq is above its parent's. */
function seqGrowsOnEveryPath(list: Row[]) {
  const seq = new Map(list.map((r) => [r.id, r.seq]));
  for (const r of list) {
    if (r.parent_id) assert.ok(seq.get(r.parent_id)! < r.seq, `${r.content} after its parent`);
  }
}

async function setup() {
  const app = await testApp();
  const ana = await member(app, "Ana");
  const ben = await member(app, "Ben");
  return { app, ana, ben };
}

async function importAs(who: Member, file: unknown, query = ""): Promise<ImportResult> {
  const res = await who.fetch(`/api/imports${query}`, post(JSON.stringify(file)));
  assert.equal(res.status, 201, await res.clone().text());
  return await res.json();
}

Deno.test("imports API - ChatGPT preview stores nothing; the import keeps branches and the path", async () => {
  const { app, ana, ben } = await setup();
  await using _ = app;
  const file = JSON.stringify([chatgptConversation(), chatgptSimple()]);
  const res = await ana.fetch("/api/imports/preview", post(file));
  assert.equal(res.status, 200);
  assert.match(res.headers.get("content-type") ?? "", /json/);
  const preview: ImportPreview = await res.json();
  assert.equal(preview.format, "chatgpt");
  assert.equal(preview.total, 2);
  assert.deepEqual(preview.conversations[0], {
    index: 0,
    title: "Hearth questions",
    messages: 5,
    activeMessages: 4,
    branches: 2,
    createdAt: new Date((T0 + 5.5) * 1000).toISOString(),
    updatedAt: new Date((T0 + 60.25) * 1000).toISOString(),
  });
  assert.equal(count(app, "conversations"), 0, "a preview stores nothing");

  const result = await importAs(ana, JSON.parse(file));
  assert.equal(result.imported, 2);
  assert.deepEqual(result.conversations.map((c) => c.title), ["Hearth questions", "Soup"]);
  const id = result.conversations[0].id;
  const list = rows(app, id);
  assert.deepEqual(list.map((r) => [r.seq, r.role, r.content]), [
    [1, "user", "What is a hearth?"],
    [2, "assistant", "A fireplace."],
    [3, "assistant", "The floor of a fireplace."],
    [4, "user", "[image]\nWhat is in this photo?"],
    [5, "assistant", "A cozy fire."],
  ]);
  const [u1, a1, a1b, u2, a2] = list;
  assert.equal(u1.parent_id, null);
  assert.equal(a1.parent_id, u1.id);
  assert.equal(a1b.parent_id, u1.id);
  assert.equal(u2.parent_id, a1b.id);
  assert.equal(a2.parent_id, u2.id);
  assert.equal(a2.thinking, "The photo shows flames.");
  assert.equal(a2.model, "o3");
  assert.equal(u1.created_at, new Date((T0 + 10.123) * 1000).toISOString());
  assert.ok(list.every((r) => r.profile_id === ana.id));
  seqGrowsOnEveryPath(list);
  const conv = conversation(app, id);
  assert.equal(conv.leaf_id, a2.id);
  assert.equal(conv.profile_id, ana.id);
  assert.equal(conv.created_at, new Date((T0 + 5.5) * 1000).toISOString());
  assert.deepEqual(activePath(app, id), [
    "What is a hearth?",
    "The floor of a fireplace.",
    "[image]\nWhat is in this photo?",
    "A cozy fire.",
  ]);

  // The owner finds it, listed by its own time, and searches every branch.
  const listed = await (await ana.fetch("/api/conversations")).json();
  assert.deepEqual(listed.items.map((c: { title: string }) => c.title), [
    "Soup",
    "Hearth questions",
  ]);
  const search = await (await ana.fetch("/api/search?q=fireplace")).json();
  assert.equal(search.hits.length, 2, "both answers, on both branches, are indexed");

  // Ben sees none of it.
  const theirs = await (await ben.fetch("/api/conversations")).json();
  assert.deepEqual(theirs.items, []);
  await expectError(await ben.fetch(`/api/conversations/${id}`), 404, "conversation_not_found");
  await expectError(
    await ben.fetch(`/api/conversations/${id}/messages`),
    404,
    "conversation_not_found",
  );
  const benSearch = await (await ben.fetch("/api/search?q=fireplace")).json();
  assert.deepEqual(benSearch.hits, []);
});

Deno.test("imports API - Open WebUI: two branches, the active path ends at currentId", async () => {
  const { app, ana } = await setup();
  await using _ = app;
  const form = new FormData();
  form.set("file", new File([JSON.stringify([openwebuiChat()])], "chat-export.json"));
  const res = await ana.fetch("/api/imports", { method: "POST", body: form });
  assert.equal(res.status, 201, await res.clone().text());
  const { conversations: [{ id }] } = await res.json() as ImportResult;
  const list = rows(app, id);
  seqGrowsOnEveryPath(list);
  assert.equal(list.length, 5);
  assert.deepEqual(activePath(app, id), ["How long does bread rise?", "About an hour."]);
  const m3 = list.find((r) => r.content.startsWith("One to two"))!;
  assert.equal(m3.thinking, "Yeast needs warmth.");
  assert.equal(m3.model, "llama3.2:3b");
  assert.equal(list[0].created_at, at(0));
  const conv = conversation(app, id);
  assert.equal(conv.title, "Bread baking");
  assert.equal(conv.updated_at, at(40));
});

Deno.test("imports API - Hearth v1 and v2 exports, and `only` picks conversations", async () => {
  const { app, ana } = await setup();
  await using _ = app;
  const v1 = await importAs(ana, hearthV1());
  const id1 = v1.conversations[0].id;
  assert.deepEqual(activePath(app, id1), [
    "What should I plant?",
    "Tomatoes and beans.",
    "When?",
    "In May.",
  ]);
  const v2 = await importAs(ana, hearthV2());
  const id2 = v2.conversations[0].id;
  const list = rows(app, id2);
  assert.equal(list.filter((r) => r.parent_id === null).length, 2, "an edited first question");
  assert.deepEqual(activePath(app, id2), ["Train or car?", "Train."]);
  seqGrowsOnEveryPath(list);

  const picked = await importAs(
    ana,
    [chatgptSimple("One"), chatgptSimple("Two"), chatgptSimple("Three")],
    "?only=2,0",
  );
  assert.deepEqual(picked.conversations.map((c) => c.title), ["One", "Three"]);
  await expectError(
    await ana.fetch("/api/imports?only=5", post(JSON.stringify([chatgptSimple()]))),
    422,
    "import_only_invalid",
  );
});

Deno.test("imports API - bad files: clear errors, nothing stored", async () => {
  const { app, ana } = await setup();
  await using _ = app;
  const cases: [string, string][] = [
    ["this is not json", "import_not_json"],
    [JSON.stringify({ users: [] }), "import_unknown_format"],
    [JSON.stringify([{ mapping: { a: { message: { author: {} } } } }]), "import_malformed"],
  ];
  const cyclic = chatgptConversation();
  cyclic.mapping.u1.parent = "a2";
  cases.push([JSON.stringify([chatgptSimple(), cyclic]), "import_malformed"]);
  const dangling = openwebuiChat();
  dangling.chat.history.messages.m4.parentId = "nowhere";
  cases.push([JSON.stringify([dangling]), "import_malformed"]);
  for (const [body, code] of cases) {
    for (const path of ["/api/imports/preview", "/api/imports"]) {
      const err = await expectError(await ana.fetch(path, post(body)), 422, code);
      if (code === "import_unknown_format") assert.match(err.error.message, /openwebui/);
    }
  }
  const german = await expectError(
    await ana.fetch("/api/imports/preview", {
      ...post('{"users":[]}'),
      headers: { "content-type": "application/json", "accept-language": "de" },
    }),
    422,
    "import_unknown_format",
  );
  assert.match(german.error.message, /kein Chat-Export, den Hearth kennt.*openwebui/);
  const err = await expectError(
    await ana.fetch("/api/imports", post(JSON.stringify([chatgptSimple(), cyclic]))),
    422,
    "import_malformed",
  );
  assert.match(err.error.message, /conversation 2 \(“Hearth questions”\).*cycle/);
  assert.equal(count(app, "conversations"), 0, "the good first conversation was not kept");
  assert.equal(count(app, "messages"), 0);

  // A form without the file.
  const form = new FormData();
  form.set("other", "x");
  await expectError(
    await ana.fetch("/api/imports", { method: "POST", body: form }),
    422,
    "import_file_required",
  );

  // Past 100 MB (streamed without a length): refused while read, nothing kept.
  const chunk = new Uint8Array(1_000_000).fill(0x20);
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent++ >= 101) return controller.close();
      controller.enqueue(chunk);
    },
  });
  await expectError(
    await ana.fetch("/api/imports", { ...post(body), duplex: "half" } as RequestInit),
    413,
    "body_too_large",
  );
  assert.ok(sent < 103, "the upload stopped at the cap");
  assert.equal(count(app, "conversations"), 0);
});

Deno.test("imports API - a visitor without a profile cannot import", async () => {
  await using app = await testApp();
  const res = await app.api("/api/imports/preview", post(JSON.stringify([chatgptSimple()])));
  assert.ok(res.status === 401 || res.status === 403, String(res.status));
  await res.body?.cancel();
});

Deno.test("imports API - ChatGPT's export zip as downloaded previews and imports", async () => {
  const { zipSync, strToU8 } = await import("fflate");
  const { app, ana } = await setup();
  await using _ = app;
  const zip = zipSync({
    "chat.html": strToU8("<html></html>"),
    "conversations.json": strToU8(JSON.stringify([chatgptConversation(), chatgptSimple()])),
  });
  const preview: ImportPreview = await (await ana.fetch(
    "/api/imports/preview",
    post(zip, "application/zip"),
  )).json();
  assert.equal(preview.format, "chatgpt");
  assert.equal(preview.total, 2);
  const form = new FormData();
  form.set("file", new File([zip], "chatgpt-export.zip", { type: "application/zip" }));
  form.set("only", "1");
  const res = await ana.fetch("/api/imports", { method: "POST", body: form });
  assert.equal(res.status, 201);
  assert.deepEqual((await res.json() as ImportResult).conversations.map((c) => c.title), ["Soup"]);
});
