/**
 * The setup API through the app's fetch handler, on the Fake Ollama: every step from the
 * language to the admin, downloads as resumable and cancellable tasks, and the app answering
 * at once when the wizard finishes.
 */
import assert from "node:assert/strict";
import { setupStateOf } from "../lib/setup/mod.ts";
import { json, parseSse, readSse } from "./helpers/admin.ts";
import { expectError, testApp } from "./helpers/app.ts";

/** The ids, event names and data of an SSE body. */
async function events(res: Response) {
  return (await readSse(res)).map((e) => ({ id: e.id, event: e.event, data: e.data }));
}

Deno.test("setup - the API walks the wizard from language to admin on the Fake Ollama", async () => {
  await using app = await testApp({ setup: true, ollama: { state: "missing" } });
  const { services } = app;

  let status = await (await app.api("/api/setup/status")).json();
  assert.equal(status.setup, true);
  assert.equal(status.access, true);
  assert.equal(status.localeChosen, false);
  assert.equal(status.pull, null);

  // Language: this browser's cookie, and the box's choice for later.
  const locale = await app.api("/api/setup/locale", json("POST", { locale: "de" }));
  assert.equal(locale.status, 200);
  assert.match(locale.headers.get("set-cookie") ?? "", /^hearth_locale=de;/);
  await expectError(
    await app.api("/api/setup/locale", json("POST", { locale: "fr" })),
    422,
    "invalid_input",
  );

  // System check: the demo box has no GPU; the suggested model fits.
  const system = await (await app.api("/api/setup/system")).json();
  assert.equal(system.report.fake, true);
  assert.ok(system.notes.includes("no_gpu"));
  const suggested = system.models.find((m: { recommended: boolean }) => m.recommended);
  assert.equal(suggested.name, system.recommended);
  assert.equal(suggested.fit, "fits");
  assert.ok(system.models.some((m: { fit: string }) => m.fit === "tight"));
  assert.ok(system.models.every((m: { installed: boolean }) => !m.installed), "no Ollama yet");

  // Ollama: missing, so start is refused; the installer streams its log, then Ollama runs.
  let ollama = await (await app.api("/api/setup/ollama")).json();
  assert.equal(ollama.state, "missing");
  assert.equal(ollama.canInstall, true);
  await expectError(
    await app.api("/api/setup/start", json("POST", {})),
    503,
    "ollama_not_installed",
  );
  const install = await app.api("/api/setup/install", { method: "POST" });
  assert.ok(install.headers.get("x-hearth-task"));
  const log = await events(install);
  assert.ok(log.filter((e) => e.event === "log").length >= 5, JSON.stringify(log));
  assert.deepEqual(log.map((e) => e.event).slice(-2), ["done", "[DONE]"]);
  ollama = await (await app.api("/api/setup/ollama")).json();
  assert.equal(ollama.state, "running");

  // Installed but stopped: start brings it up.
  await app.ollama!.server.stop();
  assert.equal((await (await app.api("/api/setup/ollama")).json()).state, "stopped");
  const started = await app.api("/api/setup/start", json("POST", {}));
  assert.equal(started.status, 200);
  assert.equal((await started.json()).state, "running");

  // Model: the download streams progress that rises, then done; it becomes the choice.
  const pull = await app.api("/api/setup/pull", json("POST", { model: suggested.name }));
  const taskId = pull.headers.get("x-hearth-task")!;
  assert.ok(taskId);
  const pulled = await events(pull);
  const percents = pulled.filter((e) => e.event === "progress")
    .map((e) => (e.data as { percent?: number }).percent).filter((p) => p !== undefined);
  assert.ok(percents.includes(50) && percents.includes(100), JSON.stringify(percents));
  assert.deepEqual(pulled.at(-2), {
    id: pulled.length - 2,
    event: "done",
    data: { model: suggested.name },
  });
  status = await (await app.api("/api/setup/status")).json();
  assert.equal(status.model, suggested.name);
  assert.deepEqual(status.pull, { id: taskId, status: "done", model: suggested.name });
  assert.equal(status.locale, "de");

  // A reloaded page resumes the task: after Last-Event-ID, or from ?offset=.
  const resumed = await events(
    await app.api(`/api/tasks/${taskId}/stream`, { headers: { "Last-Event-ID": "2" } }),
  );
  assert.equal(resumed[0].id, 3);
  assert.deepEqual(resumed, pulled.slice(3));
  const again = await events(await app.api(`/api/tasks/${taskId}/stream?offset=0`));
  assert.deepEqual(again, pulled);
  await expectError(await app.api("/api/tasks/nope/stream"), 404, "task_not_found");

  // A model Ollama already has can be chosen without a download; a missing one cannot.
  await expectError(
    await app.api("/api/setup/model", json("POST", { model: "gemma3:12b" })),
    409,
    "setup_model_missing",
  );
  await expectError(
    await app.api("/api/setup/model", json("POST", { model: "bad name!" })),
    422,
    "invalid_input",
  );
  const use = await app.api("/api/setup/model", json("POST", { model: "qwen2.5:0.5b" }));
  assert.equal(use.status, 200);
  assert.deepEqual(await use.json(), { model: "qwen2.5:0.5b" });

  // Admin: lib/auth's password rules apply; the PIN must be digits.
  await expectError(
    await app.api("/api/setup/finish", json("POST", { password: "short" })),
    422,
    "password_too_short",
  );
  await expectError(
    await app.api("/api/setup/finish", json("POST", { password: "long enough", pin: "12ab" })),
    422,
    "invalid_input",
  );
  assert.equal(await setupStateOf(services).active(), true, "failed tries change nothing");
  const finish = await app.api(
    "/api/setup/finish",
    json("POST", { password: "correct horse battery", pin: "2468", name: "Ann" }),
  );
  assert.equal(finish.status, 200, await finish.clone().text());
  const done = await finish.json();
  assert.equal(done.profile.name, "Ann");
  assert.equal(done.redirect, "/");
  assert.equal(done.model, "qwen2.5:0.5b");
  const cookies = finish.headers.getSetCookie().map((c) => c.split(";")[0]);
  assert.ok(cookies.some((c) => c.startsWith("hearth_device=")), cookies.join());
  assert.ok(cookies.some((c) => c.startsWith("hearth_admin=")), cookies.join());

  // Saved in the config file, and the app answers at once, without a restart.
  assert.equal(services.config.current.locale, "de");
  assert.equal(services.config.current.models.chat, "qwen2.5:0.5b");
  const file = JSON.parse(await Deno.readTextFile(`${app.home}/config.json`));
  assert.deepEqual([file.locale, file.models.chat], ["de", "qwen2.5:0.5b"]);
  const home = await app.fetch("/", {
    headers: { accept: "text/html", cookie: cookies.join("; ") },
  });
  assert.equal(home.status, 200);
  assert.match(await home.text(), /Willkommen bei Hearth/);
  await expectError(
    await app.api("/api/setup/finish", json("POST", { password: "correct horse battery" })),
    409,
    "setup_finished",
  );
});

Deno.test("setup - one download at a time; cancelling stops it; finishing waits for it", async () => {
  await using app = await testApp({ setup: true, ollama: { delayMs: 30 } });
  const pull = await app.api("/api/setup/pull", json("POST", { model: "gemma3:4b" }));
  const id = pull.headers.get("x-hearth-task")!;
  const reader = pull.body!.getReader();
  await reader.read(); // the download is under way
  // Another model is refused, naming the running download so the wizard can follow or
  // cancel it; the task API finds it too.
  const refused = await expectError(
    await app.api("/api/setup/pull", json("POST", { model: "qwen2.5:3b" })),
    409,
    "setup_pull_running",
  );
  assert.equal(refused.error.task, id);
  assert.match(refused.error.message, /^gemma3:4b is still downloading/);
  const listed = await (await app.api("/api/tasks?kind=pull")).json();
  assert.deepEqual(
    listed.tasks.map((t: { id: string; meta: { model: string } }) => [t.id, t.meta.model]),
    [[id, "gemma3:4b"]],
  );
  const same = await app.api("/api/setup/pull", json("POST", { model: "gemma3:4b" }));
  assert.equal(same.headers.get("x-hearth-task"), id, "asking again attaches to the download");
  await same.body?.cancel();
  const status = await (await app.api("/api/setup/status")).json();
  assert.equal(status.pull.status, "running");
  const finishing = await expectError(
    await app.api("/api/setup/finish", json("POST", { password: "correct horse battery" })),
    409,
    "setup_pull_running",
  );
  assert.equal(finishing.error.task, id);
  const cancel = await app.api(`/api/tasks/${id}/cancel`, { method: "POST" });
  const cancelled = await cancel.json();
  assert.deepEqual([cancelled.cancelled, cancelled.task.status], [true, "cancelled"]);
  let rest = "";
  const decoder = new TextDecoder();
  for (let r = await reader.read(); !r.done; r = await reader.read()) {
    rest += decoder.decode(r.value);
  }
  const last = parseSse(rest).filter((e) => e.event === "error");
  assert.equal((last[0].data as { code: string }).code, "task_cancelled");
  assert.equal((await (await app.api("/api/setup/status")).json()).model, null);
});

Deno.test("setup - an install that would ask for a sudo password says what to run instead, at once", async () => {
  await using app = await testApp({ setup: true, ollama: { state: "missing", user: "password" } });
  const log = await events(await app.api("/api/setup/install", { method: "POST" }));
  assert.deepEqual(log.map((e) => e.event), ["blocked", "error", "[DONE]"]);
  assert.deepEqual(log[0].data, {
    type: "blocked",
    reason: "sudo",
    command: "curl -fsSL https://ollama.com/install.sh | sh",
    message: (log[0].data as { message: string }).message,
  });
  assert.equal((log[1].data as { code: string }).code, "install_needs_sudo");
  assert.equal((await (await app.api("/api/setup/ollama")).json()).state, "missing");
});

Deno.test("setup - a missing zstd is named with the command that installs it; passwordless sudo installs", async () => {
  await using bare = await testApp({
    setup: true,
    ollama: { state: "missing", user: "sudo", missingTools: ["zstd"] },
  });
  const log = await events(await bare.api("/api/setup/install", { method: "POST" }));
  assert.deepEqual(log.map((e) => e.event), ["blocked", "error", "[DONE]"]);
  assert.equal((log[0].data as { command: string }).command, "sudo apt-get install -y zstd");
  assert.equal((log[1].data as { code: string }).code, "install_missing_tools");

  await using sudo = await testApp({ setup: true, ollama: { state: "missing", user: "sudo" } });
  const ok = await events(await sudo.api("/api/setup/install", { method: "POST" }));
  assert.equal(
    (ok[0].data as { line: string }).line,
    "$ sudo -n curl -fsSL https://ollama.com/install.sh | sh",
  );
  assert.deepEqual(ok.map((e) => e.event).slice(-2), ["done", "[DONE]"]);
  assert.equal((await (await sudo.api("/api/setup/ollama")).json()).state, "running");
});

Deno.test("setup - an Ollama on another machine: the step says where and whether it answers, and offers no install", async () => {
  const remote = "http://ollama.invalid:11434";
  await using app = await testApp({ setup: true, env: { HEARTH_OLLAMA_URL: remote } });
  const ollama = await (await app.api("/api/setup/ollama")).json();
  assert.deepEqual(
    [ollama.state, ollama.host, ollama.local, ollama.canInstall],
    ["unreachable", remote, false, false],
  );
});
