/**
 * `hearth setup` as a person or a script runs it: a real process on the Fake Ollama with its own
 * home, unattended with flags or answering questions from a pipe.
 */
import assert from "node:assert/strict";
import { hasAdmin } from "../lib/auth/mod.ts";
import { openDatabase } from "../lib/db/mod.ts";
import { ROOT } from "./helpers/server.ts";

async function hearth(args: string[], env: Record<string, string>, stdin = "") {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "main.ts", ...args],
    cwd: ROOT,
    env: { NO_COLOR: "1", HEARTH_FAKE_OLLAMA: "1", ...env },
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(stdin));
  await writer.close();
  const out = await child.output();
  const decode = (b: Uint8Array) => new TextDecoder().decode(b);
  return { code: out.code, stdout: decode(out.stdout), stderr: decode(out.stderr) };
}

async function adminExists(home: string): Promise<boolean> {
  const db = await openDatabase(`${home}/hearth.db`);
  try {
    return await hasAdmin(db);
  } finally {
    await db.close();
  }
}

Deno.test("setup cli - unattended with flags: installs Ollama, downloads the model, creates the admin", async () => {
  const home = await Deno.makeTempDir({ prefix: "hearth-cli-" });
  try {
    await Deno.writeTextFile(`${home}/pw.txt`, "correct horse battery\nignored second line\n");
    const env = { HEARTH_HOME: home, HEARTH_FAKE_OLLAMA_STATE: "missing" };
    const flags = ["--locale", "de", "--model", "qwen2.5:3b"];
    const out = await hearth(
      ["setup", ...flags, "--admin-password-file", `${home}/pw.txt`, "--yes"],
      env,
    );
    assert.equal(out.code, 0, out.stdout + out.stderr);
    assert.match(out.stdout, /== Systemprüfung ==/);
    assert.match(out.stdout, /Ollama wird installiert…/);
    assert.match(out.stdout, /\| >>> Install complete\./);
    assert.match(out.stdout, /qwen2\.5:3b wird heruntergeladen…/);
    // Progress rises (a line per 10% when output is not a terminal) to the end.
    const percents = [...out.stdout.matchAll(/^ {2}(\d+) % · /gm)].map((m) => Number(m[1]));
    assert.ok(percents.length >= 3, out.stdout);
    assert.deepEqual(percents, [...percents].sort((a, b) => a - b));
    assert.equal(percents.at(-1), 100);
    assert.match(out.stdout, /Hearth ist eingerichtet\. Starte es mit: hearth start/);
    const config = JSON.parse(await Deno.readTextFile(`${home}/config.json`));
    assert.equal(config.locale, "de");
    assert.equal(config.models.chat, "qwen2.5:3b");
    assert.ok(await adminExists(home));

    // A second run finds Hearth set up and changes nothing.
    const again = await hearth(["setup", "--yes"], env);
    assert.equal(again.code, 1);
    assert.match(again.stdout, /bereits eingerichtet.*hearth reset-password/);
  } finally {
    await Deno.remove(home, { recursive: true });
  }
});

Deno.test("setup cli - --yes without a password file stops before creating anything", async () => {
  const home = await Deno.makeTempDir({ prefix: "hearth-cli-" });
  try {
    const out = await hearth(["setup", "--yes", "--model", "none"], { HEARTH_HOME: home });
    assert.equal(out.code, 1);
    assert.match(out.stdout, /--yes needs --admin-password-file/);
    assert.doesNotMatch(out.stdout, /== /, "stopped before the first step");
    assert.ok(!(await adminExists(home)));
    await Deno.writeTextFile(`${home}/pw.txt`, "short\n");
    const short = await hearth(
      ["setup", "--yes", "--admin-password-file", `${home}/pw.txt`],
      { HEARTH_HOME: home },
    );
    assert.equal(short.code, 1);
    assert.match(short.stdout, /Setup stopped: password: use at least 8 characters/);
    assert.doesNotMatch(short.stdout, /Downloading/);
    assert.ok(!(await adminExists(home)));
    const bad = await hearth(["setup", "--locale", "fr", "--yes"], { HEARTH_HOME: home });
    assert.equal(bad.code, 1);
    assert.match(bad.stdout, /--locale must be en or de, not "fr"/);
  } finally {
    await Deno.remove(home, { recursive: true });
  }
});

Deno.test("setup cli - answers from a pipe: language, model by number, name, password, PIN", async () => {
  const home = await Deno.makeTempDir({ prefix: "hearth-cli-" });
  try {
    // A too-short password and a bad PIN are asked again.
    const answers = ["en", "1", "Ann", "short", "correct horse battery", "correct horse battery"]
      .concat(["12", "2468"]).join("\n") + "\n";
    const out = await hearth(["setup"], { HEARTH_HOME: home }, answers);
    assert.equal(out.code, 0, out.stdout + out.stderr);
    assert.match(out.stdout, /Language \/ Sprache \[en, de\] \(en\):/);
    assert.match(out.stdout, / 1\. qwen2\.5:0\.5b .*Installed/);
    assert.match(out.stdout, /Choose a model: number or name; Enter for llama3\.1:8b/);
    assert.match(out.stdout, /At least 8 characters\./);
    assert.match(out.stdout, /The PIN must be 4 to 8 digits\./);
    assert.match(out.stdout, /Model: qwen2\.5:0\.5b/);
    const config = JSON.parse(await Deno.readTextFile(`${home}/config.json`));
    assert.deepEqual([config.locale, config.models.chat], ["en", "qwen2.5:0.5b"]);
    assert.ok(await adminExists(home));
  } finally {
    await Deno.remove(home, { recursive: true });
  }
});
