import assert from "node:assert/strict";
import { fdLimit, parseFdLimit } from "./fd_limit.ts";

Deno.test("fd limit - parses /proc limits", () => {
  const text = "Limit                     Soft Limit           Hard Limit           Units     \n" +
    "Max cpu time              unlimited            unlimited            seconds   \n" +
    "Max open files            1024                 524288               files     \n";
  assert.deepEqual(parseFdLimit(text), { soft: 1024, hard: 524288 });
  assert.deepEqual(
    parseFdLimit("Max open files            unlimited            unlimited            files"),
    { soft: Number.MAX_SAFE_INTEGER, hard: Number.MAX_SAFE_INTEGER },
  );
  assert.equal(parseFdLimit("nothing here"), null);
});

Deno.test("fd limit - this process has one on Linux", { ignore: Deno.build.os !== "linux" }, () => {
  const limit = fdLimit();
  assert.ok(limit && limit.soft > 0 && limit.soft <= limit.hard);
});
