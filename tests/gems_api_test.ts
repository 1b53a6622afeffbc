/**
 * Gems over HTTP on the Fake Ollama: starter gems in both languages, the admin's CRUD and its
 * errors (members are refused), runs as tasks (values checked per field, a value's `{{x}}` kept
 * literal, resume and cancel), the JSON-schema retry, photo fields for vision and other models,
 * "continue as chat", and baking into an Ollama model.
 */
import assert from "node:assert/strict";
import { pngBytes } from "../lib/chat/testing.ts";
import { chunkMarkdown } from "../lib/rag/chunk.ts";
import { saveChunks } from "../lib/rag/store.ts";
import { insertDocument } from "../lib/rag/testing.ts";
import { gemDeps } from "../lib/gems/deps.ts";
import { type Retrieve, startGemRun } from "../lib/gems/run.ts";
import { getGem } from "../lib/gems/store.ts";
import type { Gem, GemRun } from "../lib/gems/types.ts";
import { type AdminApp, adminApp, json, parseSse, readSse, type Sse } from "./helpers/admin.ts";
import { expectError } from "./helpers/app.ts";
import { profileOwner } from "../lib/tasks/owner.ts";
import { type Member, member } from "./helpers/profile.ts";

const VISION = "gemma3:4b";
const BLIND = "llama3.2:latest";

async function gemsApp(): Promise<AdminApp> {
  return await adminApp({}, { tokensPerSecond: 0 });
}

/** Creates a gem as the admin; answers it. */
async function create(app: AdminApp, body: Record<string, unknown>): Promise<Gem> {
  const res = await app.admin("/api/admin/gems", json("POST", { model: BLIND, ...body }));
  assert.equal(res.status, 201, await res.clone().text());
  return await res.json();
}

/** Runs a gem to its end; answers the events. */
async function run(who: Member, id: string, body: Record<string, unknown>): Promise<Sse[]> {
  return await readSse(await who.fetch(`/api/gems/${id}/run`, json("POST", body)));
}

/** The chat requests the fake got (no loads). */
function chats(app: AdminApp) {
  type Sent = { role: string; content: string; images?: string[] }[];
  return app.ollama!.server.requests.filter((r) =>
    r.path === "/api/chat" && (r.body?.messages as Sent | undefined)?.length
  ).map((r) => r.body as { messages: Sent; format?: unknown; options?: Record<string, unknown> });
}

/** Waits for a task's end (its onEnd stored the run). */
async function ended(app: AdminApp, who: Member, taskId: string) {
  await app.services.tasks.get(taskId, profileOwner(who.id)).ended;
}

const text = (events: Sse[]) =>
  events.filter((e) => e.event === "token").map((e) => (e.data as { text: string }).text).join("");

Deno.test("gems api - starter gems are seeded once and shown in the viewer's language until edited", async () => {
  await using app = await gemsApp();
  const ann = await member(app, "Ann");
  const en = (await (await ann.fetch("/api/gems")).json()).gems as Gem[];
  assert.deepEqual(en.map((g) => g.starter).sort(), ["email", "photo", "summarize", "translate"]);
  const summarize = en.find((g) => g.starter === "summarize")!;
  assert.equal(summarize.name, "Summarize");
  assert.match(summarize.instructions, /^Summarize the following text/);
  const de = (await (await ann.fetch("/api/gems", { headers: { "accept-language": "de" } }))
    .json()).gems as Gem[];
  const zus = de.find((g) => g.id === summarize.id)!;
  assert.equal(zus.name, "Zusammenfassen");
  assert.match(zus.instructions, /^Fasse den folgenden Text/);
  assert.equal(de.find((g) => g.starter === "translate")!.fields[0].options![1], "Deutsche");
  // The admin's edit makes the words stand as saved, in every language.
  const put = await app.admin(
    `/api/admin/gems/${summarize.id}`,
    json("PUT", {
      name: "Kurz gesagt",
      icon: summarize.icon,
      instructions: summarize.instructions,
      fields: summarize.fields,
    }),
  );
  assert.equal(put.status, 200, await put.clone().text());
  const after = await (await ann.fetch(`/api/gems/${summarize.id}`, {
    headers: { "accept-language": "de" },
  })).json() as Gem;
  assert.equal(after.name, "Kurz gesagt");
  assert.equal(after.starter, null);
  assert.match(after.instructions, /^Summarize/);
});

Deno.test("gems api - only the admin creates, changes and deletes; errors name the field", async () => {
  await using app = await gemsApp();
  const ann = await member(app, "Ann");
  await expectError(
    await ann.fetch("/api/admin/gems", json("POST", { name: "x", instructions: "y" })),
    401,
    "admin_required",
  );
  const gem = await create(app, {
    name: "Poem",
    icon: "🪶",
    instructions: "Write a poem about {{topic}} in {{lines}} lines.",
    fields: [{ name: "lines", type: "number", label: "Lines", min: 2, max: 12, default: 4 }],
  });
  assert.deepEqual(gem.fields.map((f) => [f.name, f.type, f.required]), [
    ["topic", "text", true],
    ["lines", "number", true],
  ]);
  await expectError(
    await ann.fetch(`/api/admin/gems/${gem.id}`, { method: "DELETE" }),
    401,
    "admin_required",
  );
  const bad = async (body: Record<string, unknown>, code: string, field: string) => {
    const err = await expectError(
      await app.admin("/api/admin/gems", json("POST", { name: "Bad", ...body })),
      422,
      code,
    );
    assert.equal(err.error.field, field);
    return err.error.message;
  };
  assert.match(
    await bad(
      {
        instructions: "Hello {{a}}",
        fields: [{ name: "a" }, { name: "b", type: "text" }],
      },
      "unused_field",
      "fields.1.name",
    ),
    /“b”/,
  );
  assert.match(
    await bad(
      { instructions: "{{a}}", fields: [{ name: "a", type: "colour" }] },
      "unknown_field_type",
      "fields.0.type",
    ),
    /“a”/,
  );
  await bad(
    { instructions: "{{a}}", fields: [{ name: "a", type: "select" }] },
    "select_without_options",
    "fields.0.options",
  );
  assert.match(
    await bad(
      { instructions: "x", outputSchema: { type: "object", oneOf: [] } },
      "invalid_output_schema",
      "outputSchema",
    ),
    /oneOf/,
  );
  await bad({ instructions: "x", tools: ["format_disk"] }, "unknown_tool", "tools.0");
  // German says it too, naming the field.
  const de = await app.admin("/api/admin/gems", {
    ...json("POST", {
      name: "Bad",
      instructions: "{{a}}",
      fields: [{ name: "a", type: "select" }],
    }),
    headers: { "content-type": "application/json", "accept-language": "de" },
  });
  assert.match((await expectError(de, 422, "select_without_options")).error.message, /„a“/);
  assert.equal((await app.admin(`/api/admin/gems/${gem.id}`, { method: "DELETE" })).status, 204);
  await expectError(await ann.fetch(`/api/gems/${gem.id}`), 404, "gem_not_found");
});

Deno.test("gems api - a run checks values per field, substitutes once and streams as a task", async () => {
  await using app = await gemsApp();
  const ann = await member(app, "Ann");
  const gem = await create(app, {
    name: "Poem",
    instructions: "Write about {{topic}} in {{lines}} lines, {{mood}}.",
    fields: [
      { name: "lines", type: "number", min: 2, max: 12 },
      { name: "mood", type: "select", options: ["happy", "sad"], default: "happy" },
    ],
    parameters: { temperature: 0.3, seed: 7 },
  });
  const missing = await expectError(
    await ann.fetch(`/api/gems/${gem.id}/run`, json("POST", { values: { lines: 3 } })),
    422,
    "gem_value_missing",
  );
  assert.equal(missing.error.field, "values.topic");
  const out = await expectError(
    await ann.fetch(`/api/gems/${gem.id}/run`, json("POST", { values: { topic: "x", lines: 40 } })),
    422,
    "gem_value_invalid",
  );
  assert.equal(out.error.field, "values.lines");
  assert.match(out.error.message, /at most 12/);
  app.ollama!.server.setReply("Roses are red.");
  const events = await run(ann, gem.id, {
    values: { topic: "{{lines}} and {{mood}}", lines: "3" },
  });
  assert.equal(events.at(-2)?.event, "done");
  assert.equal(text(events), "Roses are red.");
  const sent = chats(app).at(-1)!;
  assert.equal(
    sent.messages.at(-1)!.content,
    "Write about {{lines}} and {{mood}} in 3 lines, happy.",
  );
  assert.equal(sent.options?.temperature, 0.3);
  assert.equal(sent.options?.seed, 7);
  const { runId } = events[0].data as { runId: string };
  const stored = await (await ann.fetch(`/api/gems/runs/${runId}`)).json() as GemRun;
  assert.equal(stored.status, "complete");
  assert.equal(stored.output, "Roses are red.");
  assert.deepEqual(stored.values, { topic: "{{lines}} and {{mood}}", lines: 3, mood: "happy" });
  // Another profile's run is as missing as none.
  const bob = await member(app, "Bob");
  await expectError(await bob.fetch(`/api/gems/runs/${runId}`), 404, "gem_run_not_found");
});

Deno.test("gems api - a run resumes from Last-Event-ID and stops through the task API", async () => {
  await using app = await gemsApp();
  const ann = await member(app, "Ann");
  const gem = await create(app, { name: "Echo", instructions: "Say {{thing}}." });
  app.ollama!.server.setReply("one two three four five six");
  const res = await ann.fetch(`/api/gems/${gem.id}/run`, json("POST", { values: { thing: "hi" } }));
  const taskId = res.headers.get("x-hearth-task")!;
  const all = parseSse(await res.text());
  const resumed = await ann.fetch(`/api/tasks/${taskId}/stream`, {
    headers: { "last-event-id": String(all[2].id) },
  });
  assert.deepEqual(parseSse(await resumed.text()), all.slice(3));
  // A held model: the run is stopped while it waits, and stored as cancelled.
  app.ollama!.server.hold();
  const held = await ann.fetch(`/api/gems/${gem.id}/run`, json("POST", { values: { thing: "x" } }));
  const id = held.headers.get("x-hearth-task")!;
  const cancel = await ann.fetch(`/api/tasks/${id}/cancel`, { method: "POST" });
  assert.equal(cancel.status, 200, await cancel.clone().text());
  // Stopped the way a chat reply stops: the model's stop confirmed through Ollama's /api/ps.
  const stopped = await cancel.json();
  assert.equal(stopped.cancelled, true);
  assert.equal(stopped.upstream.model, BLIND);
  const events = parseSse(await held.text());
  app.ollama!.server.release();
  assert.equal(events.at(-2)?.event, "error");
  const { runId } = events[0].data as { runId: string };
  await ended(app, ann, id);
  const stored = await (await ann.fetch(`/api/gems/runs/${runId}`)).json() as GemRun;
  assert.equal(stored.status, "cancelled");
});

const SCHEMA = {
  type: "object",
  properties: { title: { type: "string", minLength: 1 }, stars: { type: "integer", maximum: 5 } },
  required: ["title", "stars"],
};

/** Ann and her "Rate" gem, whose answer must fit `SCHEMA`. */
async function rateGem(app: AdminApp) {
  const ann = await member(app, "Ann");
  const gem = await create(app, {
    name: "Rate",
    instructions: "Rate {{film}}.",
    outputSchema: SCHEMA,
  });
  return { ann, gem };
}

Deno.test("gems api - a JSON answer that breaks the schema is asked for once more", async () => {
  await using app = await gemsApp();
  const { ann, gem } = await rateGem(app);
  app.ollama!.server.setReply((body) =>
    (body.messages as unknown[]).length === 1
      ? { json: { title: "Heat", stars: 9 } }
      : { json: { title: "Heat", stars: 5 } }
  );
  const events = await run(ann, gem.id, { values: { film: "Heat" } });
  const retry = events.find((e) => e.event === "retry");
  assert.deepEqual(retry?.data, { problems: ["$.stars: should be at most 5"] });
  const done = events.at(-2)!;
  assert.equal(done.event, "done");
  assert.deepEqual((done.data as { json: unknown }).json, { title: "Heat", stars: 5 });
  const sent = chats(app);
  assert.deepEqual(sent.at(-1)!.format, SCHEMA);
  assert.match(sent.at(-1)!.messages.at(-1)!.content, /\$\.stars: should be at most 5/);
});

Deno.test("gems api - a second wrong JSON answer ends the run with invalid_output, its text kept", async () => {
  await using app = await gemsApp();
  const { ann, gem } = await rateGem(app);
  app.ollama!.server.setReply({ json: { title: "" } });
  const events = await run(ann, gem.id, { values: { film: "Heat" } });
  assert.equal(chats(app).length, 2, "asked twice, not more");
  const error = events.at(-2)!;
  assert.equal(error.event, "error");
  const { code, message } = error.data as { code: string; message: string };
  assert.equal(code, "invalid_output");
  assert.match(message, /\$\.title: should have at least 1 characters/);
  assert.match(message, /\$\.stars: is required/);
  const { runId } = events[0].data as { runId: string };
  await ended(app, ann, (events[0].data as { taskId: string }).taskId);
  const stored = await (await ann.fetch(`/api/gems/runs/${runId}`)).json() as GemRun;
  assert.equal(stored.status, "error");
  assert.equal(stored.output, '{"title":""}');
  assert.equal(stored.error?.code, "invalid_output");
});

Deno.test("gems api - a photo field goes to a vision model as an image; another model refuses first", async () => {
  await using app = await gemsApp();
  const ann = await member(app, "Ann");
  const gems = (await (await ann.fetch("/api/gems")).json()).gems as Gem[];
  const photo = gems.find((g) => g.starter === "photo")!;
  const upload = await ann.fetch("/api/chat/attachments", {
    method: "POST",
    headers: { "content-type": "image/png" },
    body: await pngBytes(20, 10),
  });
  const { id } = await upload.json();
  // The starter uses the household default, a model that cannot see: refused before running.
  app.services.config.current.models.chat = BLIND;
  const refused = await expectError(
    await ann.fetch(`/api/gems/${photo.id}/run`, json("POST", { values: { photo: id } })),
    422,
    "model_cannot_see",
  );
  assert.match(refused.error.message, /cannot see images/);
  assert.equal(chats(app).length, 0);
  app.services.config.current.models.chat = VISION;
  const events = await run(ann, photo.id, { values: { photo: id } });
  assert.equal(events.at(-2)?.event, "done");
  const sent = chats(app).at(-1)!.messages.at(-1)!;
  assert.equal(sent.images?.length, 1);
  assert.match(sent.content, /\[Photo\]/);
  // Someone else's photo is a missing one.
  const bob = await member(app, "Bob");
  await expectError(
    await bob.fetch(`/api/gems/${photo.id}/run`, json("POST", { values: { photo: id } })),
    404,
    "attachment_not_found",
  );
});

Deno.test("gems api - continue as chat makes a conversation of the prompt and the output", async () => {
  await using app = await gemsApp();
  const ann = await member(app, "Ann");
  const gem = await create(app, { name: "Echo", instructions: "Say {{thing}}." });
  app.ollama!.server.setReply("Hello there.");
  const events = await run(ann, gem.id, { values: { thing: "hello" } });
  const { runId, taskId } = events[0].data as { runId: string; taskId: string };
  await ended(app, ann, taskId);
  const res = await ann.fetch(`/api/gems/runs/${runId}/continue`, { method: "POST" });
  assert.equal(res.status, 201, await res.clone().text());
  const { conversationId } = await res.json();
  const messages = (await (await ann.fetch(`/api/conversations/${conversationId}/messages`))
    .json()).items as { role: string; content: string; status: string }[];
  assert.deepEqual(messages.map((m) => [m.role, m.content]), [
    ["user", "Say hello."],
    ["assistant", "Hello there."],
  ]);
  const bob = await member(app, "Bob");
  await expectError(
    await bob.fetch(`/api/gems/runs/${runId}/continue`, { method: "POST" }),
    404,
    "gem_run_not_found",
  );
});

Deno.test("gems api - baking sends the instructions to /api/create; a gem with fields is refused", async () => {
  await using app = await gemsApp();
  const plain = await create(app, {
    name: "Küchen Hilfe",
    instructions: "You help in the kitchen. Answer briefly.",
    parameters: { temperature: 0.2, numCtx: 8192 },
  });
  const events = await readSse(
    await app.admin(`/api/admin/gems/${plain.id}/bake`, { method: "POST" }),
  );
  assert.deepEqual(events.at(-2), {
    ...events.at(-2)!,
    event: "done",
    data: { model: "hearth-kuchen-hilfe" },
  });
  const create_ = app.ollama!.server.requests.find((r) => r.path === "/api/create")!;
  assert.equal(create_.body?.from, BLIND);
  assert.equal(create_.body?.system, "You help in the kitchen. Answer briefly.");
  assert.deepEqual(create_.body?.parameters, { num_ctx: 8192, temperature: 0.2 });
  const withFields = await create(app, { name: "Echo", instructions: "Say {{thing}}." });
  await expectError(
    await app.admin(`/api/admin/gems/${withFields.id}/bake`, { method: "POST" }),
    409,
    "gem_has_fields",
  );
  const ann = await member(app, "Ann");
  await expectError(
    await ann.fetch(`/api/admin/gems/${plain.id}/bake`, { method: "POST" }),
    401,
    "admin_required",
  );
});

Deno.test("gems api - a gem's read-only tools are offered and run; tools that write are refused", async () => {
  await using app = await gemsApp();
  const ann = await member(app, "Ann");
  const todo = await ann.fetch("/api/todos", json("POST", { title: "Buy oat milk" }));
  assert.equal(todo.status, 201, await todo.clone().text());
  await expectError(
    await app.admin(
      "/api/admin/gems",
      json("POST", {
        name: "Writer",
        instructions: "x",
        tools: ["create_todo"],
      }),
    ),
    422,
    "tool_not_for_gems",
  );
  const gem = await create(app, {
    name: "Shopping",
    instructions: "What should I buy for {{meal}}?",
    tools: ["query_todos"],
  });
  app.ollama!.server.setReply((body) =>
    (body.messages as { role: string }[]).some((m) => m.role === "tool")
      ? "Oat milk, from your todos."
      : { toolCalls: [{ name: "query_todos", arguments: {} }] }
  );
  const events = await run(ann, gem.id, { values: { meal: "porridge" } });
  assert.equal(events.at(-2)?.event, "done");
  assert.equal(
    (events.find((e) => e.event === "tool")?.data as { name: string }).name,
    "query_todos",
  );
  assert.equal(text(events), "Oat milk, from your todos.");
  const sent = chats(app);
  assert.deepEqual(
    (sent[0] as { tools?: { function: { name: string } }[] }).tools?.map((t) => t.function.name),
    ["query_todos"],
  );
  const tool = sent.at(-1)!.messages.find((m) => m.role === "tool")!;
  assert.match(tool.content, /Buy oat milk/);
});

Deno.test("gems api - a gem's documents and folders are searched through the injected retrieval", async () => {
  await using app = await gemsApp();
  const ann = await member(app, "Ann");
  const now = new Date().toISOString();
  const db = app.services.db.raw;
  db.prepare(
    `INSERT INTO document_folders (id, profile_id, parent_id, name, shared, created_at, updated_at)
     VALUES ('f1', ?, NULL, 'Manuals', 1, ?, ?)`,
  ).run(ann.id, now, now);
  for (const [id, folder] of [["d1", "f1"], ["d2", null], ["d3", null]]) {
    db.prepare(
      `INSERT INTO documents (id, profile_id, folder_id, name, kind, mime, size, sha256, shared,
         status, created_at, updated_at)
       VALUES (?, ?, ?, ?, 'md', 'text/markdown', 1, 'x', 1, 'ready', ?, ?)`,
    ).run(id, ann.id, folder, `${id}.md`, now, now);
  }
  const gem = await create(app, {
    name: "Ask the manuals",
    instructions: "How do I {{task}}?",
    documents: ["f1", "d2"],
  });
  const asked: Parameters<Retrieve>[0][] = [];
  const retrieve: Retrieve = (req) => {
    asked.push(req);
    return Promise.resolve([{
      chunkId: 7,
      documentId: "d1",
      name: "d1.md",
      heading: "Descaling",
      text: "Hold both buttons for five seconds.",
      start: 0,
      end: 35,
      score: 1,
    }]);
  };
  app.ollama!.server.setReply("Hold both buttons.");
  const started = await startGemRun(gemDeps(app.services, "en", retrieve), {
    profileId: ann.id,
    gem: await getGem(app.services.db.kysely, gem.id, "en"),
    values: { task: "descale the kettle" },
  });
  await started.task.ended;
  assert.equal(asked.length, 1);
  assert.equal(asked[0].profileId, ann.id);
  assert.equal(asked[0].query, "How do I descale the kettle?");
  assert.deepEqual([...asked[0].documents!].sort(), ["d1", "d2"]);
  const sent = chats(app).at(-1)!.messages;
  assert.equal(sent[0].role, "system");
  assert.match(sent[0].content, /\[1\] d1\.md › Descaling\nHold both buttons for five seconds\./);
  assert.equal(sent[1].content, "How do I descale the kettle?");
});

Deno.test("gems api - without JavaScript the gem page's form runs the gem and shows the answer", async () => {
  await using app = await gemsApp();
  const ann = await member(app, "Ann");
  const gem = await create(app, { name: "Echo", instructions: "Say {{thing}}." });
  app.ollama!.server.setReply("Said **it**.");
  const res = await ann.fetch(`/gems/${gem.id}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", accept: "text/html" },
    body: "thing=it",
  });
  assert.equal(res.status, 303, await res.clone().text());
  const location = res.headers.get("location")!;
  assert.match(location, /\?run=/);
  const page = await (await ann.fetch(location, { headers: { accept: "text/html" } })).text();
  assert.match(page, /Said <strong>it<\/strong>\./);
  assert.match(page, /type="text"[^>]*name="thing"|name="thing"[^>]*type="text"/);
  const missing = await ann.fetch(`/gems/${gem.id}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", accept: "text/html" },
    body: "thing=",
  });
  assert.equal(missing.status, 200);
  assert.match(await missing.text(), /“thing” is required/);
});

Deno.test("gems api - a gem's documents are found by the real retrieval, only what the runner may read", async () => {
  await using app = await gemsApp();
  const ann = await member(app, "Ann");
  const bob = await member(app, "Bob");
  const db = app.services.db;
  const manual = await insertDocument(db, ann.id, "kettle.md", true);
  await saveChunks(
    db,
    manual,
    chunkMarkdown("# Kettle\n\n## Descaling\n\nFill with vinegar and boil twice to descale it."),
  );
  const diary = await insertDocument(db, ann.id, "diary.md", false);
  await saveChunks(db, diary, chunkMarkdown("# Diary\n\nI descale the kettle secretly."));
  const gem = await create(app, {
    name: "Ask",
    instructions: "How do I {{task}}?",
    documents: [manual, diary],
  });
  app.ollama!.server.setReply("Vinegar.");
  const system = async (who: Member) => {
    const events = await run(who, gem.id, { values: { task: "descale the kettle" } });
    assert.equal(events.at(-2)?.event, "done", JSON.stringify(events.at(-2)));
    const first = chats(app).at(-1)!.messages[0];
    return first.role === "system" ? first.content : "";
  };
  const anns = await system(ann);
  assert.match(anns, /vinegar/);
  assert.match(anns, /secretly/);
  // Ann's private diary is not Bob's to read, even through a gem.
  const bobs = await system(bob);
  assert.match(bobs, /vinegar/);
  assert.doesNotMatch(bobs, /secretly/);
});
