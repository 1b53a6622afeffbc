/**
 * API keys (SPEC §3, §12): made, listed and revoked by their own profile only; stored hashed; a
 * key names its profile with `Authorization: Bearer` and nowhere else; its scope holds on every
 * route; and where a scope allows, a key gets the same answer as the profile's device cookie.
 */
import assert from "node:assert/strict";
import { hashToken } from "../lib/auth/tokens.ts";
import { MAX_KEYS } from "../lib/auth/api_keys.ts";
import { createAdmin } from "../lib/auth/mod.ts";
import { json, PASSWORD, readSse } from "./helpers/admin.ts";
import { expectError, type TestApp, testApp } from "./helpers/app.ts";
import { type Member, member } from "./helpers/profile.ts";

async function makeKey(m: Member, scope: "chat" | "read", name = "Script") {
  const res = await m.fetch("/api/keys", json("POST", { name, scope }));
  assert.equal(res.status, 201, await res.clone().text());
  return await res.json() as { key: string; apiKey: { id: string; prefix: string } };
}

/** A request with only the key: no session header, no cookie. */
function withKey(app: TestApp, key: string, path: string, init: RequestInit = {}) {
  const headers = new Headers(init.headers);
  headers.set("authorization", `Bearer ${key}`);
  return app.fetch(path, { ...init, headers });
}

Deno.test("api keys - made once, listed without the key, hashed, revoked by their owner only", async () => {
  await using app = await testApp({ ollama: {} });
  const ann = await member(app, "Ann");
  const bob = await member(app, "Bob");
  const made = await makeKey(ann, "chat", "Laptop");
  assert.match(made.key, /^hth_[A-Za-z0-9_-]{43}$/);
  assert.equal(made.apiKey.prefix, made.key.slice(0, 12));
  const row = app.services.db.raw.prepare("SELECT * FROM api_keys").get() as Record<string, string>;
  assert.equal(row.hash, hashToken(made.key));
  assert.ok(!JSON.stringify(row).includes(made.key), "the key itself is not stored");

  const list = await (await ann.fetch("/api/keys")).text();
  assert.ok(!list.includes(made.key), "a list never shows the key");
  assert.equal(JSON.parse(list).keys[0].name, "Laptop");
  assert.deepEqual((await (await bob.fetch("/api/keys")).json()).keys, []);

  // Bob cannot revoke Ann's key: as if it did not exist.
  await expectError(
    await bob.fetch(`/api/keys/${made.apiKey.id}`, { method: "DELETE" }),
    404,
    "api_key_not_found",
  );
  assert.equal((await withKey(app, made.key, "/v1/models")).status, 200);
  const revoked = await ann.fetch(`/api/keys/${made.apiKey.id}`, { method: "DELETE" });
  assert.equal(revoked.status, 200);
  assert.ok((await revoked.json()).apiKey.revokedAt);
  await expectError(await withKey(app, made.key, "/v1/models"), 401, "invalid_api_key");
  // Listed as revoked.
  assert.ok((await (await ann.fetch("/api/keys")).json()).keys[0].revokedAt);
});

Deno.test("api keys - bad input, the cap, last use written at most once a minute", async () => {
  await using app = await testApp();
  const ann = await member(app, "Ann");
  await expectError(
    await ann.fetch("/api/keys", json("POST", { name: "x", scope: "admin" })),
    422,
    "invalid_input",
  );
  await expectError(
    await ann.fetch("/api/keys", json("POST", { name: "", scope: "chat" })),
    422,
    "invalid_input",
  );
  await expectError(await app.api("/api/keys"), 401, "profile_required");
  const first = await makeKey(ann, "read");
  for (let i = 1; i < MAX_KEYS; i++) await makeKey(ann, "chat", `k${i}`);
  await expectError(
    await ann.fetch("/api/keys", json("POST", { name: "one more", scope: "chat" })),
    409,
    "too_many_api_keys",
  );
  const lastUsed = () =>
    (app.services.db.raw.prepare("SELECT last_used_at FROM api_keys WHERE id = ?")
      .get(first.apiKey.id) as { last_used_at: string | null }).last_used_at;
  assert.equal(lastUsed(), null);
  assert.equal((await withKey(app, first.key, "/api/me")).status, 200);
  const used = lastUsed();
  assert.ok(used);
  assert.equal((await withKey(app, first.key, "/api/me")).status, 200);
  assert.equal(lastUsed(), used, "not written again within the minute");
});

Deno.test("api keys - wrong, revoked, unknown and misplaced keys are 401s that never fall back to the cookie", async () => {
  await using app = await testApp();
  const ann = await member(app, "Ann");
  const { key } = await makeKey(ann, "read");
  const unknown = "hth_" + "A".repeat(43);
  // An unknown or malformed key with Ann's own cookie: still refused.
  for (const bad of [unknown, "hth_short", "sk-something", ""]) {
    await expectError(
      await app.fetch("/api/me", {
        headers: { authorization: `Bearer ${bad}`, cookie: ann.cookie },
      }),
      401,
      "invalid_api_key",
    );
  }
  const misplaced: [string, RequestInit][] = [
    ["/api/me", { headers: { "x-api-key": key } }],
    ["/v1/models", { headers: { "api-key": key } }],
    [`/v1/models?api_key=${key}`, {}],
    [`/api/me?key=${key}`, {}],
    ["/api/me", { headers: { cookie: `api_key=${key}` } }],
    ["/api/me", { headers: { cookie: `other=${key}` } }],
    // Even beside a right Bearer header: the key leaked where it was put.
    [`/v1/models?key=${key}`, { headers: { authorization: `Bearer ${key}` } }],
  ];
  for (const [path, init] of misplaced) {
    const body = await expectError(await app.fetch(path, init), 401, "api_key_in_wrong_place");
    assert.match(body.error.message, /Authorization: Bearer/);
  }
  // /v1 wants a key: Ann's cookie alone is not one.
  await expectError(await ann.fetch("/v1/models"), 401, "api_key_required");
});

Deno.test("api keys - scopes: chat reaches /v1 and the chat, read also GETs; admin, keys, pages and writes are 403", async () => {
  await using app = await testApp({ ollama: {} });
  const ann = await member(app, "Ann");
  const chat = (await makeKey(ann, "chat")).key;
  const read = (await makeKey(ann, "read")).key;
  // The admin's cookie beside a key grants nothing: a key never grants the admin.
  await createAdmin(app.services.db, { name: "Admin", password: PASSWORD });
  const login = await app.api("/api/admin/login", json("POST", { password: PASSWORD }));
  assert.equal(login.status, 200, await login.text());
  const adminCookie = login.headers.getSetCookie().map((c) => c.split(";")[0])
    .find((c) => c.startsWith("hearth_admin="))!;
  const refused: [string, string, RequestInit?][] = [
    [chat, "/api/me"],
    [chat, "/api/conversations"],
    [read, "/api/admin/config", { headers: { cookie: adminCookie } }],
    [chat, "/api/admin/config", { headers: { cookie: adminCookie } }],
    [read, "/api/admin/profiles"],
    [read, "/api/keys"],
    [read, "/api/keys", json("POST", { name: "more", scope: "read" })],
    [read, "/api/todos", json("POST", { title: "x" })],
    [read, "/chat"],
    [read, "/admin"],
    [read, "/api/session"],
    [read, "/api/%61dmin/config"],
  ];
  for (const [key, path, init] of refused) {
    const res = await withKey(app, key, path, init);
    await expectError(res, 403, "key_scope").catch((err) => {
      throw new Error(`${path}: ${err.message}`);
    });
  }
  for (const key of [chat, read]) {
    assert.equal((await withKey(app, key, "/v1/models")).status, 200);
    assert.equal((await withKey(app, key, "/api/chat/models")).status, 200);
  }
  assert.equal((await withKey(app, read, "/api/me")).status, 200);
  assert.equal((await withKey(app, read, "/api/conversations")).status, 200);
  // A chat key chats through the app's own route (no session header), and follows its reply.
  const { models } = await (await withKey(app, chat, "/api/chat/models")).json();
  const events = await readSse(
    await withKey(
      app,
      chat,
      "/api/chat/stream",
      json("POST", { content: "Hello from a script", model: models[0].name }),
    ),
  );
  assert.equal(events.at(-1)?.data, "[DONE]");
  const taskId = (events[0].data as { taskId: string }).taskId;
  assert.equal((await withKey(app, chat, `/api/tasks/${taskId}`)).status, 200);
});

Deno.test("api keys - a foreign Origin with a Bearer header never uses the cookies", async () => {
  await using app = await testApp({ ollama: {} });
  const ann = await member(app, "Ann");
  const bob = await member(app, "Bob");
  const bobKey = (await makeKey(bob, "chat")).key;
  const foreign = { origin: "https://evil.example", "sec-fetch-site": "cross-site" };
  // A cross-site write with Ann's cookie is refused as before.
  await expectError(
    await ann.fetch("/api/todos", json("POST", { title: "x" })).then(async (r) => {
      await r.body?.cancel();
      return app.api("/api/todos", {
        ...json("POST", { title: "x" }),
        headers: { ...foreign, cookie: ann.cookie, "content-type": "application/json" },
      });
    }),
    403,
    "cross_origin",
  );
  // With a wrong Bearer beside her cookie: 401, not Ann.
  await expectError(
    await app.api("/api/chat/stream", {
      ...json("POST", { content: "x" }),
      headers: {
        ...foreign,
        cookie: ann.cookie,
        authorization: "Bearer hth_wrong",
        "content-type": "application/json",
      },
    }),
    401,
    "invalid_api_key",
  );
  // With Bob's key beside Ann's cookie: it acts as Bob, whose key it is.
  const me = await app.fetch("/v1/models", {
    headers: { ...foreign, cookie: ann.cookie, authorization: `Bearer ${bobKey}` },
  });
  assert.equal(me.status, 200);
  await me.body?.cancel();
  const started = await app.fetch("/api/chat/stream", {
    ...json("POST", { content: "Bob's", model: "llama3.2" }),
    headers: {
      ...foreign,
      cookie: ann.cookie,
      authorization: `Bearer ${bobKey}`,
      "content-type": "application/json",
    },
  });
  const events = await readSse(started);
  const conv = (events[0].data as { conversationId: string }).conversationId;
  const owner = app.services.db.raw.prepare("SELECT profile_id FROM conversations WHERE id = ?")
    .get(conv) as { profile_id: string };
  assert.equal(owner.profile_id, bob.id);
});

Deno.test("api keys - a read key decides as the device cookie on the profile's routes", async () => {
  await using app = await testApp({ ollama: {} });
  const ann = await member(app, "Ann");
  const bob = await member(app, "Bob");
  const { key } = await makeKey(ann, "read");
  const { models } = await (await ann.fetch("/api/chat/models")).json();
  const mine = await readSse(
    await ann.fetch("/api/chat/stream", json("POST", { content: "Ann's", model: models[0].name })),
  );
  const theirs = await readSse(
    await bob.fetch("/api/chat/stream", json("POST", { content: "Bob's", model: models[0].name })),
  );
  const annConv = (mine[0].data as { conversationId: string }).conversationId;
  const bobConv = (theirs[0].data as { conversationId: string }).conversationId;
  const bobTask = (theirs[0].data as { taskId: string }).taskId;
  const paths = [
    "/api/me",
    "/api/conversations",
    `/api/conversations/${annConv}`,
    `/api/conversations/${annConv}/messages`,
    `/api/conversations/${bobConv}`,
    `/api/conversations/${bobConv}/messages`,
    `/api/tasks/${bobTask}`,
    "/api/todos",
    "/api/memos",
    "/api/lists",
    "/api/notifications",
    "/api/chat/models",
    "/api/conversations/no-such-id",
  ];
  for (const path of paths) {
    const byCookie = await ann.fetch(path);
    const byKey = await withKey(app, key, path);
    assert.equal(byKey.status, byCookie.status, path);
    const [a, b] = [await byCookie.json(), await byKey.json()];
    // Error bodies carry their request's id; everything else must match.
    if (a.error) {
      delete a.error.requestId;
      delete b.error.requestId;
    }
    assert.deepEqual(b, a, path);
  }
  assert.equal((await withKey(app, key, `/api/conversations/${bobConv}`)).status, 404);
});
