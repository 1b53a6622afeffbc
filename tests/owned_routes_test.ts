/**
 * Per-profile data answers its owner only (SPEC §3): nobody reads, changes or deletes another
 * profile's data by id, and "someone else's" answers exactly what "missing" answers.
 *
 * Nothing can slip past by being new: the per-profile tables come from the live database (every
 * table with a `profile_id` column) and the routes from the manifest (every route with a
 * parameter). Each must be registered below, a table with the routes that take its ids or the
 * reason it is not a profile's private data, a route under its data or with the reason it takes
 * no per-profile id. Then profile B calls every registered route, with every method it answers,
 * on profile A's ids.
 */
import { ensureWorkspaceRow } from "../lib/workspace/usage.ts";
import assert from "node:assert/strict";
import type { DatabaseSync } from "node:sqlite";
import { newId } from "../lib/db/ids.ts";
import { profileOwner } from "../lib/tasks/owner.ts";
import { pngBytes } from "../lib/chat/testing.ts";
import { openDatabase } from "../lib/db/mod.ts";
import { owned } from "../lib/db/owned.ts";
import { base64url } from "../lib/push/crypto.ts";
import { storeBriefing } from "../lib/scheduler/scheduler.ts";
import { classifyRouteFile } from "../lib/web/route_pattern.ts";
import type { Method, RouteModule } from "../lib/web/define.ts";
import manifest from "../routes.gen.ts";
import { json, readSse } from "./helpers/admin.ts";
import { type TestApp, testApp } from "./helpers/app.ts";
import { type Member, member } from "./helpers/profile.ts";

/** Where a reply's task lives (the one line to change when the task API moves). */
const CHAT_TASKS = "/api/tasks";

/** A's ids, from one chat (`seed`). */
interface Seeded {
  conversation: string;
  question: string;
  reply: string;
  task: string;
  /** An unsent photo. */
  attachment: string;
  /** A browser subscribed to push. */
  subscription: string;
  /** A todo. */
  todo: string;
  /** A weekly event. */
  event: string;
  memo: string;
  /** A private list, and an item on it. */
  list: string;
  item: string;
  /** A notification (her daily briefing's). */
  notification: string;
  /** A calendar subscription URL. */
  feed: string;
  /** An action the assistant took from chat (undoable). */
  action: string;
  /** A private folder of the document library, and a private document in it. */
  folder: string;
  document: string;
  /** A run of a gem, finished. */
  gemRun: string;
  /** A snapshot of her conversation's workspace. */
  snapshot: string;
  /** A tool step of an agent turn that waits for her approval. */
  approval: string;
  /** An API key of hers. */
  apiKey: string;
}

/**
 * One route that takes an id of per-profile data: which of A's ids goes in its parameter (or in
 * a body as `{id}`), and per method a valid body, so validation cannot answer before the owner
 * check does.
 */
interface Probe {
  id: keyof Seeded;
  body?: Partial<Record<Method, unknown>>;
  /** A route's further parameters, by name: A's ids, the same in both of B's requests. */
  params?: Record<string, keyof Seeded>;
  /** The route answers its owner with an endless stream (SSE): only its head is compared. */
  stream?: true;
  /** A query the route needs (`?path=` of a workspace file), the same in every request. */
  query?: string;
}

/** Per-profile data → every route that takes its ids. */
const PER_PROFILE: Record<
  string,
  { routes: Record<string, Probe>; inMemory?: string; sharedWhen?: string }
> = {
  conversations: {
    routes: {
      "/api/conversations/:id": { id: "conversation", body: { PATCH: { title: "Mine now" } } },
      "/api/conversations/:id/export": { id: "conversation" },
      "/api/conversations/:id/messages": { id: "conversation" },
      "/api/chat/stream": {
        id: "conversation",
        body: { POST: { conversationId: "{id}", content: "Mine now" } },
      },
      "/chat/:id": { id: "conversation" },
      "/api/conversations/:id/documents": { id: "conversation" },
      "/api/conversations/:id/documents/:docId": {
        id: "conversation",
        params: { docId: "document" },
      },
    },
  },
  messages: {
    routes: {
      "/api/messages/:id": { id: "question", body: { PATCH: { content: "Mine now" } } },
      "/api/messages/:id/regenerate": { id: "reply", body: { POST: {} } },
      "/api/messages/:id/resend": { id: "question", body: { POST: { content: "Mine now" } } },
      "/api/messages/:id/select": { id: "question", body: { POST: {} } },
    },
  },
  attachments: {
    routes: {
      "/api/chat/attachments/:id": { id: "attachment" },
      // A message names photos by id: someone else's is a missing one.
      "/api/chat/stream": {
        id: "attachment",
        body: { POST: { content: "Mine now", images: ["{id}"] } },
      },
    },
  },
  push_subscriptions: {
    routes: { "/api/push/subscriptions/:id": { id: "subscription" } },
  },
  todos: {
    routes: {
      "/api/todos/:id": { id: "todo", body: { PATCH: { title: "Mine now" } } },
      "/api/todos/:id/complete": { id: "todo" },
      "/api/todos/:id/reopen": { id: "todo" },
    },
  },
  events: {
    routes: {
      "/api/events/:id": { id: "event", body: { PATCH: { title: "Mine now" } } },
      "/api/events/:id/exceptions": {
        id: "event",
        body: { POST: { start: "2026-03-09T08:00:00Z" } },
      },
    },
  },
  memos: {
    routes: { "/api/memos/:id": { id: "memo", body: { PATCH: { pinned: true } } } },
  },
  lists: {
    sharedWhen: "`shared = 1`: a shared list is the household's, which anyone reads and whose " +
      "items anyone adds, ticks, edits and reorders (only its owner renames, unshares or deletes " +
      "it); lib/lists/access.ts alone decides, lib/lists/access_test.ts proves the table. The " +
      "probes use a private list, which is its owner's alone",
    routes: {
      "/api/lists/:id": { id: "list", body: { PATCH: { name: "Mine now" } } },
      "/api/lists/:id/events": { id: "list", stream: true },
      "/lists/:id": { id: "list" },
      "/api/lists/:id/items": { id: "list", body: { POST: { text: "Mine now" } } },
      "/api/lists/:id/items/reorder": { id: "list", body: { POST: { ids: [] } } },
      "/api/lists/:id/items/:itemId": {
        id: "list",
        params: { itemId: "item" },
        body: { PATCH: { done: true } },
      },
    },
  },
  calendar_feeds: {
    routes: {
      "/api/calendar-feeds/:id": { id: "feed" },
      "/api/calendar-feeds/:id/token": { id: "feed", body: { POST: {} } },
    },
  },
  assistant_actions: {
    routes: { "/api/assistant/actions/:id/undo": { id: "action" } },
  },
  documents: {
    sharedWhen: "`shared = 1`: a shared document (every one in a shared folder too) is the " +
      "household's to read, like a shared list; only its owner renames, moves, shares or " +
      "deletes it (403 `not_owner`); lib/documents/access.ts alone decides, " +
      "lib/documents/store_test.ts and tests/documents_api_test.ts prove it. The probes use a " +
      "private document, which is its owner's alone",
    routes: {
      "/api/documents/:id": { id: "document", body: { PATCH: { name: "Mine now" } } },
      "/api/documents/:id/download": { id: "document" },
      "/api/documents/:id/text": { id: "document" },
      "/api/documents/:id/ingest": { id: "document", body: { POST: {} } },
      "/documents/:id": { id: "document" },
      "/documents/:id/download": { id: "document" },
    },
  },
  document_folders: {
    sharedWhen: "`shared = 1`: a shared folder is the household's to read, like a shared list " +
      "(lib/documents/access.ts); the probes use a private folder",
    routes: {
      "/api/documents/folders/:id": { id: "folder", body: { PATCH: { name: "Mine now" } } },
    },
  },
  gem_runs: {
    routes: {
      "/api/gems/runs/:id": { id: "gemRun" },
      "/api/gems/runs/:id/continue": { id: "gemRun", body: { POST: {} } },
    },
  },
  // Read and written only as the asking profile's own (`GET`/`PUT /api/push/preferences`).
  push_preferences: { routes: {} },
  notifications: {
    routes: { "/api/notifications/:id/read": { id: "notification", body: { POST: {} } } },
  },
  // The scheduler's log of what it delivered: no route reads it.
  scheduler_fired: { routes: {} },
  // Read only as the asking profile's own: today's in `GET /api/today`, a notification's text
  // on `/notifications`.
  briefings: { routes: {} },
  // Read and written only as the asking profile's own (`/api/notifications/briefing`).
  briefing_settings: { routes: {} },
  // A conversation's workspace and its snapshots: their routes take the conversation's id.
  workspaces: {
    routes: {
      "/api/workspaces/:id": { id: "conversation" },
      "/api/workspaces/:id/files": { id: "conversation", query: "?path=seed.txt" },
      "/api/workspaces/:id/folders": { id: "conversation", body: { POST: { path: "made" } } },
      "/api/workspaces/:id/move": {
        id: "conversation",
        body: { POST: { from: "seed.txt", to: "moved.txt" } },
      },
      "/chat/:id/files": { id: "conversation", query: "?path=seed.txt" },
      "/api/workspaces/:id/preview": { id: "conversation", body: { POST: { path: "seed.txt" } } },
      "/api/workspaces/:id/zip": { id: "conversation" },
      "/chat/:id/zip": { id: "conversation" },
    },
  },
  workspace_snapshots: {
    routes: {
      "/api/workspaces/:id/snapshots": { id: "conversation" },
      "/api/workspaces/:id/snapshots/:sid/restore": {
        id: "conversation",
        params: { sid: "snapshot" },
      },
    },
  },
  // Read and written as the asking profile's own (`/api/agent/settings`); the admin's switches
  // go by profile id under /api/admin.
  agent_settings: { routes: {} },
  approvals: {
    inMemory: "approvals live in services.approvals; each is owned by the profile whose turn asked",
    routes: {
      "/api/agent/approvals/:id": { id: "approval", body: { POST: { approve: true } } },
    },
  },
  api_keys: {
    routes: { "/api/keys/:id": { id: "apiKey" } },
  },
  tasks: {
    inMemory: "tasks live in the task registry; a reply's is owned by the profile that chatted",
    routes: {
      [`${CHAT_TASKS}/:id`]: { id: "task" },
      [`${CHAT_TASKS}/:id/stream`]: { id: "task" },
      [`${CHAT_TASKS}/:id/cancel`]: { id: "task" },
    },
  },
};

/** Tables with a `profile_id` column that are not a profile's private data, and why. */
const NOT_PER_PROFILE_TABLES: Record<string, string> = {
  devices: "the household's browsers: the admin lists and revokes them (SPEC §3)",
  search_docs: "the search index: no route takes its ids, and search filters it by owner " +
    "(checked below)",
  profile_limits: "a limited profile's limits: the admin sets them by profile id under " +
    "/api/admin; the profile reads its own through /api/me",
  limit_usage: "replies counted against a profile's limits: no route takes its ids",
};

/** Routes with a parameter that takes no per-profile id, and why. */
const NOT_PER_PROFILE_ROUTES: Record<string, string> = {
  "/api/i18n/:locale": "a language, the same for everyone",
  "/api/admin/devices/:id": "admin only: devices are the household's",
  "/api/admin/profiles/:id": "admin only: profiles are the household's",
  "/api/admin/profiles/:id/agent": "admin only: the admin's switches for a profile's agent",
  "/api/admin/profiles/:id/limits": "admin only: the admin's limits for a member profile",
  "/api/profiles/:id/select": "any device may pick any profile (behind its PIN)",
  "/api/admin/ollama/models/:name": "admin only: the box's models",
  "/trust/:file": "the box's CA certificate, the same for everyone",
  "/api/gems/:id": "a gem, the household's: everyone reads and runs it",
  "/api/gems/:id/run": "a gem, the household's; the run it starts is the asker's",
  "/gems/:id": "a gem's page, the household's",
  "/api/admin/gems/:id": "admin only: gems are the household's",
  "/api/admin/gems/:id/bake": "admin only: gems are the household's",
  "/admin/backup-files/:name": "admin only: backups are the household's",
  "/api/admin/backups/:name": "admin only: backups are the household's",
  "/preview/:token": "a signed preview link (lib/workspace/preview.ts), not an id: it names " +
    "the profile itself, and a wrong one is 404 (tests/workspace_preview_test.ts)",
  "/ics/:file": "a calendar subscription's secret token, not an id: a wrong or revoked one " +
    "answers what a URL that never existed answers (tests/ics_feed_test.ts)",
};

const ALL_METHODS: Method[] = ["GET", "POST", "PUT", "PATCH", "DELETE"];

/** Every route of the manifest: its URL pattern and the methods it answers. */
function manifestRoutes(): Map<string, Method[]> {
  const routes = new Map<string, Method[]>();
  for (const [file, mod] of Object.entries(manifest.routes) as [string, RouteModule][]) {
    const { kind, pattern } = classifyRouteFile(file.replace(/^\.\/routes\//, ""));
    if (kind !== "route") continue;
    const handler = mod.handler;
    const methods = typeof handler === "function"
      ? [...ALL_METHODS]
      : Object.keys(handler ?? {}) as Method[];
    if (mod.default && !methods.includes("GET")) methods.push("GET");
    // HEAD is answered by GET.
    if (methods.includes("GET")) methods.push("HEAD");
    routes.set(pattern, methods);
  }
  return routes;
}

/** Every table with a `profile_id` column, read from the migrated database itself. */
function tablesWithOwner(db: DatabaseSync): string[] {
  return (db.prepare(
    `SELECT m.name FROM sqlite_master m, pragma_table_info(m.name) c
     WHERE m.type = 'table' AND c.name = 'profile_id' ORDER BY m.name`,
  ).all() as { name: string }[]).map((r) => r.name);
}

/** Every row a profile owns, table by table. */
function rowsOf(app: TestApp, profileId: string): Record<string, unknown[]> {
  return Object.fromEntries(
    tablesWithOwner(app.services.db.raw).map((table) => [
      table,
      app.services.db.raw.prepare(`SELECT * FROM "${table}" WHERE profile_id = ? ORDER BY rowid`)
        .all(profileId).map((row) => ({ ...row })),
    ]),
  );
}

/** A's data, made through the API: one chat, its reply finished and the chat named. */
async function seed(ann: Member, app: TestApp): Promise<Seeded> {
  const { models } = await (await ann.fetch("/api/chat/models")).json();
  const events = await readSse(
    await ann.fetch(
      "/api/chat/stream",
      json("POST", { content: "Ann's secret plan", model: models[0].name }),
    ),
  );
  const meta = events[0].data as Record<string, string>;
  // The reply's onEnd (saving it, then naming the chat) may still run after the stream closed;
  // the rows must be final before they are compared.
  const titled = async () =>
    (await (await ann.fetch(`/api/conversations/${meta.conversationId}`)).json()).title;
  for (let i = 0; !await titled(); i++) {
    assert.ok(i < 250, "the chat was never named");
    await new Promise((r) => setTimeout(r, 20));
  }
  // A photo of hers, not yet sent (the demo's models cannot see, so it stays unsent).
  const photo = await ann.fetch("/api/chat/attachments", {
    method: "POST",
    headers: { "content-type": "image/png" },
    body: await pngBytes(8, 8),
  });
  assert.equal(photo.status, 201, await photo.clone().text());
  // A browser of hers subscribed to push, and her choice of notifications.
  const pair = await crypto.subtle.generateKey({ name: "ECDH", namedCurve: "P-256" }, true, [
    "deriveBits",
  ]) as CryptoKeyPair;
  const p256dh = base64url(new Uint8Array(await crypto.subtle.exportKey("raw", pair.publicKey)));
  const auth = base64url(crypto.getRandomValues(new Uint8Array(16)));
  const sub = await ann.fetch(
    "/api/push/subscriptions",
    json("POST", { endpoint: "https://push.example/ann", keys: { p256dh, auth } }),
  );
  assert.equal(sub.status, 201, await sub.clone().text());
  await ann.fetch("/api/push/preferences", json("PUT", { reply: false }));
  const todo = await ann.fetch(
    "/api/todos",
    json("POST", { title: "Ann's secret errand", due: "2026-05-01", recurrence: "FREQ=WEEKLY" }),
  );
  assert.equal(todo.status, 201, await todo.clone().text());
  const event = await ann.fetch(
    "/api/events",
    json("POST", {
      title: "Ann's secret meeting",
      start: "2026-03-02T08:00:00Z",
      end: "2026-03-02T09:00:00Z",
      rrule: "FREQ=WEEKLY",
    }),
  );
  assert.equal(event.status, 201, await event.clone().text());
  const memo = await ann.fetch("/api/memos", json("POST", { body: "Ann's secret memo" }));
  assert.equal(memo.status, 201, await memo.clone().text());
  const list = await ann.fetch("/api/lists", json("POST", { name: "Ann's secret list" }));
  assert.equal(list.status, 201, await list.clone().text());
  const listId = (await list.json()).id;
  const item = await ann.fetch(`/api/lists/${listId}/items`, json("POST", { text: "Secret" }));
  assert.equal(item.status, 201, await item.clone().text());
  const briefing = await ann.fetch("/api/notifications/briefing", json("PUT", { time: "07:30" }));
  assert.equal(briefing.status, 200, await briefing.clone().text());
  // Her briefing, as the scheduler stores it once the model wrote it.
  const notification = await storeBriefing(
    app.services.db.kysely,
    { id: ann.id, timeZone: "UTC" },
    { date: "2026-03-10", text: "Ann's secret day", at: Date.now(), late: false },
    Date.now(),
  );
  assert.ok(notification);
  const feed = await ann.fetch("/api/calendar-feeds", json("POST", { label: "Ann's phone" }));
  assert.equal(feed.status, 201, await feed.clone().text());
  // An action from chat, stored as lib/assistant stores one (a fake model calling tools is
  // lib/assistant/turn_test.ts's part): her todo, made by her reply.
  const todoId = (await todo.clone().json()).id;
  const action = newId();
  await owned(app.services.db.kysely, ann.id).insertInto("assistant_actions", {
    id: action,
    message_id: meta.assistantMessageId,
    tool: "create_todo",
    target: JSON.stringify({ kind: "todo", id: todoId }),
    before: null,
    after: null,
    created_at: new Date().toISOString(),
    undone_at: null,
  }).execute();
  const folder = await ann.fetch(
    "/api/documents/folders",
    json("POST", { name: "Ann's secret folder" }),
  );
  assert.equal(folder.status, 201, await folder.clone().text());
  const folderId = (await folder.json()).id;
  const document = await ann.fetch(
    `/api/documents?name=${encodeURIComponent("Ann's secret notes.txt")}&folder=${folderId}`,
    { method: "POST", body: "Ann's secret notes" },
  );
  assert.equal(document.status, 201, await document.clone().text());
  const { id: documentId, taskId: ingestTask } = await document.json();
  // Its ingestion (text, chunks, the model's summary) ends first: what Ann reads must not change
  // under the test.
  await app.services.tasks.get(ingestTask, profileOwner(ann.id)).ended;
  const used = await ann.fetch(
    `/api/conversations/${meta.conversationId}/documents/${documentId}`,
    { method: "PUT" },
  );
  assert.equal(used.status, 204, await used.clone().text());
  // A run of a starter gem (on the chat's model), finished and stored.
  app.services.config.current.models.chat = models[0].name;
  const gems = (await (await ann.fetch("/api/gems")).json()).gems as {
    id: string;
    starter: string;
  }[];
  const summarize = gems.find((g) => g.starter === "summarize")!;
  const ran = await readSse(
    await ann.fetch(
      `/api/gems/${summarize.id}/run`,
      json("POST", { values: { text: "Ann's notes" } }),
    ),
  );
  const { runId: gemRun, taskId: gemTask } = ran[0].data as Record<string, string>;
  await app.services.tasks.get(gemTask, profileOwner(ann.id)).ended;
  // Her conversation's workspace, a snapshot of it and her agent settings, as agent mode makes
  // them (the workspace routes take the conversation's id).
  const db = app.services.db.kysely;
  await ensureWorkspaceRow(db, ann.id, meta.conversationId);
  await db.insertInto("workspace_snapshots").values({
    id: "snap-ann",
    conversation_id: meta.conversationId,
    profile_id: ann.id,
    message_id: null,
    reason: "manual",
    files: 0,
    bytes: 0,
    added_bytes: 0,
    created_at: new Date().toISOString(),
  }).execute();
  await db.insertInto("agent_settings")
    .values({ profile_id: ann.id, updated_at: new Date().toISOString() }).execute();
  // A file in her workspace, for the routes that take a path.
  const seeded = await ann.fetch(`/api/workspaces/${meta.conversationId}/files?path=seed.txt`, {
    method: "PUT",
    body: "Ann's file",
  });
  assert.equal(seeded.status, 200, await seeded.clone().text());
  // A tool step of hers that waits for approval (denied when the services close).
  const approval = app.services.approvals.ask(ann.id, {
    stepId: "call-1",
    name: "write_file",
    risk: "write",
    arguments: { path: "plan.md" },
  }, new AbortController().signal).request.id;
  const apiKey = await ann.fetch(
    "/api/keys",
    json("POST", { name: "Ann's script", scope: "read" }),
  );
  assert.equal(apiKey.status, 201, await apiKey.clone().text());
  return {
    apiKey: (await apiKey.json()).apiKey.id,
    approval,
    folder: folderId,
    document: documentId,
    gemRun,
    notification,
    feed: (await feed.json()).feed.id,
    action,
    todo: (await todo.json()).id,
    event: (await event.json()).id,
    memo: (await memo.json()).id,
    list: listId,
    item: (await item.json()).items[0].id,
    subscription: (await sub.json()).id,
    attachment: (await photo.json()).id,
    conversation: meta.conversationId,
    question: meta.userMessageId,
    reply: meta.assistantMessageId,
    task: meta.taskId,
    snapshot: "snap-ann",
  };
}

/**
 * A request of `pattern` on `id`: the first path parameter and `{id}` in the body replaced, the
 * others by the probe's `params` (A's ids).
 */
function request(pattern: string, method: Method, probe: Probe, id: string, ids?: Seeded) {
  const params = pattern.match(/:\w+/g) ?? [];
  for (const name of params.slice(1)) {
    const key = probe.params?.[name.slice(1)];
    assert.ok(key && ids, `${pattern}: name the seeded id of ${name} in the probe's params`);
  }
  const path = params.slice(1).reduce(
    (p, name) => p.replace(name, encodeURIComponent(ids![probe.params![name.slice(1)]])),
    pattern.replace(/:\w+/, encodeURIComponent(id)),
  ) + (probe.query ?? "");
  const headers = new Headers();
  // A page is asked for as a browser asks, so it answers with its HTML page.
  if (!path.startsWith("/api/")) headers.set("accept", "text/html");
  const body = probe.body?.[method];
  if (body !== undefined) headers.set("content-type", "application/json");
  const init: RequestInit = {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body).replaceAll("{id}", id),
  };
  return { path, init };
}

/** What a response says, with what differs per request (the id, request id, nonce) masked. */
async function answer(res: Response, id: string) {
  const type = res.headers.get("content-type") ?? "";
  let body = await res.text();
  if (type.startsWith("application/json") && body) {
    const parsed = JSON.parse(body);
    delete parsed?.error?.requestId;
    body = JSON.stringify(parsed);
  }
  body = body.replaceAll(id, "{id}").replaceAll(encodeURIComponent(id), "{id}")
    .replace(/nonce="[^"]*"/g, 'nonce=""');
  return { status: res.status, type, body };
}

Deno.test("owned - every per-profile table and every route with a parameter is registered", async () => {
  const db = await openDatabase(":memory:");
  const tables = tablesWithOwner(db.raw);
  await db.close();
  for (const table of tables) {
    assert.ok(
      table in PER_PROFILE || table in NOT_PER_PROFILE_TABLES,
      `table ${table} has a profile_id column: register the routes that take its ids in ` +
        `PER_PROFILE (or why it is not per-profile data in NOT_PER_PROFILE_TABLES)`,
    );
  }
  for (const [name, { inMemory }] of Object.entries(PER_PROFILE)) {
    assert.ok(tables.includes(name) || inMemory, `PER_PROFILE names ${name}: no such table`);
  }
  for (const table of Object.keys(NOT_PER_PROFILE_TABLES)) {
    assert.ok(tables.includes(table), `NOT_PER_PROFILE_TABLES names ${table}: no such table`);
  }

  const routes = manifestRoutes();
  const mapped = Object.values(PER_PROFILE).flatMap((d) => Object.keys(d.routes));
  for (const pattern of [...routes.keys()].filter((p) => p.includes(":"))) {
    assert.ok(
      mapped.includes(pattern) || pattern in NOT_PER_PROFILE_ROUTES,
      `route ${pattern} takes a parameter: list it under its data in PER_PROFILE (or why it ` +
        `takes no per-profile id in NOT_PER_PROFILE_ROUTES)`,
    );
  }
  for (const pattern of [...mapped, ...Object.keys(NOT_PER_PROFILE_ROUTES)]) {
    assert.ok(routes.has(pattern), `${pattern} is registered here but is no route`);
  }
});

Deno.test("owned - another profile gets the 404 of a missing id on every route, and changes nothing", async () => {
  await using app = await testApp({ env: { HEARTH_FAKE_OLLAMA: "1" } });
  const ann = await member(app, "Ann");
  const bob = await member(app, "Bob");
  const ids = await seed(ann, app);
  const routes = manifestRoutes();
  const probes = Object.values(PER_PROFILE).flatMap((d) => Object.entries(d.routes));

  // Every per-profile table the probes cover has rows of Ann's, so the probes have a target.
  const before = rowsOf(app, ann.id);
  for (const table of Object.keys(PER_PROFILE).filter((t) => t in before)) {
    assert.ok(before[table].length > 0, `Ann has no ${table}: seed() must create some`);
  }
  // Ann herself reads her data on every route that reads, so the ids are the right ones.
  const annReads = async () => {
    const seen: Record<string, Awaited<ReturnType<typeof answer>>> = {};
    for (const [pattern, probe] of probes) {
      if (!routes.get(pattern)?.includes("GET")) continue;
      const { path, init } = request(pattern, "GET", probe, ids[probe.id], ids);
      const res = await ann.fetch(path, init);
      if (probe.stream) {
        // An endless stream: its status and type say it is hers; reading it would never end.
        await res.body?.cancel();
        seen[path] = { status: res.status, type: res.headers.get("content-type") ?? "", body: "" };
        continue;
      }
      seen[path] = await answer(res, ids[probe.id]);
      assert.equal(seen[path].status, 200, `Ann GET ${path}: ${seen[path].body}`);
    }
    return seen;
  };
  const annSaw = await annReads();

  for (const [pattern, probe] of probes) {
    const methods = routes.get(pattern) ?? [];
    assert.ok(methods.length, `${pattern} answers no method`);
    for (const method of methods) {
      const id = ids[probe.id];
      const missing = newId();
      const theirs = request(pattern, method, probe, id, ids);
      const got = await answer(await bob.fetch(theirs.path, theirs.init), id);
      const none = request(pattern, method, probe, missing, ids);
      const want = await answer(await bob.fetch(none.path, none.init), missing);
      assert.equal(want.status, 404, `${method} ${pattern} with a missing id: ${want.body}`);
      assert.deepEqual(
        got,
        want,
        `Bob ${method} ${pattern} with Ann's ${probe.id} answers what a missing id answers`,
      );
    }
  }

  assert.deepEqual(rowsOf(app, ann.id), before, "Ann's rows are unchanged");
  assert.deepEqual(await annReads(), annSaw, "Ann reads what she read before");
  // The search index is filtered by owner, not by id: Bob finds nothing of Ann's.
  const found = await (await bob.fetch("/api/search?q=secret")).json();
  assert.deepEqual(found.hits, []);
  assert.ok((await (await ann.fetch("/api/search?q=secret")).json()).hits.length > 0);
});
