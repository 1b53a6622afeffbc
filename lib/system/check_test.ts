import assert from "node:assert/strict";
import { join } from "node:path";
import { type CommandResult, type CommandRunner, realCommandRunner } from "../process/command.ts";
import { checkSystem, nearestExistingPath, parseDf } from "./check.ts";
import { fakeSystemReport } from "./fake.ts";
import { scriptedRunner } from "./testing.ts";

const NVIDIA_OUT = "NVIDIA GeForce RTX 3090, 24576\n";
const LSPCI_OUT = [
  "00:02.0 VGA compatible controller: Intel Corporation UHD Graphics 770 (rev 04)",
  "01:00.0 VGA compatible controller: NVIDIA Corporation GA102 [GeForce RTX 3090] (rev a1)",
].join("\n");

Deno.test("system - the real check reports this machine's memory, disk and CPU", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const report = await checkSystem({ dataDir: dir });
    assert.equal(report.fake, false);
    assert.ok(report.memory.totalBytes > 0);
    assert.ok(report.memory.availableBytes > 0);
    assert.ok(report.memory.availableBytes <= report.memory.totalBytes);
    assert.equal(report.disk.path, dir);
    assert.ok((report.disk.freeBytes ?? 0) > 0);
    assert.ok((report.disk.totalBytes ?? 0) >= (report.disk.freeBytes ?? 0));
    assert.ok(report.cpu.cores > 0);
    assert.ok(report.cpu.model.length > 0);
    assert.equal(report.os.platform, Deno.build.os);
    assert.equal(report.os.arch, Deno.build.arch);
    assert.ok(Array.isArray(report.gpus));
    assert.deepEqual(JSON.parse(JSON.stringify(report)), report);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("system - a data dir that does not exist yet is measured at its nearest ancestor", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const missing = join(dir, "not", "yet", "created");
    assert.equal(await nearestExistingPath(missing), dir);
    const report = await checkSystem({ dataDir: missing, runner: scriptedRunner({}) });
    assert.equal(report.disk.path, dir);
    assert.ok((report.disk.freeBytes ?? 0) > 0);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("system - a missing nvidia-smi means no GPU, not an error", async () => {
  const runner = scriptedRunner({});
  const report = await checkSystem({ dataDir: ".", runner, platform: "linux" });
  assert.deepEqual(report.gpus, []);
  assert.deepEqual([...runner.calls].sort(), ["lspci", "nvidia-smi", "rocm-smi"]);
});

Deno.test("system - failing, throwing or babbling probes are dropped silently", async () => {
  const runner = scriptedRunner({
    "nvidia-smi": {
      code: 9,
      stdout: "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver.",
    },
    "rocm-smi": "throw",
    lspci: { stdout: "\u0000garbage, 12\nnot a device line" },
  });
  const report = await checkSystem({ dataDir: ".", runner, platform: "linux" });
  assert.deepEqual(report.gpus, []);
});

Deno.test("system - nvidia-smi wins over lspci for NVIDIA, lspci still adds the iGPU", async () => {
  const runner = scriptedRunner({
    "nvidia-smi": { stdout: NVIDIA_OUT },
    lspci: { stdout: LSPCI_OUT },
  });
  const report = await checkSystem({ dataDir: ".", runner, platform: "linux" });
  assert.deepEqual(report.gpus, [
    {
      vendor: "nvidia",
      name: "NVIDIA GeForce RTX 3090",
      vramBytes: 24576 * 1024 * 1024,
      source: "nvidia-smi",
    },
    { vendor: "intel", name: "Intel Corporation UHD Graphics 770", source: "lspci" },
  ]);
});

Deno.test("system - on macOS only sysctl is asked and Apple silicon is found", async () => {
  const runner = scriptedRunner({
    sysctl: { stdout: "Apple M1\n17179869184\n" },
    "nvidia-smi": { stdout: NVIDIA_OUT },
  });
  const report = await checkSystem({ dataDir: ".", runner, platform: "darwin" });
  assert.deepEqual(runner.calls, ["sysctl"]);
  assert.equal(report.os.platform, "darwin");
  assert.deepEqual(report.gpus, [
    {
      vendor: "apple",
      name: "Apple M1 GPU",
      vramBytes: 17179869184,
      unifiedMemory: true,
      source: "sysctl",
    },
  ]);
});

Deno.test("system - on Windows only nvidia-smi is asked", async () => {
  const runner = scriptedRunner({ "nvidia-smi": { stdout: NVIDIA_OUT } });
  const report = await checkSystem({ dataDir: ".", runner, platform: "windows" });
  assert.deepEqual(runner.calls, ["nvidia-smi"]);
  assert.equal(report.gpus.length, 1);
});

Deno.test("system - a hanging probe is dropped within the timeout and the rest still count", async () => {
  const runner = scriptedRunner({ "nvidia-smi": "hang", lspci: { stdout: LSPCI_OUT } });
  const started = performance.now();
  const report = await checkSystem({
    dataDir: ".",
    runner,
    platform: "linux",
    probeTimeoutMs: 100,
  });
  const elapsed = performance.now() - started;
  assert.ok(elapsed < 1_000, `took ${elapsed} ms`);
  assert.deepEqual(report.gpus.map((g) => g.name), [
    "Intel Corporation UHD Graphics 770",
    "NVIDIA Corporation GA102 [GeForce RTX 3090]",
  ]);
});

Deno.test("system - probes run in parallel, so three hangs cost one timeout", async () => {
  const runner = scriptedRunner({ "nvidia-smi": "hang", "rocm-smi": "hang", lspci: "hang" });
  const started = performance.now();
  const report = await checkSystem({
    dataDir: ".",
    runner,
    platform: "linux",
    probeTimeoutMs: 300,
  });
  const elapsed = performance.now() - started;
  assert.deepEqual(report.gpus, []);
  assert.ok(elapsed >= 300, `took ${elapsed} ms`);
  assert.ok(elapsed < 900, `took ${elapsed} ms, as if the probes ran one after another`);
});

Deno.test("system - a real program that outlives the timeout is killed and dropped", async () => {
  // nvidia-smi stands in for a wedged driver: the real runner must kill the process itself.
  const results: CommandResult[] = [];
  const wedged: CommandRunner = {
    run: async (cmd, args, opts) => {
      const result = cmd === "nvidia-smi"
        ? await realCommandRunner.run("sleep", ["5"], opts)
        : await realCommandRunner.run("hearth-no-such-tool", args, opts);
      results.push(result);
      return result;
    },
    stream: realCommandRunner.stream,
  };
  const started = performance.now();
  const report = await checkSystem({
    dataDir: ".",
    runner: wedged,
    platform: "linux",
    probeTimeoutMs: 200,
  });
  const elapsed = performance.now() - started;
  assert.deepEqual(report.gpus, []);
  assert.ok(elapsed < 2_000, `took ${elapsed} ms`);
  // The probe was ended by the runner's kill, not merely abandoned while sleep kept running.
  assert.equal(results.filter((r) => r.timedOut).length, 1);
  assert.equal(results.filter((r) => r.notFound).length, 2);
});

Deno.test("system - the fake report is the demo box, a fresh copy each time", () => {
  const report = fakeSystemReport("/data/hearth");
  assert.equal(report.disk.path, "/data/hearth");
  assert.equal(report.fake, true);
  assert.equal(report.memory.totalBytes, 16 * 1024 ** 3);
  assert.equal(report.cpu.cores, 8);
  assert.deepEqual(report.gpus, []);
  // Each call is a fresh copy, so a caller's edits cannot leak into the next demo.
  report.memory.totalBytes = 1;
  assert.equal(fakeSystemReport().memory.totalBytes, 16 * 1024 ** 3);
});

Deno.test("system - df -Pk output gives free and total bytes, even with spaces in the mount", () => {
  const header = "Filesystem     1024-blocks     Used Available Capacity Mounted on";
  assert.deepEqual(parseDf(`${header}\n/dev/vda  264212084 23319896  83071016  22% /\n`), {
    totalBytes: 264212084 * 1024,
    freeBytes: 83071016 * 1024,
  });
  assert.deepEqual(
    parseDf(`${header}\n/dev/disk1s1 488245288 219628304 268616984 45% /Volumes/My Disk`),
    { totalBytes: 488245288 * 1024, freeBytes: 268616984 * 1024 },
  );
  assert.equal(parseDf("df: /nope: No such file or directory"), null);
  assert.equal(parseDf(""), null);
});
