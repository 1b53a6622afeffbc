import assert from "node:assert/strict";
import { bearerToken } from "../http/bearer.ts";
import { misplacedKey } from "./api_keys.ts";
import { keyAllows } from "./key_scope.ts";

Deno.test("key scope - chat: /v1 and the chat's routes only", () => {
  assert.ok(keyAllows("chat", "POST", "/v1/chat/completions"));
  assert.ok(keyAllows("chat", "GET", "/v1/models"));
  assert.ok(keyAllows("chat", "POST", "/api/chat/stream"));
  assert.ok(keyAllows("chat", "GET", "/api/chat/models"));
  assert.ok(keyAllows("chat", "GET", "/api/tasks/abc/stream"));
  assert.ok(keyAllows("chat", "POST", "/api/tasks/abc/cancel"));
  assert.ok(!keyAllows("chat", "GET", "/api/me"));
  assert.ok(!keyAllows("chat", "GET", "/api/chat/models/x"));
  assert.ok(!keyAllows("chat", "GET", "/chat"));
});

Deno.test("key scope - read: also GET/HEAD under /api, never admin, keys, setup or writes", () => {
  assert.ok(keyAllows("read", "GET", "/api/conversations"));
  assert.ok(keyAllows("read", "HEAD", "/api/todos"));
  assert.ok(!keyAllows("read", "POST", "/api/todos"));
  assert.ok(!keyAllows("read", "DELETE", "/api/conversations/x"));
  for (
    const path of [
      "/api/admin/config",
      "/api/ADMIN/config",
      "/api/%61dmin/config",
      "/api/keys",
      "/api/keys/x",
      "/api/setup/status",
      "/api/session",
      "/admin",
      "/v1/../api/admin",
      "/api/x/admin/y",
    ]
  ) {
    assert.ok(!keyAllows("read", "GET", path), path);
    assert.ok(!keyAllows("chat", "GET", path), path);
  }
  assert.ok(!keyAllows("read", "GET", "/"));
  assert.ok(!keyAllows("read", "GET", "/me/api-keys"));
});

Deno.test("bearer - one reading of the Authorization header", () => {
  const req = (auth?: string) =>
    new Request("http://x/", { headers: auth === undefined ? {} : { authorization: auth } });
  assert.equal(bearerToken(req()), null);
  assert.equal(bearerToken(req("Basic abc")), null);
  assert.equal(bearerToken(req("Bearer hth_x")), "hth_x");
  assert.equal(bearerToken(req("bearer   hth_x ")), "hth_x");
  assert.equal(bearerToken(req("Bearer")), "");
  // Two words are still a Bearer request (an invalid key), never "no key".
  assert.equal(bearerToken(req("Bearer a b")), "a b");
  assert.equal(bearerToken(req("Bearerx")), null);
});

Deno.test("misplaced keys - headers, query, cookies", () => {
  const key = "hth_" + "a".repeat(43);
  const at = (url: string, headers: Record<string, string> = {}) =>
    misplacedKey(new Request(`http://x${url}`, { headers }));
  assert.ok(at("/", { "x-api-key": key }));
  assert.ok(at("/", { "api-key": "anything" }));
  assert.ok(at(`/?api_key=${key}`));
  assert.ok(at(`/?key=${key}`));
  assert.ok(!at("/?key=other"), "a plain ?key= is not a key");
  assert.ok(at("/", { cookie: `a=1; hearth_api_key=${key}` }));
  assert.ok(at("/", { cookie: `x=${key}` }));
  assert.ok(!at("/", { cookie: "hearth_device=abc; hearth_locale=de" }));
  assert.ok(!at("/", { authorization: `Bearer ${key}` }));
});
