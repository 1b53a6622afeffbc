import assert from "node:assert/strict";
import { realCommandRunner } from "../process/command.ts";
import { fdLimit, parseUlimit } from "./fd_limit.ts";

Deno.test("fd limit - parses what ulimit prints", () => {
  assert.deepEqual(parseUlimit("1024\n524288\n"), { soft: 1024, hard: 524288 });
  assert.deepEqual(parseUlimit("unlimited\nunlimited\n"), {
    soft: Number.MAX_SAFE_INTEGER,
    hard: Number.MAX_SAFE_INTEGER,
  });
  assert.equal(parseUlimit(""), null);
  assert.equal(parseUlimit("sh: ulimit: bad"), null);
});

Deno.test("fd limit - read, and raised to the hard limit", {
  ignore: Deno.build.os !== "linux",
}, async () => {
  const limit = await fdLimit(realCommandRunner);
  assert.ok(limit && limit.soft > 0 && limit.soft <= limit.hard);
  // A child started with a low soft limit raises it to its hard one (or to WANTED_FDS).
  const child = await new Deno.Command("prlimit", {
    args: [
      "--nofile=256:2048",
      "--",
      Deno.execPath(),
      "eval",
      `import { raiseFdLimit } from ${
        JSON.stringify(new URL("./fd_limit.ts", import.meta.url).href)
      };
       import { realCommandRunner } from ${
        JSON.stringify(new URL("../process/command.ts", import.meta.url).href)
      };
       console.log(JSON.stringify(await raiseFdLimit(realCommandRunner)));`,
    ],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(child.stdout).trim();
  assert.equal(child.code, 0, new TextDecoder().decode(child.stderr));
  assert.deepEqual(JSON.parse(text), { soft: 2048, hard: 2048 });
});
