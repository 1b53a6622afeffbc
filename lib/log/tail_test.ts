import assert from "node:assert/strict";
import { Logger } from "./logger.ts";
import { LogTail, parseTailCommand } from "./tail.ts";

function alive(pid: number): boolean {
  try {
    Deno.statSync(`/proc/${pid}`);
    return true;
  } catch {
    return false;
  }
}

async function until(test: () => boolean, what: string) {
  const deadline = Date.now() + 10_000;
  while (!test()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

Deno.test("log tail - lines enter the log tagged, long lines cut, errors flagged", async () => {
  const log = new Logger({ write: null });
  const script =
    'printf "hello\\nlevel=error boom\\n%s\\n" "$(head -c 10000 /dev/zero | tr \\\\0 x)"';
  const tail = new LogTail({ command: ["sh", "-c", `${script}; exec sleep 1000`], log });
  tail.start();
  await until(() => log.entries().some((e) => e.msg.startsWith("xxx")), "the long line");
  const mine = log.entries().filter((e) => e.source === "ollama");
  assert.deepEqual(mine.slice(0, 2).map((e) => [e.msg, e.isError]), [
    ["hello", false],
    ["level=error boom", true],
  ]);
  assert.equal(mine[2].msg, "x".repeat(4096) + " …");
  const pid = tail.pid!;
  assert.ok(alive(pid));
  await tail.stop();
  assert.equal(alive(pid), false, "the child is gone after stop");
  assert.equal(tail.pid, null);
});

Deno.test("log tail - a child that dies is restarted with backoff", async () => {
  const log = new Logger({ write: null });
  const tail = new LogTail({
    command: ["sh", "-c", "echo tick"],
    log,
    minBackoffMs: 20,
    maxBackoffMs: 80,
  });
  tail.start();
  // Three runs' lines, not just three starts: a third child stopped before it wrote is no run.
  const ticks = () => log.entries().filter((e) => e.msg === "tick").length;
  await until(() => ticks() >= 3, "three runs' lines");
  await tail.stop();
  assert.ok(tail.starts >= 3);
  assert.ok(log.entries().some((e) => e.msg === "log tail ended; restarting"));
});

Deno.test("log tail - a command is split at whitespace, empty is none", () => {
  assert.deepEqual(parseTailCommand(" journalctl -u ollama  -f "), [
    "journalctl",
    "-u",
    "ollama",
    "-f",
  ]);
  assert.equal(parseTailCommand(""), null);
  assert.equal(parseTailCommand(undefined), null);
});
