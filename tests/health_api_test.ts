import assert from "node:assert/strict";
import { adminApp } from "./helpers/admin.ts";
import { expectError, testApp } from "./helpers/app.ts";
import type { HealthReport } from "../lib/system/health.ts";
import { lastBackup } from "../lib/system/last_backup.ts";

Deno.test("health API - 401 admin_required without an admin login", async () => {
  await using app = await testApp({ env: { HEARTH_FAKE_OLLAMA: "1" } });
  await expectError(await app.api("/api/admin/health"), 401, "admin_required");
});

Deno.test("health API - every section from the Fake Ollama: hosts, loaded models, queue, tasks, db, backup, certificate, errors", async () => {
  await using app = await adminApp({}, { reply: "Hello." });
  const host = app.ollama!.server.url;
  // Load a model on the fake, as a reply would.
  const chat = await fetch(`${host}/api/chat`, {
    method: "POST",
    body: JSON.stringify({ model: "llama3.2", messages: [{ role: "user", content: "hi" }] }),
  });
  await chat.text();
  await Deno.mkdir(`${app.home}/backups`, { recursive: true });
  await Deno.writeFile(
    `${app.home}/backups/hearth-backup-20261201T000000000Z.zip`,
    new Uint8Array(10),
  );
  await Deno.writeFile(
    `${app.home}/backups/hearth-backup-20261202T000000000Z.zip`,
    new Uint8Array(20),
  );
  await Deno.utime(`${app.home}/backups/hearth-backup-20261201T000000000Z.zip`, 1, 1);
  await Deno.writeTextFile(`${app.home}/backups/notes.txt`, "not a bundle");
  app.services.log.error("something broke", { detail: "x" });
  app.services.log.info("all fine");

  const res = await app.admin("/api/admin/health");
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("content-type"), "application/json");
  assert.equal(res.headers.get("cache-control"), "no-store");
  const report: HealthReport = await res.json();

  assert.equal(report.ollama.length, 1);
  const [h] = report.ollama;
  assert.equal(h.url, host);
  assert.equal(h.reachable, true);
  assert.equal(typeof h.version, "string");
  assert.equal(h.running.length, 1);
  const [model] = h.running;
  assert.equal(model.name, "llama3.2:latest");
  assert.ok(model.sizeVram > 0 && (model.size ?? 0) > 0);
  assert.ok((model.contextLength ?? 0) > 0);
  assert.ok(Date.parse(model.expiresAt) > Date.now());

  assert.ok("lines" in report.queue && Array.isArray(report.queue.lines));
  assert.equal(typeof report.tasks.stats.bytes, "number");
  assert.deepEqual(report.tasks.running, []);
  assert.ok("totalBytes" in report.database && report.database.bytes > 0);
  assert.equal(report.database.totalBytes, report.database.bytes + report.database.walBytes);
  assert.ok("count" in report.backup);
  assert.equal(report.backup.count, 2);
  assert.equal(report.backup.last?.name, "hearth-backup-20261202T000000000Z.zip");
  assert.equal(report.backup.last?.bytes, 20);
  assert.ok("https" in report.certificate);
  assert.equal(report.certificate.https, false);
  assert.equal(report.certificate.notAfter, null);
  assert.deepEqual(report.errors.map((e) => e.msg), ["something broke"]);
  assert.ok(report.errors.every((e) => e.isError));
});

Deno.test("health API - a running task is listed with its buffer bytes", async () => {
  await using app = await adminApp();
  let release!: () => void;
  const held = new Promise<void>((r) => release = r);
  const task = app.services.tasks.start({
    owner: { kind: "admin" },
    kind: "test",
    meta: { model: "gemma3" },
    run: async (sink) => {
      sink.emit("token", { text: "x".repeat(1000) });
      await held;
    },
  });
  const report: HealthReport = await (await app.admin("/api/admin/health")).json();
  const listed = report.tasks.running.find((t) => t.id === task.id);
  assert.ok(listed, JSON.stringify(report.tasks));
  assert.equal(listed.kind, "test");
  assert.equal(listed.model, "gemma3");
  assert.ok(listed.bytes >= 1000);
  release();
  await task.ended;
});

Deno.test("health API - an unreachable host and one that never answers show as such, within the deadline", async () => {
  // Accepts connections and never answers.
  const silent = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const held: Deno.Conn[] = [];
  const accepting = (async () => {
    for await (const conn of silent) held.push(conn);
  })();
  const closed = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const closedPort = closed.addr.port;
  closed.close();
  try {
    await using app = await adminApp({
      HEARTH_OLLAMA_URL: `http://127.0.0.1:${closedPort},http://127.0.0.1:${silent.addr.port}`,
    });
    const started = performance.now();
    const res = await app.admin("/api/admin/health");
    const ms = performance.now() - started;
    assert.equal(res.status, 200);
    const report: HealthReport = await res.json();
    assert.deepEqual(report.ollama.map((h) => h.reachable), [false, false]);
    assert.ok(report.ollama.every((h) => h.error && h.running.length === 0));
    assert.ok(ms < 6_000, `took ${ms} ms`);
    assert.ok("count" in report.backup && report.backup.count === 0);
  } finally {
    silent.close();
    for (const c of held) c.close();
    await accepting.catch(() => {});
  }
});

Deno.test("health - lastBackup without a backups folder is none", async () => {
  const dir = await Deno.makeTempDir();
  try {
    assert.deepEqual(await lastBackup(dir), { last: null, count: 0 });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
