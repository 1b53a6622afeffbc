/**
 * Limited profiles over HTTP (SPEC §3): the admin's `/api/admin/profiles/{id}/limits`, and each
 * kind of limit held on the server whatever the route: the model menu and `/api/chat/stream`,
 * quiet hours and the day's replies on a controlled clock (`services.now`), gems, documents
 * (direct access, lists, search and retrieval), and the tools the model is offered (seen at the
 * Fake Ollama). `GET /api/me` tells the profile its limits and what is left today.
 */
import assert from "node:assert/strict";
import { getProfile } from "../lib/auth/mod.ts";
import { listGems } from "../lib/gems/store.ts";
import { createConversation } from "../lib/chat/store.ts";
import { turnDocuments } from "../lib/rag/chat.ts";
import { retrieve } from "../lib/rag/retrieve.ts";
import { ToolRegistry } from "../lib/assistant/registry.ts";
import { memoryWorkspace, TEST_TOOLS, testSettings } from "../lib/agent/testing.ts";
import type { ToolStep } from "../lib/agent/types.ts";
import { adminApp, json, readSse } from "./helpers/admin.ts";
import { expectError } from "./helpers/app.ts";
import { seedDocument } from "./helpers/documents.ts";
import { member } from "./helpers/profile.ts";

const NOON = Date.parse("2026-12-04T11:00:00Z"); // 12:00 in Berlin
const NIGHT = Date.parse("2026-12-04T21:30:00Z"); // 22:30 in Berlin

async function limitedApp(reply?: (body: Record<string, unknown>) => unknown) {
  const app = await adminApp({}, reply ? { reply: reply as never } : {});
  const kid = await member(app, "Kid");
  await app.services.db.kysely.updateTable("profiles").set({ time_zone: "Europe/Berlin" })
    .where("id", "=", kid.id).execute();
  let now = NOON;
  app.services.now = () => now;
  const [allowed, other] = app.ollama!.server.installed();
  assert.ok(allowed && other, "the fake has two models");
  const setLimits = async (limits: Record<string, unknown>) => {
    const res = await app.admin(`/api/admin/profiles/${kid.id}/limits`, json("PUT", limits));
    assert.equal(res.status, 200, await res.clone().text());
    return await res.json();
  };
  return {
    app,
    kid,
    allowed,
    other,
    setLimits,
    at(ms: number) {
      now = ms;
    },
  };
}

const send = (content: string, model: string) => json("POST", { content, model });

Deno.test("limits api - admin only, validated, never the admin; GET, PUT, DELETE; /api/me shows them", async () => {
  const { app, kid, allowed, setLimits } = await limitedApp();
  await using _ = app;
  const url = `/api/admin/profiles/${kid.id}/limits`;
  await expectError(await kid.fetch(url), 401, "admin_required");
  await expectError(await kid.fetch(url, json("PUT", {})), 401, "admin_required");
  const { options, ...none } = await (await app.admin(url)).json();
  assert.deepEqual(none, { limits: null, usage: { day: "2026-12-04", replies: 0, left: null } });
  // What the editor offers: the installed models, every tool by name, the gems.
  assert.deepEqual(options.models, app.ollama!.server.installed().toSorted());
  assert.ok(options.tools.includes("create_todo") && options.tools.includes("write_file"));
  assert.ok(!options.tools.includes("chat"));
  assert.equal(options.gems.length, (await listGems(app.services.db.kysely, "en")).length);
  for (
    const bad of [
      { quietStart: "21:00" },
      { quietStart: "25:00", quietEnd: "07:00" },
      { dailyReplies: -1 },
      { models: "llama" },
      { colour: "red" },
    ]
  ) {
    await expectError(await app.admin(url, json("PUT", bad)), 422, "invalid_input").catch(
      async () => {
        const res = await app.admin(url, json("PUT", bad));
        assert.equal(res.status, 422, `${JSON.stringify(bad)}: ${await res.text()}`);
      },
    );
  }
  const admin = (await app.services.db.kysely.selectFrom("profiles").select("id")
    .where("is_admin", "=", 1).executeTakeFirstOrThrow()).id;
  await expectError(
    await app.admin(`/api/admin/profiles/${admin}/limits`, json("PUT", { dailyReplies: 3 })),
    422,
    "limit_admin",
  );
  await expectError(await app.admin("/api/admin/profiles/nope/limits"), 404, "profile_not_found");
  assert.equal(
    (await app.services.db.kysely.selectFrom("profile_limits").selectAll().execute())
      .length,
    0,
    "a bad input stored nothing",
  );

  const set = await setLimits({
    models: [allowed],
    dailyReplies: 3,
    quietStart: "21:00",
    quietEnd: "07:00",
  });
  assert.deepEqual(set.limits, {
    models: [allowed],
    tools: null,
    gems: null,
    documents: null,
    quietStart: "21:00",
    quietEnd: "07:00",
    dailyReplies: 3,
  });
  const me = await (await kid.fetch("/api/me")).json();
  assert.deepEqual(me.limits.usage, { day: "2026-12-04", replies: 0, left: 3 });
  assert.equal(me.limits.limits.dailyReplies, 3);
  const lifted = await (await app.admin(url, { method: "DELETE" })).json();
  assert.equal(lifted.limits, null);
  assert.equal((await (await kid.fetch("/api/me")).json()).limits.limits, null);
});

Deno.test("limits api - a forbidden model is not offered and refused through every route", async () => {
  const { app, kid, allowed, other, setLimits } = await limitedApp();
  await using _ = app;
  await setLimits({ models: [allowed.toUpperCase()] });
  const menu = await (await kid.fetch("/api/chat/models")).json();
  assert.deepEqual(menu.models.map((m: { name: string }) => m.name), [allowed]);
  assert.equal(menu.default, allowed);
  const refused = await expectError(
    await kid.fetch("/api/chat/stream", send("hello", other)),
    403,
    "limit_model",
  );
  assert.match(refused.error.message, new RegExp(other.replace(/[.:]/g, "\\$&")));
  assert.equal(
    (await app.services.db.kysely.selectFrom("messages").selectAll().execute()).length,
    0,
    "a refused message is not stored",
  );
  // German, with the model named.
  const de = await kid.fetch("/api/chat/stream", {
    ...send("hallo", other),
    headers: { "content-type": "application/json", "accept-language": "de" },
  });
  const deBody = await expectError(de, 403, "limit_model");
  assert.equal(
    deBody.error.message,
    `Dieses Profil darf ${other} nicht verwenden. Wähle ein anderes Modell oder frag den Admin.`,
  );
  // Allowed: answered; then regenerate and resend with the other model are refused.
  const events = await readSse(await kid.fetch("/api/chat/stream", send("hello", allowed)));
  const meta = events.find((e) => e.event === "meta")?.data as Record<string, string>;
  assert.ok(events.some((e) => e.event === "done"), JSON.stringify(events));
  await expectError(
    await kid.fetch(
      `/api/messages/${meta.assistantMessageId}/regenerate`,
      json("POST", { model: other }),
    ),
    403,
    "limit_model",
  );
  await expectError(
    await kid.fetch(
      `/api/messages/${meta.userMessageId}/resend`,
      json("POST", { content: "again", model: other }),
    ),
    403,
    "limit_model",
  );
});

Deno.test("limits api - quiet hours and the daily limit on a controlled clock; next local day allowed", async () => {
  const { app, kid, allowed, setLimits, at } = await limitedApp();
  await using _ = app;
  await setLimits({ quietStart: "21:00", quietEnd: "07:00", dailyReplies: 2 });
  at(NIGHT);
  const quiet = await expectError(
    await kid.fetch("/api/chat/stream", send("hi", allowed)),
    403,
    "limit_quiet_hours",
  );
  assert.match(quiet.error.message, /07:00/);
  at(NOON);
  for (let i = 0; i < 2; i++) {
    const events = await readSse(await kid.fetch("/api/chat/stream", send(`hi ${i}`, allowed)));
    assert.ok(events.some((e) => e.event === "done"));
  }
  assert.equal((await (await kid.fetch("/api/me")).json()).limits.usage.left, 0);
  const daily = await expectError(
    await kid.fetch("/api/chat/stream", send("one more", allowed)),
    403,
    "limit_daily",
  );
  assert.match(daily.error.message, /2/);
  // 07:30 next morning in Berlin: a new day, after the quiet hours.
  at(Date.parse("2026-12-05T06:30:00Z"));
  const events = await readSse(await kid.fetch("/api/chat/stream", send("morning", allowed)));
  assert.ok(events.some((e) => e.event === "done"));
  const me = await (await kid.fetch("/api/me")).json();
  assert.deepEqual(me.limits.usage, { day: "2026-12-05", replies: 1, left: 1 });
});

Deno.test("limits api - a forbidden gem is hidden and its run refused, counting nothing", async () => {
  const { app, kid, setLimits } = await limitedApp();
  await using _ = app;
  const gems = await listGems(app.services.db.kysely, "en");
  // Summarize (one text field) may run; Explain a photo may not.
  const ok = gems.find((g) => g.fields.length === 1 && g.fields[0].name === "text")!;
  const no = gems.find((g) => g.fields.some((f) => f.type === "image"))!;
  await setLimits({ gems: [ok.id], dailyReplies: 5 });
  const listed = await (await kid.fetch("/api/gems")).json();
  assert.deepEqual(listed.gems.map((g: { id: string }) => g.id), [ok.id]);
  const page = await (await kid.fetch("/gems")).text();
  assert.ok(!page.includes(`/gems/${no.id}"`), "the gems page hides it");
  await expectError(await kid.fetch(`/api/gems/${no.id}`), 403, "limit_gem");
  const refused = await expectError(
    await kid.fetch(`/api/gems/${no.id}/run`, json("POST", { values: {} })),
    403,
    "limit_gem",
  );
  assert.ok(refused.error.message.includes(no.name));
  assert.equal(
    (await app.services.db.kysely.selectFrom("gem_runs").selectAll().execute()).length,
    0,
  );
  assert.equal((await (await kid.fetch("/api/me")).json()).limits.usage.replies, 0);
  // Gem runs count as replies and keep quiet hours too.
  app.services.config.current.models.chat = app.ollama!.server.installed()[0];
  await setLimits({ gems: [ok.id], quietStart: "00:00", quietEnd: "23:59" });
  await expectError(
    await kid.fetch(`/api/gems/${ok.id}/run`, json("POST", { values: { text: "A long day." } })),
    403,
    "limit_quiet_hours",
  );
});

Deno.test("limits api - a forbidden document is refused directly and left out of lists, search and retrieval", async () => {
  const { app, kid, setLimits } = await limitedApp();
  await using _ = app;
  const ann = await member(app, "Ann");
  const markdown = "Pancakes need flour, milk and eggs.";
  const seed = (name: string) =>
    seedDocument(app.services, ann.id, {
      name,
      markdown,
      chunks: [[0, markdown.length, "Pancakes"]],
      shared: true,
    });
  const { doc: homework } = await seed("Homework.md");
  const { doc: recipes } = await seed("Recipes.md");
  await setLimits({ documents: [homework.id] });
  for (const path of ["", "/download", "/text"]) {
    const body = await expectError(
      await kid.fetch(`/api/documents/${recipes.id}${path}`),
      403,
      "limit_document",
    );
    assert.ok(body.error.message.includes("Recipes.md"));
  }
  assert.equal((await kid.fetch(`/api/documents/${homework.id}`)).status, 200);
  const list = await (await kid.fetch("/api/documents")).json();
  assert.deepEqual(list.documents.map((d: { id: string }) => d.id), [homework.id]);
  const hits = (await (await kid.fetch("/api/search?q=pancakes")).json()).hits as {
    kind: string;
    id: string;
    parentId: string;
  }[];
  const docs = hits.map((h) => h.kind === "document" ? h.id : h.parentId);
  assert.ok(docs.includes(homework.id), JSON.stringify(hits));
  assert.ok(!docs.includes(recipes.id), JSON.stringify(hits));
  // Ann, not limited, finds both.
  const annHits = (await (await ann.fetch("/api/search?q=pancakes")).json()).hits as {
    kind: string;
    parentId: string;
  }[];
  assert.ok(annHits.some((h) => h.kind === "doc_chunk" && h.parentId === recipes.id));
  // Retrieval: neither named nor searched.
  const conversation = await createConversation(app.services.db.kysely, kid.id, {});
  const turn = await turnDocuments(app.services.db, kid.id, conversation.id, "#recipes #homework");
  assert.deepEqual(turn.map((d) => d.id), [homework.id]);
  const passages = await retrieve({
    db: app.services.db,
    index: app.services.vectors,
    embed: () => Promise.reject(new Error("no vectors here")),
  }, { profileId: kid.id, query: "pancakes flour" });
  assert.deepEqual([...new Set(passages.map((p) => p.documentId))], [homework.id]);
  const named = await retrieve({
    db: app.services.db,
    index: app.services.vectors,
    embed: () => Promise.reject(new Error("no vectors here")),
  }, { profileId: kid.id, query: "pancakes", documents: [recipes.id] });
  assert.deepEqual(named, []);
  // A damaged list allows none.
  await app.services.db.kysely.updateTable("profile_limits").set({ documents: "{oops" }).execute();
  assert.deepEqual((await (await kid.fetch("/api/documents")).json()).documents, []);
  await expectError(await kid.fetch(`/api/documents/${homework.id}`), 403, "limit_document");
  assert.equal((await getProfile(app.services.db, kid.id)).name, "Kid");
});

Deno.test("limits api - the assistant's model is offered only the allowed tools", async () => {
  const offered: string[][] = [];
  const { app, kid, allowed, setLimits } = await limitedApp((body) => {
    if (Array.isArray(body.tools)) {
      offered.push((body.tools as { function: { name: string } }[]).map((t) => t.function.name));
      return { toolCalls: [{ name: "delete_todo", arguments: { query: "milk" } }] };
    }
    return { content: "Hello." };
  });
  await using _ = app;
  await setLimits({ tools: ["create_todo", "query_todos"] });
  const created = await kid.fetch(
    "/api/conversations",
    json("POST", { assistant: true, model: allowed }),
  );
  const conversation = await created.json();
  const events = await readSse(
    await kid.fetch(
      "/api/chat/stream",
      json("POST", { conversationId: conversation.id, content: "Delete milk" }),
    ),
  );
  assert.deepEqual(offered.map((names) => names.sort()), [["chat", "create_todo", "query_todos"]]);
  // The model called a tool it was not offered: refused kindly, nothing done.
  const text = events.filter((e) => e.event === "token").map((e) =>
    (e.data as { text: string }).text
  ).join("");
  assert.match(text, /may not use the tool delete_todo/);
});

Deno.test("limits api - the agent's model is offered only the allowed tools; a call to another is refused", async () => {
  const offered: string[][] = [];
  let n = 0;
  const { app, kid, allowed, setLimits } = await limitedApp((body) => {
    if (Array.isArray(body.tools)) {
      offered.push((body.tools as { function: { name: string } }[]).map((t) => t.function.name));
    }
    return n++ === 0
      ? { toolCalls: [{ name: "write_file", arguments: { path: "a.md", content: "x" } }] }
      : { content: "I could not write it." };
  });
  await using _ = app;
  const workspace = memoryWorkspace(kid.id, "");
  app.services.agentParts = {
    openWorkspace: () => Promise.resolve(workspace),
    snapshot: () => Promise.resolve(),
    tools: () => new ToolRegistry(TEST_TOOLS),
    settings: () => Promise.resolve(testSettings()),
  };
  await setLimits({ tools: ["read_file", "add_todo"] });
  const conversation = await createConversation(app.services.db.kysely, kid.id, {
    agent: true,
    model: allowed,
  });
  const events = await readSse(
    await kid.fetch(
      "/api/chat/stream",
      json("POST", { conversationId: conversation.id, content: "Write a.md" }),
    ),
  );
  assert.deepEqual(offered[0].sort(), ["add_todo", "read_file"]);
  const steps = events.filter((e) => e.event === "tool").map((e) => e.data as ToolStep);
  const last = steps.at(-1)!;
  assert.equal(last.state, "error");
  assert.equal(last.code, "limit_tool");
  assert.equal(workspace.files.size, 0, "nothing written");
});
