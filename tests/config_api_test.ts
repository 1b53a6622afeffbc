/**
 * `GET/PUT /api/admin/config` as the admin: secrets never leave the box, an omitted secret is kept,
 * keys set by the environment are read-only, bad input names its field, and a change applies
 * without a restart.
 */
import assert from "node:assert/strict";
import { startFakeOllama } from "../lib/ollama/fake_server.ts";
import { adminApp, json } from "./helpers/admin.ts";
import { expectError } from "./helpers/app.ts";
import {
  BUNDLE_ARGS,
  memberHeaders,
  SERVER_ADMIN_PASSWORD,
  startServer,
} from "./helpers/server.ts";

const SECRET = "sk-hearth-test-0123456789";

Deno.test("config api - GET shows the config, no secrets, and which keys are read-only", async () => {
  await using app = await adminApp({ HEARTH_PORT: "9123" });
  const res = await app.admin("/api/admin/config");
  assert.equal(res.status, 200);
  assert.match(res.headers.get("content-type") ?? "", /application\/json/);
  assert.equal(res.headers.get("cache-control"), "no-store");
  const view = await res.json();
  assert.equal(view.config.server.port, 9123);
  assert.deepEqual(view.readOnly, { "server.port": "HEARTH_PORT" });
  assert.equal(view.config.providers.openai.apiKey, "", "no key stored: empty, not redacted");
  assert.equal(view.exists, false);
});

Deno.test("config api - the API key is stored but never appears in any response", async () => {
  await using app = await adminApp();
  const responses: string[] = [];
  const call = async (init?: RequestInit) => {
    const res = await app.admin("/api/admin/config", init);
    const text = await res.text();
    responses.push(text);
    return { status: res.status, body: JSON.parse(text) };
  };
  const put = await call(json("PUT", {
    providers: { openai: { baseUrl: "http://192.168.1.20:8080/v1", apiKey: SECRET } },
  }));
  assert.equal(put.status, 200);
  assert.equal(put.body.config.providers.openai.apiKey, "********");
  assert.equal((await call()).body.config.providers.openai.apiKey, "********");
  const file = JSON.parse(await Deno.readTextFile(app.services.config.path));
  assert.equal(file.providers.openai.apiKey, SECRET, "stored in the config file");

  // Omitted, or sent back redacted: kept. Other changes in the same object still apply.
  await call(json("PUT", { providers: { openai: { baseUrl: "http://10.0.0.2:8080/v1" } } }));
  await call(json("PUT", { providers: { openai: { apiKey: "********" } }, locale: "de" }));
  assert.equal(app.services.config.current.providers.openai.apiKey, SECRET);
  assert.equal(app.services.config.current.providers.openai.baseUrl, "http://10.0.0.2:8080/v1");
  assert.equal(app.services.config.current.locale, "de");

  // A failing update that carries a key does not echo it either.
  const bad = await call(json("PUT", {
    providers: { openai: { baseUrl: "not a url", apiKey: SECRET + "-new" } },
  }));
  assert.equal(bad.status, 422);
  assert.equal(bad.body.error.field, "providers.openai.baseUrl");
  assert.equal(app.services.config.current.providers.openai.apiKey, SECRET, "nothing applied");

  for (const text of responses) assert.ok(!text.includes("sk-hearth"), text);

  // An empty string removes the key.
  const cleared = await call(json("PUT", { providers: { openai: { apiKey: "" } } }));
  assert.equal(cleared.body.config.providers.openai.apiKey, "");
});

Deno.test("config api - a key set by the environment cannot be changed", async () => {
  await using app = await adminApp({ HEARTH_PORT: "9123" });
  const res = await app.admin("/api/admin/config", json("PUT", { server: { port: 9124 } }));
  const body = await expectError(res, 422, "read_only");
  assert.equal(body.error.field, "server.port");
  assert.equal(app.services.config.current.server.port, 9123);
  // Other keys of the same object can change.
  const ok = await app.admin(
    "/api/admin/config",
    json("PUT", { server: { allowedHosts: ["box.lan"] } }),
  );
  assert.equal(ok.status, 200);
  const view = await ok.json();
  assert.deepEqual(view.config.server.allowedHosts, ["box.lan"]);
  assert.equal(view.config.server.port, 9123);
});

Deno.test("config api - bad input is refused per field, and nothing is written", async () => {
  await using app = await adminApp();
  const cases: [unknown, string, string][] = [
    [{ server: { port: 70000 } }, "invalid_config", "server.port"],
    [{ server: { port: "8420" } }, "invalid_config", "server.port"],
    [{ ollama: { hosts: ["http://ok:11434", "not a url"] } }, "invalid_config", "ollama.hosts.1"],
    [{ ollama: { hosts: [] } }, "invalid_config", "ollama.hosts"],
    [{ locale: "fr" }, "invalid_config", "locale"],
    [{ server: { allowedHosts: ["http://x"] } }, "invalid_config", "server.allowedHosts.0"],
    [{ colour: "red" }, "unknown_setting", "colour"],
    [{ server: { prot: 1 } }, "unknown_setting", "server.prot"],
  ];
  for (const [patch, code, field] of cases) {
    const body = await expectError(
      await app.admin("/api/admin/config", json("PUT", patch)),
      422,
      code,
    );
    assert.equal(body.error.field, field, JSON.stringify(patch));
    assert.match(body.error.message, new RegExp(field.replace(/\./g, "\\.")));
  }
  for (const notObject of [[1], "config", 42, null]) {
    await expectError(
      await app.admin("/api/admin/config", json("PUT", notObject)),
      422,
      "invalid_config",
    );
  }
  await expectError(
    await app.admin("/api/admin/config", {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: "{nope",
    }),
    400,
    "invalid_json",
  );
  await expectError(
    await app.admin("/api/admin/config", { method: "PUT", body: "locale=de" }),
    415,
    "unsupported_media_type",
  );
  assert.equal(app.services.config.exists, false, "no file was written");
  const german = await app.admin("/api/admin/config", {
    ...json("PUT", { server: { port: 70000 } }),
    headers: { "content-type": "application/json", "accept-language": "de" },
  });
  const body = await expectError(german, 422, "invalid_config");
  assert.equal(body.error.message, "Das Feld „server.port“ darf höchstens 65535 sein.");
});

Deno.test("config api - a change of Ollama hosts shows in the status at once", async () => {
  const first = await startFakeOllama({ version: "0.9.1" });
  const second = await startFakeOllama({ version: "0.9.2" });
  await using app = await adminApp({});
  await using _servers = { [Symbol.asyncDispose]: () => closeAll(first, second) };
  const hosts = async () =>
    (await (await app.admin("/api/admin/ollama/status")).json()).hosts.map((
      h: { url: string; reachable: boolean; version?: string },
    ) => [h.url, h.reachable, h.version]);
  let res = await app.admin("/api/admin/config", json("PUT", { ollama: { hosts: [first.url] } }));
  assert.equal(res.status, 200);
  await res.body?.cancel();
  assert.deepEqual(await hosts(), [[first.url, true, "0.9.1"]]);
  res = await app.admin(
    "/api/admin/config",
    json("PUT", { ollama: { hosts: [second.url, first.url] } }),
  );
  await res.body?.cancel();
  assert.deepEqual(await hosts(), [[second.url, true, "0.9.2"], [first.url, true, "0.9.1"]]);
  const saved = JSON.parse(await Deno.readTextFile(app.services.config.path));
  assert.deepEqual(saved.ollama.hosts, [second.url, first.url]);
});

async function closeAll(...servers: { close(): Promise<void> }[]) {
  await Promise.all(servers.map((s) => s.close()));
}

Deno.test("config api - three parallel PUTs of different keys all apply, and the file says what runs", async () => {
  await using app = await adminApp();
  const puts = await Promise.all([
    app.admin("/api/admin/config", json("PUT", { locale: "de" })),
    app.admin("/api/admin/config", json("PUT", { models: { chat: "qwen3:4b" } })),
    app.admin("/api/admin/config", json("PUT", { server: { allowedHosts: ["hearth.lan"] } })),
  ]);
  for (const res of puts) assert.equal(res.status, 200, await res.text());
  const { config } = await (await app.admin("/api/admin/config")).json();
  assert.equal(config.locale, "de");
  assert.equal(config.models.chat, "qwen3:4b");
  assert.deepEqual(config.server.allowedHosts, ["hearth.lan"]);
  const file = JSON.parse(await Deno.readTextFile(app.services.config.path));
  assert.deepEqual(file, app.services.config.current, "config.json = the running config");
});

Deno.test("config api - keys a start flag overrides are marked, on the API and the settings page", async () => {
  await using server = await startServer({
    args: BUNDLE_ARGS,
  });
  const { token } = await (await fetch(`${server.url}/api/session`)).json();
  const login = await fetch(`${server.url}/api/admin/login`, {
    method: "POST",
    headers: { "content-type": "application/json", "X-Hearth-Session": token },
    body: JSON.stringify({ password: SERVER_ADMIN_PASSWORD }),
  });
  assert.equal(login.status, 200);
  await login.body?.cancel();
  const cookie = login.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  const view = await (await fetch(`${server.url}/api/admin/config`, {
    headers: { cookie, "X-Hearth-Session": token },
  })).json();
  assert.deepEqual(view.flags, { "server.port": "--port 0", "server.host": "--host 127.0.0.1" });
  const admin = await memberHeaders(server.url, await adminProfileId(server.url, token));
  const page = await (await fetch(`${server.url}/admin/settings`, {
    headers: { cookie: `${admin.cookie}; ${cookie}` },
  })).text();
  assert.match(page, /Hearth was started with --port 0, which wins over this setting/);
  assert.match(page, /Hearth was started with --host 127\.0\.0\.1/);
});

Deno.test("config api - without start flags nothing is marked as overridden by one", async () => {
  await using app = await adminApp();
  const view = await (await app.admin("/api/admin/config")).json();
  assert.deepEqual(view.flags, {});
});

async function adminProfileId(url: string, token: string): Promise<string> {
  const { profiles } = await (await fetch(`${url}/api/profiles`, {
    headers: { "X-Hearth-Session": token },
  })).json();
  return (profiles as { id: string; isAdmin: boolean }[]).find((p) => p.isAdmin)!.id;
}
