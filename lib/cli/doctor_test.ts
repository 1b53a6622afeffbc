import assert from "node:assert/strict";
import type { HostStatus } from "../ollama/types.ts";
import { ollamaLines } from "./doctor.ts";

function host(url: string, local: boolean, reachable: boolean): HostStatus {
  return {
    url,
    local,
    reachable,
    version: reachable ? "0.13.0" : undefined,
    models: [],
    running: [],
  };
}

Deno.test('doctor - an Ollama on another machine: where Hearth uses it and whether it answers, not "not installed"', () => {
  const up = ollamaLines({
    binary: { found: false },
    hosts: [host("http://gpu.lan:11434", false, true)],
  });
  assert.deepEqual(up, [
    "  Program:     not needed: Hearth uses Ollama at http://gpu.lan:11434",
    "  http://gpu.lan:11434: running 0.13.0, 0 model(s) installed, 0 loaded",
  ]);
  const down = ollamaLines({
    binary: { found: false },
    hosts: [{ ...host("http://gpu.lan:11434", false, false), error: "connection refused" }],
  });
  assert.equal(down[1], "  http://gpu.lan:11434: not reachable (connection refused)");
  assert.ok(!down.join("\n").includes("not installed"));
});

Deno.test("doctor - Ollama on this box: a missing program is said, with the way to install it", () => {
  const lines = ollamaLines({
    binary: { found: false },
    hosts: [host("http://127.0.0.1:11434", true, false)],
  });
  assert.equal(lines[0], "  Program:     not installed (the setup wizard can install it)");
});
