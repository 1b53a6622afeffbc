/**
 * `deno task start` as a person runs it: a real process on a free port with its own home.
 */
import assert from "node:assert/strict";
import { BUNDLE_ARGS, BUNDLE_START, ROOT, startServer } from "./helpers/server.ts";

Deno.test("server - deno task start serves the home page and sessions, then exits cleanly on SIGTERM", async () => {
  await using server = await startServer();
  // A device that has not picked a profile is sent to the picker.
  const home = await fetch(`${server.url}/`);
  assert.equal(home.status, 200);
  assert.equal(new URL(home.url).pathname, "/profiles");
  assert.match(await home.text(), /Who is using Hearth\?/);
  const session = await fetch(`${server.url}/api/session`);
  assert.equal(session.status, 200);
  const { token } = await session.json();
  assert.ok(token);
  const out = server.output();
  assert.match(out, /Hearth \d+\.\d+\.\d+ is running\. Open it at:/);
  assert.match(out, new RegExp(`http://localhost:${server.port}/`));
  const status = await server.stop("SIGTERM");
  assert.equal(status.code, 0, server.output());
  assert.match(server.output(), /shutting down/);
  // The database was closed cleanly: no WAL left behind to replay.
  const files = [...Deno.readDirSync(server.home)].map((e) => e.name);
  assert.ok(files.includes("hearth.db"), files.join(","));
  assert.ok(
    !files.includes("hearth.db-wal") || Deno.statSync(`${server.home}/hearth.db-wal`).size === 0,
  );
});

Deno.test("server - deno task start gives memory back once requests stop", async () => {
  // The start task passes V8's --expose-gc (SERVER_V8_FLAGS): without it nothing is collected.
  await using server = await startServer({ env: { HEARTH_LOG_LEVEL: "debug" } });
  const collected = () => server.output().match(/memory given back (\{.*\})/g) ?? [];
  const waitFor = async (count: number) => {
    const deadline = Date.now() + 20_000;
    while (collected().length < count) {
      assert.ok(Date.now() < deadline, `no collection after going quiet:\n${server.output()}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  // Starting leaves garbage: collected a quiet second later.
  await waitFor(1);
  const facts = JSON.parse(/\{.*\}/.exec(collected()[0]!)![0]);
  assert.ok(facts.rssMiB[1] <= facts.rssMiB[0], JSON.stringify(facts));
  // The server still answers (the next collection waits for 30 s of quiet: unit tests).
  const res = await fetch(`${server.url}/api/session`);
  assert.equal(res.status, 200);
  await res.body?.cancel();
});

Deno.test("server - SIGINT (Ctrl-C) shuts down cleanly too", async () => {
  await using server = await startServer({
    args: BUNDLE_ARGS,
  });
  const res = await fetch(`${server.url}/api/session`);
  await res.body?.cancel();
  const status = await server.stop("SIGINT");
  assert.equal(status.code, 0, server.output());
});

Deno.test("server - a port already in use is a clear message and exit code 1", async () => {
  const blocker = Deno.listen({ port: 0, hostname: "0.0.0.0" });
  try {
    const home = await Deno.makeTempDir();
    const out = await new Deno.Command(Deno.execPath(), {
      args: [...BUNDLE_START, "--port", String(blocker.addr.port)],
      cwd: ROOT,
      env: { HEARTH_HOME: home, NO_COLOR: "1" },
    }).output();
    await Deno.remove(home, { recursive: true });
    assert.equal(out.code, 1);
    assert.match(new TextDecoder().decode(out.stderr), /already in use/);
  } finally {
    blocker.close();
  }
});

async function hearth(args: string[], env: Record<string, string> = {}) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "main.ts", ...args],
    cwd: ROOT,
    env: { NO_COLOR: "1", ...env },
  }).output();
  const d = new TextDecoder();
  return { code: out.code, stdout: d.decode(out.stdout), stderr: d.decode(out.stderr) };
}

Deno.test("cli - doctor prints version, paths and database status", async () => {
  const home = await Deno.makeTempDir();
  try {
    const before = await hearth(["doctor"], { HEARTH_HOME: home });
    assert.equal(before.code, 0, before.stderr);
    assert.match(before.stdout, /Hearth \d+\.\d+\.\d+ on Deno/);
    assert.ok(before.stdout.includes(`${home}/config.json`));
    assert.match(before.stdout, /not created yet/);
    await Deno.writeTextFile(`${home}/config.json`, "{oops");
    const broken = await hearth(["doctor"], { HEARTH_HOME: home });
    assert.equal(broken.code, 1);
    assert.match(broken.stdout, /PROBLEM: .*not valid JSON/);
  } finally {
    await Deno.remove(home, { recursive: true });
  }
});

Deno.test("cli - help, bad flags and unknown commands", async () => {
  const help = await hearth(["help"]);
  assert.equal(help.code, 0);
  // Run from the source folder, help names the commands that work here: deno tasks.
  assert.match(help.stdout, /Usage: deno task <command> \[options\]/);
  assert.match(help.stdout, /deno task reset-password/);
  assert.doesNotMatch(help.stdout, /hearth (start|setup|help|reset-password)/);
  const unknown = await hearth(["frobnicate"]);
  assert.equal(unknown.code, 1);
  assert.match(unknown.stderr, /unknown command "frobnicate"\. See 'deno task help'\./);
  const badPort = await hearth(["start", "--port", "http"]);
  assert.equal(badPort.code, 1);
  assert.match(badPort.stderr, /--port must be/);
  const badFlag = await hearth(["--bogus"]);
  assert.equal(badFlag.code, 1);
});

Deno.test("cli - a database from a newer Hearth stops start with a clear message", async () => {
  const home = await Deno.makeTempDir();
  try {
    const { DatabaseSync } = await import("node:sqlite");
    const db = new DatabaseSync(`${home}/hearth.db`);
    db.exec("PRAGMA user_version = 42");
    db.close();
    const out = await hearth(["start", "--port", "0"], { HEARTH_HOME: home });
    assert.equal(out.code, 1);
    assert.match(out.stderr, /schema version 42.*newer Hearth/s);
  } finally {
    await Deno.remove(home, { recursive: true });
  }
});
