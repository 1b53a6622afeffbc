import * as assert from "node:assert/strict";
import { withWorkspaceLock } from "./lock.ts";

Deno.test("workspace lock - holders of one workspace run one at a time, in order", async () => {
  const log: string[] = [];
  let open!: () => void;
  const gate = new Promise<void>((r) => open = r);
  const first = withWorkspaceLock("a", async () => {
    log.push("1 in");
    await gate;
    log.push("1 out");
  });
  const second = withWorkspaceLock("a", () => {
    log.push("2");
    return Promise.resolve();
  });
  const other = withWorkspaceLock("b", () => {
    log.push("b");
    return Promise.resolve();
  });
  await other;
  assert.deepEqual(log, ["1 in", "b"]);
  open();
  await Promise.all([first, second]);
  assert.deepEqual(log, ["1 in", "b", "1 out", "2"]);
});

Deno.test("workspace lock - a holder that throws releases the lock", async () => {
  await assert.rejects(withWorkspaceLock("c", () => Promise.reject(new Error("no"))), /no/);
  assert.equal(await withWorkspaceLock("c", () => Promise.resolve(7)), 7);
});
