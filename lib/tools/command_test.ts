import assert from "node:assert/strict";
import { withWorkspaceLock } from "../workspace/lock.ts";
import { COMMAND_TOOL, commandTool } from "./command.ts";
import { toolContext } from "./net_testing.ts";
import { hiddenFolders, sandboxAvailable, shellArgv } from "./sandbox.ts";

const SANDBOX = await sandboxAvailable();
/** Both ways a command can run here: without the sandbox, and in it when the machine allows. */
const MODES = [
  { name: "no sandbox", sandbox: "off" as const, sandboxed: false },
  ...(SANDBOX ? [{ name: "sandbox", sandbox: "auto" as const, sandboxed: true }] : []),
];

/** A workspace as Hearth lays it out: `<data>/workspaces/conv-1`, next to a database. */
async function workspace() {
  const data = await Deno.realPath(await Deno.makeTempDir({ prefix: "hearth-cmd-" }));
  const root = `${data}/workspaces/conv-1`;
  await Deno.mkdir(root, { recursive: true });
  await Deno.writeTextFile(`${data}/hearth.db`, "the database");
  await Deno.writeTextFile(`${root}/notes.txt`, "my notes");
  return {
    root,
    data,
    [Symbol.asyncDispose]: () => Deno.remove(data, { recursive: true }),
  };
}

/** Processes whose command line holds `marker` (zombies have none, so they do not count). */
async function running(marker: string): Promise<number[]> {
  const pids: number[] = [];
  for await (const e of Deno.readDir("/proc")) {
    if (!/^\d+$/.test(e.name)) continue;
    try {
      const cmdline = await Deno.readTextFile(`/proc/${e.name}/cmdline`);
      if (cmdline.split("\0").includes(marker)) pids.push(Number(e.name));
    } catch {
      // Gone while we looked.
    }
  }
  return pids;
}

for (const { name, sandbox, sandboxed } of MODES) {
  const tool = commandTool({ sandbox });

  Deno.test(`command tool (${name}) - runs in the workspace with its own environment, not Hearth's`, async () => {
    await using ws = await workspace();
    Deno.env.set("HEARTH_SECRET", "s3cret-value");
    try {
      const ctx = toolContext(ws.root);
      const res = await tool.run(ctx, {
        command:
          "pwd; echo HOME=$HOME; cat notes.txt; echo; env | sort | cut -d= -f1 | tr '\\n' ' '",
      });
      const lines = res.content.split("\n");
      assert.equal(lines[0], ws.root);
      assert.equal(lines[1], `HOME=${ws.root}`);
      assert.equal(lines[2], "my notes");
      assert.deepEqual(
        lines[3].trim().split(" ").filter((k) => !["PWD", "SHLVL", "_", "OLDPWD"].includes(k)),
        ["HOME", "LANG", "PATH", "TERM", "TMPDIR"],
      );
      assert.doesNotMatch(res.content, /s3cret|HEARTH_/);
      assert.match(res.content, /\[exit code 0\]/);
      assert.equal(res.summary.startsWith("Ran pwd;"), true, res.summary);
      assert.equal(ctx.rescans(), 1, "the workspace is recounted after");
      if (sandboxed) {
        // Not even through another process's /proc/<pid>/environ: Hearth's are not visible.
        const proc = await tool.run(ctx, {
          command: "cat /proc/*/environ 2>/dev/null | tr '\\0' '\\n' | grep -c s3cret",
        });
        assert.match(proc.content, /^0\n/);
      }
    } finally {
      Deno.env.delete("HEARTH_SECRET");
    }
  });

  Deno.test(`command tool (${name}) - a background grandchild dies with the command at the timeout`, async () => {
    await using ws = await workspace();
    const marker = sandboxed ? "299.1" : "299.2";
    const res = await tool.run(toolContext(ws.root), {
      command: `sleep ${marker} & echo started; wait`,
      timeout_seconds: 1,
    });
    assert.match(res.content, /^started\n/);
    assert.match(res.content, /timed out/);
    assert.match(res.summary, /stopped after 1 s/);
    assert.deepEqual(await running(marker), []);
  });

  Deno.test(`command tool (${name}) - what a finished command left in the background is killed, and the call does not wait for it`, async () => {
    await using ws = await workspace();
    const marker = sandboxed ? "298.1" : "298.2";
    const started = performance.now();
    const res = await tool.run(toolContext(ws.root), {
      command: `sleep ${marker} & echo left it`,
    });
    assert.ok(performance.now() - started < 10_000);
    assert.match(res.content, /^left it\n\[exit code 0\]/);
    assert.deepEqual(await running(marker), []);
  });

  Deno.test(`command tool (${name}) - output past 64 KB is drained and dropped; the exit code is kept`, async () => {
    await using ws = await workspace();
    const res = await tool.run(toolContext(ws.root), {
      command: "head -c 300000 /dev/zero | tr '\\0' a; echo; echo done >&2; exit 3",
    });
    assert.match(res.content, /\[exit code 3\]/);
    assert.match(res.content, /\[\d+ more bytes of output not kept\]/);
    const dropped = Number(/\[(\d+) more bytes/.exec(res.content)![1]);
    assert.equal(dropped, 300000 + 1 + 5 - 64 * 1024);
    assert.ok(res.content.length <= 16_000);
  });

  Deno.test(`command tool (${name}) - the turn's abort kills the command and rejects`, async () => {
    await using ws = await workspace();
    const marker = sandboxed ? "297.1" : "297.2";
    const stop = new AbortController();
    const running_ = tool.run(toolContext(ws.root, { signal: stop.signal }), {
      command: `echo go > go.txt; sleep ${marker}`,
    });
    // Abort once the command is under way: it wrote its file.
    while (!(await Deno.stat(`${ws.root}/go.txt`).catch(() => null))) {
      await new Promise((r) => setTimeout(r, 10));
    }
    const reason = new Error("cancelled");
    stop.abort(reason);
    await assert.rejects(running_, (err) => err === reason);
    assert.deepEqual(await running(marker), []);
  });
}

for (const { name, sandbox } of MODES) {
  Deno.test(`command tool (${name}) - a file cannot grow past the file limit`, async () => {
    await using ws = await workspace();
    const tool = commandTool({ sandbox, fileBytes: 100_000 });
    const res = await tool.run(toolContext(ws.root), {
      command: "head -c 300000 /dev/zero > big.bin; echo wrote",
    });
    assert.match(res.content, /File size limit exceeded\nwrote\n/);
    assert.equal((await Deno.stat(`${ws.root}/big.bin`)).size, 100_000);
  });
}

Deno.test("command tool - a command holds the workspace's lock while it runs", async () => {
  await using ws = await workspace();
  const tool = commandTool({ sandbox: "off" });
  const run = tool.run(toolContext(ws.root), { command: "sleep 0.2; echo done > done.txt" });
  // Queued behind the command: by then its file is written.
  const seen = await withWorkspaceLock("conv-1", () => Deno.readTextFile(`${ws.root}/done.txt`));
  assert.equal(seen, "done\n");
  await run;
});

Deno.test({
  name:
    "command tool (sandbox) - no network, Hearth's data and home hidden, the rest read-only, escapees killed",
  ignore: !SANDBOX,
  async fn() {
    await using ws = await workspace();
    // Not under /tmp (private in the sandbox) nor the data folder (hidden): a plain folder.
    const outside = await Deno.makeTempDir({ dir: "/var/tmp", prefix: "hearth-outside-" });
    await using _cleanup = {
      [Symbol.asyncDispose]: () => Deno.remove(outside, { recursive: true }),
    };
    await using srv = Deno.serve(
      { hostname: "127.0.0.1", port: 0, onListen() {} },
      () => new Response("reached"),
    );
    const res = await COMMAND_TOOL.run(toolContext(ws.root), {
      command: [
        "tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' '",
        `(exec 3<>/dev/tcp/127.0.0.1/${srv.addr.port}) 2>/dev/null && echo reached-tcp`,
        "cat ../../hearth.db 2>&1 | head -c 80; echo",
        `ls -A ${ws.data} | tr '\\n' ' '; echo`,
        "cat notes.txt; echo",
        "echo made > made.txt",
        `echo x > ${outside}/escaped.txt`,
        "setsid sleep 296.1 > /dev/null 2>&1 < /dev/null &",
      ].join("; "),
    });
    // Outside the workspace every file system is read-only.
    assert.match(res.content, /Read-only file system/);
    assert.equal(await Deno.stat(`${outside}/escaped.txt`).catch(() => null), null);
    const lines = res.content.split("\n");
    assert.equal(lines[0], "lo", "only the loopback interface, which is down");
    assert.doesNotMatch(res.content, /reached|the database/);
    assert.match(res.content, /No such file or directory/);
    assert.equal(lines.find((l) => l.startsWith("workspaces")), "workspaces ");
    assert.match(res.content, /my notes/);
    assert.equal(await Deno.readTextFile(`${ws.root}/made.txt`), "made\n");
    // It left its process group, but not its PID namespace.
    assert.deepEqual(await running("296.1"), []);
  },
});

Deno.test("command tool - the sandbox hides the data folder and Hearth's home", () => {
  assert.deepEqual(hiddenFolders("/var/lib/hearth/workspaces/abc", "/home/hearth"), [
    "/var/lib/hearth",
    "/home/hearth",
  ]);
  assert.deepEqual(hiddenFolders("/srv/ws", "/"), []);
});

Deno.test("command tool - a machine without the programs it needs gets a clear error", async () => {
  await using ws = await workspace();
  const real = Deno.Command;
  // A stand-in whose spawn fails as Deno's does for a missing program.
  Object.defineProperty(Deno, "Command", {
    value: class {
      spawn(): never {
        throw new Deno.errors.NotFound("No such file or directory (os error 2)");
      }
    },
    configurable: true,
    writable: true,
  });
  try {
    await assert.rejects(
      commandTool({ sandbox: "off" }).run(toolContext(ws.root), { command: "true" }),
      (err: Error & { code?: string; status?: number }) => {
        assert.equal(err.code, "command_unavailable");
        assert.equal(err.status, 503);
        return true;
      },
    );
  } finally {
    Object.defineProperty(Deno, "Command", { value: real, configurable: true, writable: true });
  }
});

Deno.test("command tool - refuses a profile the admin has not allowed commands", async () => {
  await using ws = await workspace();
  await assert.rejects(
    commandTool({ sandbox: "off" }).run(toolContext(ws.root, { allow: false }), {
      command: "echo ran > ran.txt",
    }),
    (err: Error & { code?: string }) => err.code === "exec_not_allowed",
  );
  assert.equal(await Deno.stat(`${ws.root}/ran.txt`).catch(() => null), null);
});

Deno.test({
  name: "command tool (sandbox) - works for an ordinary user, not only root",
  // Only root can become another user to try it; elsewhere the probe above already ran unprivileged.
  ignore: !SANDBOX || Deno.uid() !== 0 ||
    !(await Deno.stat("/usr/bin/setpriv").catch(() => null)),
  async fn() {
    const base = await Deno.makeTempDir({ dir: "/var/tmp", prefix: "hearth-user-" });
    try {
      const root = `${base}/data/workspaces/conv-1`;
      await Deno.mkdir(root, { recursive: true });
      await Deno.writeTextFile(`${base}/data/hearth.db`, "the database");
      await Deno.chmod(base, 0o777);
      for (const d of ["data", "data/workspaces", "data/workspaces/conv-1"]) {
        await Deno.chmod(`${base}/${d}`, 0o777);
      }
      const [cmd, ...args] = shellArgv("id -u; echo made > made.txt; cat ../../hearth.db", root, {
        sandbox: { hide: hiddenFolders(root, "/nonexistent") },
        fileBytes: 1_000_000,
      });
      const out = await new Deno.Command("setpriv", {
        args: ["--reuid=65534", "--regid=65534", "--clear-groups", cmd, ...args],
        cwd: root,
        clearEnv: true,
        env: { PATH: "/usr/local/bin:/usr/bin:/bin" },
        stdin: "null",
      }).output();
      const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
      assert.match(text, /^0\n/, "root inside, nobody outside");
      assert.match(text, /No such file or directory/);
      assert.doesNotMatch(text, /the database/);
      assert.equal((await Deno.stat(`${root}/made.txt`)).uid, 65534);
    } finally {
      await Deno.remove(base, { recursive: true });
    }
  },
});
