import assert from "node:assert/strict";
import { createMember } from "../auth/mod.ts";
import { openDatabase } from "../db/mod.ts";
import { finishRun, getRun, insertRun, interruptRuns, listGems } from "./store.ts";

Deno.test("gem store - a run a stop cut off is interrupted at the next start; ended ones stay", async () => {
  const db = await openDatabase(":memory:");
  try {
    const ann = (await createMember(db, { name: "Ann", avatar: "🙂" })).id;
    const [gem] = await listGems(db.kysely, "en");
    const base = { gemId: gem.id, values: {}, prompt: "p", model: "m", taskId: "t" };
    await insertRun(db.kysely, ann, { ...base, id: "r1" });
    await insertRun(db.kysely, ann, { ...base, id: "r2" });
    await finishRun(db.kysely, ann, "r2", { status: "complete", output: "done" });
    await interruptRuns(db.kysely);
    assert.equal((await getRun(db.kysely, ann, "r1")).status, "interrupted");
    assert.equal((await getRun(db.kysely, ann, "r2")).status, "complete");
  } finally {
    await db.close();
  }
});
