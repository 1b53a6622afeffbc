import assert from "node:assert/strict";
import { currentInvocation, hearthCommand } from "./command.ts";

Deno.test("command - from the source folder, every command is a deno task", () => {
  const how = { standalone: false, execPath: "/usr/bin/deno", path: "/usr/bin" };
  assert.equal(hearthCommand("reset-password", how), "deno task reset-password");
  assert.equal(hearthCommand("start", how), "deno task start");
});

Deno.test("command - the compiled binary by its name on PATH, else by its path", () => {
  const on = {
    standalone: true,
    execPath: "/usr/local/bin/hearth",
    path: "/usr/bin:/usr/local/bin",
  };
  assert.equal(hearthCommand("setup", on), "hearth setup");
  const off = { standalone: true, execPath: "/home/ann/dist/hearth", path: "/usr/bin" };
  assert.equal(hearthCommand("setup", off), "/home/ann/dist/hearth setup");
  assert.equal(hearthCommand("setup", { ...off, path: undefined }), "/home/ann/dist/hearth setup");
});

Deno.test("command - this test runs from source: deno task", () => {
  assert.equal(currentInvocation().standalone, false);
  assert.equal(hearthCommand("doctor"), "deno task doctor");
});
