/**
 * `hearth setup` as a person or a script runs it: a real process on the Fake Ollama with its own
 * home, unattended with flags or answering questions from a pipe.
 */
import assert from "node:assert/strict";
import { hasAdmin } from "../lib/auth/mod.ts";
import { verifySecret } from "../lib/auth/passwords.ts";
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
    // Models that fit only tightly are counted as such (the demo box has a few).
    assert.match(out.stdout, /So passen die 14 Modelle auf diese Box: \d+ gut, \d+ knapp/);
    assert.match(out.stdout, /Ollama wird installiert…/);
    assert.match(out.stdout, /\| >>> Install complete\./);
    assert.match(out.stdout, /qwen2\.5:3b wird heruntergeladen…/);
    // Progress rises (a line per 10% when output is not a terminal) to the end.
    const percents = [...out.stdout.matchAll(/^ {2}(\d+) % · /gm)].map((m) => Number(m[1]));
    assert.ok(percents.length >= 3, out.stdout);
    assert.deepEqual(percents, [...percents].sort((a, b) => a - b));
    assert.equal(percents.at(-1), 100);
    // From the source folder, the command that works is the deno task.
    assert.match(out.stdout, /Hearth ist eingerichtet\. Starte es mit: deno task start\n/);
    // Unattended, no PIN was asked: the last words say what that leaves open.
    assert.match(
      out.stdout.trimEnd().split("\n").at(-1) ?? "",
      /^Hinweis: Das Admin-Profil Admin hat keine PIN, also können alle in deinem Netzwerk es öffnen und seine Chats lesen\. .*\/admin\/profiles/,
    );
    const config = JSON.parse(await Deno.readTextFile(`${home}/config.json`));
    assert.equal(config.locale, "de");
    assert.equal(config.models.chat, "qwen2.5:3b");
    assert.ok(await adminExists(home));

    // A second run finds Hearth set up and changes nothing.
    const again = await hearth(["setup", "--yes"], env);
    assert.equal(again.code, 1);
    assert.match(again.stdout, /bereits eingerichtet.*: deno task reset-password\n/);
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
    // In German, the fields are named in German.
    const kurz = await hearth(
      [
        "setup",
        "--yes",
        "--locale",
        "de",
        "--model",
        "none",
        "--admin-password-file",
        `${home}/pw.txt`,
      ],
      { HEARTH_HOME: home },
    );
    assert.match(kurz.stdout, /Einrichtung abgebrochen: Passwort: mindestens 8 Zeichen\./);
    await Deno.writeTextFile(`${home}/pw.txt`, "correct horse battery\n");
    const long = await hearth(
      ["setup", "--yes", "--locale", "de", "--model", "none", "--name", "x".repeat(41)]
        .concat(["--admin-password-file", `${home}/pw.txt`]),
      { HEARTH_HOME: home },
    );
    assert.match(
      long.stdout,
      /Einrichtung abgebrochen: Der Name ist zu lang: höchstens 40 Zeichen\./,
    );
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
    assert.doesNotMatch(out.stdout, /has no PIN/, "Ann chose a PIN");
    const config = JSON.parse(await Deno.readTextFile(`${home}/config.json`));
    assert.deepEqual([config.locale, config.models.chat], ["en", "qwen2.5:0.5b"]);
    assert.ok(await adminExists(home));
  } finally {
    await Deno.remove(home, { recursive: true });
  }
});

/** util-linux `script`, which runs a command on a pseudo-terminal (Debian's bsdutils). */
const SCRIPT = ["/usr/bin/script", "/bin/script"].find((path) => {
  try {
    return Deno.statSync(path).isFile;
  } catch {
    return false;
  }
});

/**
 * `hearth setup` on a real terminal: `script` gives it a pseudo-terminal whose keys the test
 * types. After Hearth exits, the shell prints its exit code and the terminal's settings.
 */
function onTerminal(home: string) {
  const shell = `'${Deno.execPath()}' run -A main.ts setup; echo "exit=$?"; stty -a`;
  const child = new Deno.Command(SCRIPT!, {
    args: ["-qfec", shell, "/dev/null"],
    cwd: ROOT,
    env: { NO_COLOR: "1", HEARTH_FAKE_OLLAMA: "1", HEARTH_HOME: home },
    stdin: "piped",
    stdout: "piped",
    stderr: "null",
  }).spawn();
  let screen = "";
  let seen = 0;
  const decoder = new TextDecoder();
  const reading = (async () => {
    for await (const chunk of child.stdout) screen += decoder.decode(chunk, { stream: true });
  })();
  const keys = child.stdin.getWriter();
  return {
    get screen() {
      return screen;
    },
    /** Waits until the output after the last match shows `pattern`. */
    async waitFor(pattern: RegExp) {
      const deadline = Date.now() + 30_000;
      while (true) {
        const match = pattern.exec(screen.slice(seen));
        if (match) {
          seen += match.index + match[0].length;
          return;
        }
        if (Date.now() > deadline) throw new Error(`no ${pattern} in:\n${screen}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    async type(text: string) {
      await keys.write(new TextEncoder().encode(text));
    },
    async [Symbol.asyncDispose]() {
      await keys.close().catch(() => {});
      try {
        child.kill();
      } catch {
        // It has exited.
      }
      await child.status;
      await reading;
    },
  };
}

/** Answers the questions before the password (language, model, name) and waits for it. */
async function toPassword(term: ReturnType<typeof onTerminal>, answers: [string, string, string]) {
  const questions = [
    /Language \/ Sprache \[en, de\] \(en\): $/,
    /Choose a model: .*: $/,
    /Your name \(.*\): $/,
  ];
  for (const [i, question] of questions.entries()) {
    await term.waitFor(question);
    await term.type(`${answers[i]}\r`);
  }
  await term.waitFor(/Admin password: $/);
}

async function adminSecrets(home: string) {
  const db = await openDatabase(`${home}/hearth.db`);
  try {
    return await db.kysely.selectFrom("profiles").select(["password_hash", "pin_hash"])
      .where("is_admin", "=", 1).executeTakeFirstOrThrow();
  } finally {
    await db.close();
  }
}

/** A test of `hearth setup` on a pseudo-terminal, in a fresh home (skipped without `script`). */
function onTerminalTest(
  name: string,
  fn: (term: ReturnType<typeof onTerminal>, home: string) => Promise<void>,
) {
  Deno.test({
    name,
    ignore: !SCRIPT,
    async fn() {
      const home = await Deno.makeTempDir({ prefix: "hearth-cli-" });
      try {
        await using term = onTerminal(home);
        await fn(term, home);
      } finally {
        await Deno.remove(home, { recursive: true });
      }
    },
  });
}

onTerminalTest(
  "setup cli - on a terminal, passwords and the PIN never echo, and Backspace works",
  async (term, home) => {
    await toPassword(term, ["en", "1", "Ann"]);
    // A typo mended with Backspace: only the mended password matches the repeat.
    await term.type("correct horse batterX\x7fy\r");
    await term.waitFor(/Repeat the password: $/);
    await term.type("correct horse battery\r");
    await term.waitFor(/Household PIN \(optional\): $/);
    await term.type("2468\r");
    await term.waitFor(/exit=0/);
    await term.waitFor(/[^-]echo /);
    assert.doesNotMatch(term.screen, /horse|batter|2468/, "nothing secret was shown");
    assert.match(term.screen, /Ann/, "answers to plain questions do echo");
    const { password_hash, pin_hash } = await adminSecrets(home);
    assert.ok(await verifySecret("correct horse battery", password_hash!));
    assert.ok(await verifySecret("2468", pin_hash!));
  },
);

onTerminalTest(
  "setup cli - Ctrl-C at the password stops setup and gives the terminal back with echo",
  async (term, home) => {
    await toPassword(term, ["", "1", ""]); // the default language and name
    await term.type("secret words\x03");
    await term.waitFor(/exit=1/);
    // `stty -a` lists "echo" when it is on and "-echo" when it is off.
    await term.waitFor(/[^-]echo /);
    assert.doesNotMatch(term.screen, /secret words/);
    assert.ok(!(await adminExists(home)));
  },
);
