import * as assert from "node:assert/strict";
import { searchFiles } from "./search.ts";
import { rejectsWith } from "./testing.ts";

Deno.test("search - a regex that backtracks for ever is stopped at the deadline, off the loop", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/evil.txt`, `${"a".repeat(40)}!`);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 20);
    await rejectsWith(
      () => searchFiles(dir, "", "^(a+)+$", { regex: true, limit: 10, deadlineMs: 800 }),
      "search_too_slow",
    );
    clearInterval(timer);
    // The event loop kept turning while the pattern backtracked.
    assert.ok(ticks >= 10, `only ${ticks} ticks`);
    // A plain search of the same file answers at once.
    const found = await searchFiles(dir, "", "aaa!", { regex: false, limit: 10 });
    assert.deepEqual(found.matches.map((m) => m.path), ["evil.txt"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
