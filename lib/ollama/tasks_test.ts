import assert from "node:assert/strict";
import { TaskRegistry } from "../tasks/registry.ts";
import { type FakeMachineOptions, startFakeMachine } from "./fake_machine.ts";
import { RealOllamaService } from "./real.ts";
import { startCreateTask, startInstallTask, startPullTask } from "./tasks.ts";
import { profileOwner, SETUP } from "../tasks/owner.ts";

/** The Real service on a Fake Ollama, as demo mode runs it; closes with `await using`. */
async function fakeOllama(opts: FakeMachineOptions = {}) {
  const machine = await startFakeMachine(opts);
  const service = new RealOllamaService({
    hosts: [machine.server.url],
    runner: machine.runner,
    os: machine.os,
  });
  return Object.assign(service, { [Symbol.asyncDispose]: () => machine.close() });
}

async function events(
  task: { read(offset?: number): AsyncIterable<{ event: string; data: string }> },
) {
  const out: { event: string; data: unknown }[] = [];
  for await (const c of task.read(0)) {
    out.push({ event: c.event, data: c.data === "[DONE]" ? c.data : JSON.parse(c.data) });
  }
  return out;
}

Deno.test("ollama tasks - a pull streams progress, then done and [DONE]", async () => {
  using tasks = new TaskRegistry();
  await using ollama = await fakeOllama();
  const task = startPullTask(ollama, tasks, { owner: profileOwner("p1"), model: "gemma3:1b" });
  const seen = await events(task);
  const progress = seen.filter((e) => e.event === "progress");
  assert.ok(progress.length > 2);
  assert.deepEqual(seen.at(-2), { event: "done", data: { model: "gemma3:1b" } });
  assert.equal(seen.at(-1)?.event, "[DONE]");
  assert.equal(task.status, "done");
  assert.equal(task.kind, "pull");
  assert.ok((await ollama.status()).hosts[0].models.some((m) => m.name.startsWith("gemma3:1b")));
});

Deno.test("ollama tasks - pulling an unknown model ends as an error event", async () => {
  using tasks = new TaskRegistry();
  await using ollama = await fakeOllama();
  const task = startPullTask(ollama, tasks, {
    owner: profileOwner("p1"),
    model: "no-such-model:9b",
  });
  const seen = await events(task);
  assert.equal(task.status, "error");
  const error = seen.find((e) => e.event === "error")?.data as { code: string };
  assert.equal(error.code, "model_not_found");
});

Deno.test("ollama tasks - cancelling a pull stops it", async () => {
  using tasks = new TaskRegistry();
  await using ollama = await fakeOllama({ delayMs: 20 });
  const task = startPullTask(ollama, tasks, { owner: profileOwner("p1"), model: "gemma3:1b" });
  for await (const c of task.read(0)) {
    if (c.event === "progress") break;
  }
  task.cancel();
  await task.ended;
  assert.equal(task.status, "cancelled");
});

Deno.test("ollama tasks - create streams the build, install reports its outcome", async () => {
  using tasks = new TaskRegistry();
  await using ollama = await fakeOllama();
  const base = (await ollama.status()).hosts[0].models[0].name;
  const create = startCreateTask(ollama, tasks, {
    owner: profileOwner("p1"),
    name: "household",
    base,
    system: "Be kind.",
    numCtx: 4096,
  });
  const built = await events(create);
  assert.equal(create.status, "done", JSON.stringify(built));
  assert.ok(built.some((e) => e.event === "progress"));
  const install = startInstallTask(ollama, tasks, { owner: SETUP });
  const installed = await events(install);
  assert.ok(["done", "error"].includes(install.status));
  assert.ok(installed.length >= 2);
});
