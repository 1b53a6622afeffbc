import assert from "node:assert/strict";
import { EMPTY_INSTALL, foldInstall } from "./install_view.ts";

Deno.test("install view - the installer's lines and the manual download page fold in order", () => {
  const events = [
    { event: "log", data: { stream: "stdout", line: ">>> Downloading ollama" } },
    { event: "log", data: { stream: "stderr", line: "######## 100%" } },
    { event: "done", data: { ok: true } },
    { event: "manual", data: { type: "manual", os: "darwin", message: "…", url: "https://x" } },
    {
      event: "blocked",
      data: {
        type: "blocked",
        reason: "tools",
        missing: ["zstd"],
        command: "sudo dnf install zstd",
      },
    },
  ];
  const view = events.reduce(foldInstall, EMPTY_INSTALL);
  assert.deepEqual(view, {
    log: [">>> Downloading ollama", "######## 100%"],
    manual: { os: "darwin", url: "https://x" },
    blocked: { reason: "tools", command: "sudo dnf install zstd", missing: ["zstd"] },
  });
  assert.deepEqual(
    EMPTY_INSTALL,
    { log: [], manual: null, blocked: null },
    "the empty view stays empty",
  );
});
