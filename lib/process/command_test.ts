import assert from "node:assert/strict";
import { type CommandLine, realCommandRunner } from "./command.ts";

Deno.test("command - run collects output and exit code", async () => {
  const r = await realCommandRunner.run("sh", ["-c", "echo out; echo err >&2; exit 3"]);
  assert.equal(r.code, 3);
  assert.equal(r.stdout, "out\n");
  assert.equal(r.stderr, "err\n");
  assert.equal(r.notFound, false);
});

Deno.test("command - a missing program is an answer, not an exception", async () => {
  const r = await realCommandRunner.run("hearth-no-such-program-xyz", []);
  assert.equal(r.notFound, true);
  assert.equal(r.code, -1);
});

Deno.test("command - run kills a command past its timeout", async () => {
  const start = Date.now();
  const r = await realCommandRunner.run("sleep", ["10"], { timeoutMs: 100 });
  assert.equal(r.timedOut, true);
  assert.ok(Date.now() - start < 5_000);
});

Deno.test("command - stream yields lines as they come, then the exit", async () => {
  const items: CommandLine[] = [];
  for await (const item of realCommandRunner.stream("sh", ["-c", "echo a; echo b >&2; echo c"])) {
    items.push(item);
  }
  assert.deepEqual(items.filter((i) => i.type === "stdout").map((i) => "line" in i && i.line), [
    "a",
    "c",
  ]);
  assert.deepEqual(items.at(-1), { type: "exit", code: 0, timedOut: false });
});

Deno.test("command - stopping a stream early kills the program", async () => {
  for await (const item of realCommandRunner.stream("sh", ["-c", "echo first; sleep 30"])) {
    assert.equal(item.type, "stdout");
    break;
  }
});

Deno.test("command - run does not wait for a grandchild that keeps the pipes open", async () => {
  const start = Date.now();
  const r = await realCommandRunner.run("sh", ["-c", "echo started; sleep 5 & exit 0"]);
  assert.equal(r.code, 0);
  assert.equal(r.stdout, "started\n");
  assert.ok(Date.now() - start < 2_000, `took ${Date.now() - start} ms`);
});

Deno.test("command - a timed-out command with a lingering grandchild still returns on time", async () => {
  const start = Date.now();
  const r = await realCommandRunner.run("sh", ["-c", "sleep 5; echo never"], { timeoutMs: 200 });
  assert.equal(r.timedOut, true);
  assert.ok(Date.now() - start < 2_000, `took ${Date.now() - start} ms`);
});
