import assert from "node:assert/strict";
import { HttpError, ValidationError } from "../http/errors.ts";
import { writeFileAtomic } from "./atomic.ts";
import { resolvePaths } from "./paths.ts";
import { readEnvOverrides } from "./env.ts";
import { isSecretKey, REDACTED, redactSecrets } from "./redact.ts";
import { defaultConfig } from "./schema.ts";
import { ConfigStore } from "./store.ts";

async function tempConfig(
  content?: unknown,
): Promise<{ path: string; dir: string } & AsyncDisposable> {
  const dir = await Deno.makeTempDir({ prefix: "hearth-config-" });
  const path = `${dir}/config.json`;
  if (content !== undefined) {
    await Deno.writeTextFile(path, typeof content === "string" ? content : JSON.stringify(content));
  }
  return { path, dir, [Symbol.asyncDispose]: () => Deno.remove(dir, { recursive: true }) };
}

Deno.test("config - paths follow XDG, and HEARTH_HOME puts everything in one folder", () => {
  const xdg = resolvePaths({ HOME: "/home/ann" }, "linux");
  assert.equal(xdg.configFile, "/home/ann/.config/hearth/config.json");
  assert.equal(xdg.dbFile, "/home/ann/.local/share/hearth/hearth.db");
  const custom = resolvePaths({ HOME: "/h", XDG_CONFIG_HOME: "/c", XDG_DATA_HOME: "/d" }, "linux");
  assert.equal(custom.configDir, "/c/hearth");
  assert.equal(custom.dataDir, "/d/hearth");
  const one = resolvePaths({ HOME: "/h", HEARTH_HOME: "/srv/hearth/" }, "linux");
  assert.equal(one.configFile, "/srv/hearth/config.json");
  assert.equal(one.dbFile, "/srv/hearth/hearth.db");
  assert.throws(() => resolvePaths({}, "linux"), /HEARTH_HOME/);
});

Deno.test("config - a missing file means defaults and first run", async () => {
  await using t = await tempConfig();
  const store = await ConfigStore.load(t.path, {});
  assert.equal(store.exists, false);
  assert.deepEqual(store.current, defaultConfig());
  assert.equal(store.current.server.port, 8420);
  assert.deepEqual(store.current.ollama.hosts, ["http://127.0.0.1:11434"]);
});

Deno.test("config - a broken or invalid file is refused with the reason, and left untouched", async () => {
  await using bad = await tempConfig("{ not json");
  await assert.rejects(ConfigStore.load(bad.path, {}), /not valid JSON/);
  assert.equal(await Deno.readTextFile(bad.path), "{ not json");
  await using wrong = await tempConfig({ server: { port: "eighty" } });
  await assert.rejects(ConfigStore.load(wrong.path, {}), /server\.port/);
  await using typo = await tempConfig({ sevrer: {} });
  await assert.rejects(ConfigStore.load(typo.path, {}), /sevrer/);
});

Deno.test("config - update validates, saves atomically with mode 0600, and applies at once", async () => {
  await using t = await tempConfig();
  const store = await ConfigStore.load(t.path, {});
  const seen: number[] = [];
  store.onChange((c) => seen.push(c.server.port));
  await store.update({ server: { port: 9000 }, locale: "de" });
  assert.equal(store.current.server.port, 9000);
  assert.equal(store.current.locale, "de");
  assert.deepEqual(seen, [9000]);
  const saved = JSON.parse(await Deno.readTextFile(t.path));
  assert.equal(saved.server.port, 9000);
  assert.equal((await Deno.stat(t.path)).mode! & 0o777, 0o600);
  const reloaded = await ConfigStore.load(t.path, {});
  assert.deepEqual(reloaded.current, store.current);
  assert.deepEqual(
    [...Deno.readDirSync(t.dir)].map((e) => e.name),
    ["config.json"],
    "no temp files left",
  );
});

Deno.test("config - a bad value is a 422 naming the field, and nothing is written", async () => {
  await using t = await tempConfig({ locale: "de" });
  const store = await ConfigStore.load(t.path, {});
  const before = await Deno.readTextFile(t.path);
  for (
    const [patch, field] of [
      [{ server: { port: 70000 } }, "server.port"],
      [{ ollama: { hosts: ["ftp://x"] } }, "ollama.hosts.0"],
      [{ ollama: { hosts: [] } }, "ollama.hosts"],
      [{ locale: "xx" }, "locale"],
      [{ server: { allowedHosts: ["http://a.b/"] } }, "server.allowedHosts.0"],
    ] as const
  ) {
    await assert.rejects(store.update(patch), (err: unknown) => {
      assert.ok(err instanceof ValidationError);
      assert.equal(err.status, 422);
      assert.equal(err.field, field);
      return true;
    });
  }
  await assert.rejects(store.update([1, 2]), /JSON object/);
  assert.equal(await Deno.readTextFile(t.path), before);
});

Deno.test("config - secrets are redacted in views and kept when an update omits them", async () => {
  await using t = await tempConfig({ providers: { openai: { apiKey: "sk-live-123" } } });
  const store = await ConfigStore.load(t.path, {});
  const view = JSON.stringify(store.view());
  assert.ok(!view.includes("sk-live-123"));
  assert.ok(view.includes(REDACTED));
  await store.update({ providers: { openai: { baseUrl: "http://10.0.0.5:8080" } } });
  assert.equal(store.current.providers.openai.apiKey, "sk-live-123", "omitted: kept");
  await store.update({ providers: { openai: { apiKey: REDACTED } } });
  assert.equal(store.current.providers.openai.apiKey, "sk-live-123", "sent back redacted: kept");
  await store.update({ providers: { openai: { apiKey: "sk-new" } } });
  assert.equal(store.current.providers.openai.apiKey, "sk-new", "a new value replaces");
  await store.update({ providers: { openai: { apiKey: "" } } });
  assert.equal(store.current.providers.openai.apiKey, "", "empty clears");
});

Deno.test("config - environment overrides win, are reported read-only, and cannot be changed", async () => {
  await using t = await tempConfig({ server: { port: 9100 } });
  const env = { HEARTH_PORT: "9200", HEARTH_OLLAMA_URL: "http://a:11434, http://b:11434" };
  const store = await ConfigStore.load(t.path, env);
  assert.equal(store.current.server.port, 9200);
  assert.deepEqual(store.current.ollama.hosts, ["http://a:11434", "http://b:11434"]);
  assert.deepEqual(store.view().readOnly, {
    "server.port": "HEARTH_PORT",
    "ollama.hosts": "HEARTH_OLLAMA_URL",
  });
  await assert.rejects(store.update({ server: { port: 1 } }), /HEARTH_PORT/);
  // Other keys still change, and the file keeps its own port rather than the env's.
  await store.update({ locale: "de" });
  assert.equal(JSON.parse(await Deno.readTextFile(t.path)).server.port, 9100);
  await assert.rejects(ConfigStore.load(t.path, { HEARTH_PORT: "abc" }), /HEARTH_PORT/);
  await assert.rejects(ConfigStore.load(t.path, { HEARTH_PORT: "99999" }), /HEARTH_PORT/);
});

Deno.test("config - redaction covers every secret-looking key at any depth", () => {
  for (
    const k of [
      "apiKey",
      "api_key",
      "password",
      "adminPassword",
      "token",
      "sessionToken",
      "vapidPrivateKey",
      "secret",
      "pin",
      "householdPin",
      "Authorization",
      "cookie",
    ]
  ) {
    assert.ok(isSecretKey(k), k);
  }
  for (const k of ["port", "maxTokens", "tokensPerSecond", "spin", "keyboard", "hosts"]) {
    assert.ok(!isSecretKey(k), k);
  }
  assert.deepEqual(redactSecrets({ a: [{ apiKey: "x" }], b: { password: "" }, c: 1 }), {
    a: [{ apiKey: REDACTED }],
    b: { password: "" },
    c: 1,
  });
});

Deno.test("config - an atomic write that fails leaves the old file and no temp file", async () => {
  await using t = await tempConfig({ locale: "de" });
  await writeFileAtomic(t.path, '{"locale":"en"}\n');
  assert.equal(await Deno.readTextFile(t.path), '{"locale":"en"}\n');
  // A folder where the file should be: the rename fails, the temp file is cleaned up.
  const blocked = `${t.dir}/blocked`;
  await Deno.mkdir(`${blocked}/inner`, { recursive: true });
  await assert.rejects(writeFileAtomic(blocked, "x"));
  assert.deepEqual([...Deno.readDirSync(t.dir)].map((e) => e.name).sort(), [
    "blocked",
    "config.json",
  ]);
});

Deno.test("config - parallel updates of different keys all apply, each on the one before", async () => {
  await using t = await tempConfig();
  const store = await ConfigStore.load(t.path, {});
  const seen: string[] = [];
  store.onChange((c) => seen.push(`${c.locale} ${c.server.port} ${c.models.chat}`));
  await Promise.all([
    store.update({ locale: "de" }),
    store.update({ server: { port: 9001 } }),
    store.update({ models: { chat: "qwen3:4b" } }),
  ]);
  assert.equal(store.current.locale, "de");
  assert.equal(store.current.server.port, 9001);
  assert.equal(store.current.models.chat, "qwen3:4b");
  assert.deepEqual(JSON.parse(await Deno.readTextFile(t.path)), store.current, "file = memory");
  assert.deepEqual(seen, ["de 8420 ", "de 9001 ", "de 9001 qwen3:4b"], "in order, one by one");
});

Deno.test("config - a write that fails is a clear 500, memory stays as the file, later updates work", async () => {
  await using t = await tempConfig({ locale: "de" });
  const store = await ConfigStore.load(t.path, {});
  const before = structuredClone(store.current);
  const seen: unknown[] = [];
  store.onChange((c) => seen.push(c));
  // A folder where the file should be: the write's rename fails.
  await Deno.remove(t.path);
  await Deno.mkdir(`${t.path}/inner`, { recursive: true });
  const failed = store.update({ server: { port: 9002 } });
  const next = store.update({ locale: "en" });
  await assert.rejects(failed, (err: unknown) => {
    assert.ok(err instanceof HttpError, String(err));
    assert.equal(err.status, 500);
    assert.equal(err.code, "config_not_saved");
    assert.match(err.message, /could not be saved to .*config\.json .*Nothing was changed/);
    return true;
  });
  await assert.rejects(next, (err: unknown) => (err as HttpError).code === "config_not_saved");
  assert.deepEqual(store.current, before, "memory unchanged");
  assert.deepEqual(seen, [], "no reader was told of a change");
  await Deno.remove(t.path, { recursive: true });
  await store.update({ server: { port: 9003 } });
  assert.equal(store.current.server.port, 9003);
  assert.deepEqual(JSON.parse(await Deno.readTextFile(t.path)), store.current);
});

Deno.test({
  name: "config - the config file is 0600 in a 0700 folder, even where the folder was looser",
  ignore: Deno.build.os === "windows",
  async fn() {
    await using t = await tempConfig();
    const modeOf = async (path: string) => (await Deno.stat(path)).mode! & 0o777;
    const fresh = `${t.dir}/new/hearth/config.json`;
    await writeFileAtomic(fresh, "{}\n");
    assert.equal(await modeOf(fresh), 0o600);
    assert.equal(await modeOf(`${t.dir}/new/hearth`), 0o700);
    await Deno.chmod(t.dir, 0o755);
    const store = await ConfigStore.load(t.path, {});
    await store.update({ locale: "de" });
    assert.equal(await modeOf(t.path), 0o600);
    assert.equal(await modeOf(t.dir), 0o700, "tightened");
  },
});

Deno.test("config - Ollama hosts are read as Ollama reads them, from the file, the API and HEARTH_OLLAMA_URL", async () => {
  await using t = await tempConfig({ ollama: { hosts: ["box.lan", "https://gpu.example.com/"] } });
  const store = await ConfigStore.load(t.path, {});
  assert.deepEqual(store.current.ollama.hosts, [
    "http://box.lan:11434",
    "https://gpu.example.com:443",
  ]);
  await store.update({ ollama: { hosts: [":11500", "[::1]"] } });
  assert.deepEqual(store.current.ollama.hosts, ["http://127.0.0.1:11500", "http://[::1]:11434"]);
  assert.deepEqual(JSON.parse(await Deno.readTextFile(t.path)).ollama.hosts, [
    "http://127.0.0.1:11500",
    "http://[::1]:11434",
  ]);
  await assert.rejects(store.update({ ollama: { hosts: ["box:99999"] } }), (err: unknown) => {
    assert.ok(err instanceof ValidationError);
    assert.equal(err.field, "ollama.hosts.0");
    assert.match(err.message, /not a port/);
    return true;
  });
  const env = await ConfigStore.load(t.path, { HEARTH_OLLAMA_URL: "a, b:8080" });
  assert.deepEqual(env.current.ollama.hosts, ["http://a:11434", "http://b:8080"]);
});

Deno.test("config - OLLAMA_HOST replaces the built-in default; the admin's choice and HEARTH_OLLAMA_URL win", async () => {
  const OLLAMA_HOST = "0.0.0.0:11500";
  await using t = await tempConfig();
  const fresh = await ConfigStore.load(t.path, { OLLAMA_HOST });
  assert.deepEqual(fresh.current.ollama.hosts, ["http://127.0.0.1:11500"]);
  assert.deepEqual(fresh.view().readOnly, {}, "a default, not a lock");
  // Saving another setting writes the built-in default to the file; OLLAMA_HOST still applies.
  await fresh.update({ locale: "de" });
  const again = await ConfigStore.load(t.path, { OLLAMA_HOST: "gpu.lan" });
  assert.deepEqual(again.current.ollama.hosts, ["http://gpu.lan:11434"]);
  // An admin's own list wins over it.
  await again.update({ ollama: { hosts: ["http://10.0.0.7:11434"] } });
  assert.deepEqual(again.current.ollama.hosts, ["http://10.0.0.7:11434"]);
  const chosen = await ConfigStore.load(t.path, { OLLAMA_HOST: "gpu.lan" });
  assert.deepEqual(chosen.current.ollama.hosts, ["http://10.0.0.7:11434"]);
  // HEARTH_OLLAMA_URL wins over both.
  const both = await ConfigStore.load(t.path, {
    OLLAMA_HOST: "gpu.lan",
    HEARTH_OLLAMA_URL: "http://a:1",
  });
  assert.deepEqual(both.current.ollama.hosts, ["http://a:1"]);
  await assert.rejects(
    ConfigStore.load(t.path, { OLLAMA_HOST: "ftp://x" }),
    /OLLAMA_HOST="ftp:\/\/x" is not a valid value for ollama.hosts \("ftp:\/\/" is not http/,
  );
});

Deno.test("config - server.https is off by default and HEARTH_HTTPS turns it on or off", () => {
  assert.equal(defaultConfig().server.https, false);
  assert.equal(readEnvOverrides({ HEARTH_HTTPS: "1" }).get("server.https")?.value, true);
  assert.equal(readEnvOverrides({ HEARTH_HTTPS: "off" }).get("server.https")?.value, false);
  assert.throws(() => readEnvOverrides({ HEARTH_HTTPS: "maybe" }), /HEARTH_HTTPS="maybe"/);
});
