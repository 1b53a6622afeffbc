/**
 * The Linux install never waits for a password on Hearth's terminal: it checks curl, zstd and
 * the rights first, runs the official script as root or through `sudo -n`, and otherwise says
 * what to run instead. All through a scripted `CommandRunner`; one test runs the real preflight.
 */
import assert from "node:assert/strict";
import { realCommandRunner } from "../process/command.ts";
import { TaskRegistry } from "../tasks/registry.ts";
import { SETUP } from "../tasks/owner.ts";
import {
  cleanLine,
  INSTALL_COMMAND,
  installOllama,
  parsePreflight,
  PREFLIGHT_COMMAND,
} from "./local.ts";
import { RealOllamaService } from "./real.ts";
import { startInstallTask } from "./tasks.ts";
import { collect, scriptedRunner } from "./testing.ts";
import type { CommandLine } from "../process/command.ts";
import type { InstallEvent } from "./types.ts";

/** A machine: who Hearth runs as, what is installed, and what the installer prints. */
function machine(
  { uid = 1000, has = ["curl", "zstd", "sudo", "apt-get"], sudo = false, ollama = true } = {},
  stream: { lines: CommandLine[]; code: number } = { lines: [], code: 0 },
) {
  const preflight = [`uid=${uid}`, ...has.map((t) => `has=${t}`), ...(sudo ? ["sudo=ok"] : [])];
  return scriptedRunner({
    run: {
      [`sh -c ${PREFLIGHT_COMMAND}`]: { stdout: preflight.join("\n") + "\n" },
      ...(ollama ? { "ollama --version": { stdout: "ollama version is 0.12.6\n" } } : {}),
    },
    stream,
  });
}

const streamed = (runner: ReturnType<typeof machine>) =>
  runner.calls.filter((c) => c.kind === "stream").map((c) => [c.cmd, ...c.args]);

Deno.test("install - as root the script runs directly, without a terminal or stdin", async () => {
  const runner = machine({ uid: 0, has: ["curl", "zstd"] });
  const events = await collect(installOllama(runner, "linux"));
  assert.deepEqual(streamed(runner), [["sh", "-c", INSTALL_COMMAND]]);
  const call = runner.calls.find((c) => c.kind === "stream");
  assert.equal(call?.opts?.stdin, undefined, "no input: stdin is closed (null)");
  assert.deepEqual(events.at(-1), {
    type: "done",
    ok: true,
    code: 0,
    message: "Ollama is installed.",
  });
});

Deno.test("install - a user with passwordless sudo runs it through sudo -n, which never prompts", async () => {
  const runner = machine({ sudo: true });
  const events = await collect(installOllama(runner, "linux"));
  assert.deepEqual(streamed(runner), [["sudo", "-n", "sh", "-c", INSTALL_COMMAND]]);
  assert.deepEqual(events[0], {
    type: "log",
    stream: "stdout",
    line: `$ sudo -n ${INSTALL_COMMAND}`,
  });
  const done = events.at(-1);
  assert.ok(done?.type === "done" && done.ok);
});

Deno.test("install - a user without passwordless sudo gets the command to run, and nothing runs", async () => {
  const runner = machine({ sudo: false });
  const events = await collect(installOllama(runner, "linux"));
  assert.deepEqual(streamed(runner), [], "the installer never started");
  assert.equal(events.length, 1);
  const [blocked] = events;
  assert.ok(blocked.type === "blocked" && blocked.reason === "sudo");
  assert.equal(blocked.command, INSTALL_COMMAND);
  assert.match(blocked.message, /without a password/);
  const noSudo = await collect(installOllama(machine({ has: ["curl", "zstd"] }), "linux"));
  assert.ok(noSudo[0].type === "blocked" && /as root/.test(noSudo[0].message));
});

Deno.test("install - curl and zstd are checked first, with the command that installs them here", async () => {
  const cases: [Parameters<typeof machine>[0], string[], string][] = [
    [{ has: ["curl", "sudo", "apt-get"], sudo: true }, ["zstd"], "sudo apt-get install -y zstd"],
    [{ has: ["sudo", "dnf"] }, ["curl", "zstd"], "sudo dnf install -y curl zstd"],
    [{ uid: 0, has: ["curl", "pacman"] }, ["zstd"], "pacman -S --noconfirm zstd"],
    [{ uid: 0, has: [] }, ["curl", "zstd"], "apt-get install -y curl zstd"],
  ];
  for (const [state, missing, command] of cases) {
    const runner = machine(state);
    const events = await collect(installOllama(runner, "linux"));
    assert.deepEqual(streamed(runner), []);
    assert.deepEqual(events.length, 1);
    const [blocked] = events;
    assert.ok(blocked.type === "blocked" && blocked.reason === "tools", JSON.stringify(blocked));
    assert.deepEqual(blocked.missing, missing);
    assert.equal(blocked.command, command);
    assert.ok(blocked.message.includes(missing.join(" and ")) && blocked.message.includes(command));
  }
});

Deno.test("install - the script's stderr is what the log shows: colours dropped, a progress bar at its end", async () => {
  const runner = machine({ uid: 0 }, {
    lines: [
      { type: "stderr", line: ">>> Downloading ollama-linux-amd64.tar.zst" },
      { type: "stderr", line: "#        1.0%\r#####    50.0%\r######## 100.0%" },
      { type: "stdout", line: "\x1b[1m\x1b[31mERROR:\x1b(B\x1b[m This version requires zstd" },
    ],
    code: 1,
  });
  const events = await collect(installOllama(runner, "linux"));
  assert.deepEqual(events.filter((e) => e.type === "log").slice(1), [
    { type: "log", stream: "stderr", line: ">>> Downloading ollama-linux-amd64.tar.zst" },
    { type: "log", stream: "stderr", line: "######## 100.0%" },
    { type: "log", stream: "stdout", line: "ERROR: This version requires zstd" },
  ]);
  const done = events.at(-1);
  assert.ok(done?.type === "done" && !done.ok);
  assert.equal(
    done.message,
    "The installer failed with exit code 1: ERROR: This version requires zstd",
  );
  assert.equal(done.output?.length, 3);
  assert.equal(cleanLine("\r\r"), "");
});

Deno.test("install - an exit 0 without an ollama program afterwards is a failure (curl | sh hides curl's)", async () => {
  const runner = machine({ uid: 0, ollama: false }, {
    lines: [{ type: "stderr", line: "curl: (6) Could not resolve host: ollama.com" }],
    code: 0,
  });
  const done = (await collect(installOllama(runner, "linux"))).at(-1);
  assert.ok(done?.type === "done" && !done.ok);
  assert.match(done.message, /no ollama program .* Could not resolve host/);
});

Deno.test("install task - a blocked install ends as its own error after a blocked event, and is logged", async () => {
  using tasks = new TaskRegistry();
  const logged: string[] = [];
  const ollama = new RealOllamaService({ runner: machine({ sudo: false }), os: "linux" });
  const task = startInstallTask(ollama, tasks, {
    owner: SETUP,
    log: (message, fields) => logged.push(`${message} ${JSON.stringify(fields)}`),
  });
  const events: { event: string; data: unknown }[] = [];
  for await (const c of task.read(0)) {
    events.push({ event: c.event, data: c.data === "[DONE]" ? c.data : JSON.parse(c.data) });
  }
  assert.deepEqual(events.map((e) => e.event), ["blocked", "error", "[DONE]"]);
  assert.equal((events[0].data as InstallEvent & { command: string }).command, INSTALL_COMMAND);
  assert.equal((events[1].data as { code: string }).code, "install_needs_sudo");
  assert.equal(task.status, "error");
  assert.equal(logged.length, 1);

  const failing = new RealOllamaService({
    runner: machine({ uid: 0 }, { lines: [{ type: "stderr", line: "tar: short read" }], code: 2 }),
    os: "linux",
  });
  const failed = startInstallTask(failing, tasks, { owner: SETUP, log: (m) => logged.push(m) });
  let error: { code: string; message: string } | undefined;
  for await (const c of failed.read(0)) if (c.event === "error") error = JSON.parse(c.data);
  assert.deepEqual(error, {
    code: "install_failed",
    message: "The installer failed with exit code 2: tar: short read",
  });
  assert.equal(logged.at(-1), "ollama install failed");
});

Deno.test("install - the real preflight runs on this machine and says who Hearth is", async () => {
  const res = await realCommandRunner.run("sh", ["-c", PREFLIGHT_COMMAND], { timeoutMs: 10_000 });
  assert.equal(res.code, 0, res.stderr);
  const found = parsePreflight(res.stdout);
  assert.ok(found, res.stdout);
  assert.equal(found.root, Deno.uid() === 0);
  const known = ["curl", "zstd", "sudo", "apt-get", "dnf", "yum", "pacman", "zypper", "apk"];
  for (const tool of found.has) assert.ok(known.includes(tool), tool);
});
