import assert from "node:assert/strict";
import { openDatabase } from "../db/mod.ts";
import { createMember } from "../auth/mod.ts";
import { decide, listAccess, type ListNeed, readableLists } from "./access.ts";
import { createList } from "./store.ts";

const OWNER = "owner";
const OTHER = "other";

/** The whole table: owner/other × private/shared × read/items/owner. */
const TABLE: [who: string, shared: 0 | 1, need: ListNeed, verdict: ReturnType<typeof decide>][] = [
  [OWNER, 0, "read", "yes"],
  [OWNER, 0, "items", "yes"],
  [OWNER, 0, "owner", "yes"],
  [OWNER, 1, "read", "yes"],
  [OWNER, 1, "items", "yes"],
  [OWNER, 1, "owner", "yes"],
  [OTHER, 0, "read", "hidden"],
  [OTHER, 0, "items", "hidden"],
  [OTHER, 0, "owner", "hidden"],
  [OTHER, 1, "read", "yes"],
  [OTHER, 1, "items", "yes"],
  [OTHER, 1, "owner", "owner_only"],
];

Deno.test("list access - the decision table", () => {
  for (const [who, shared, need, verdict] of TABLE) {
    assert.equal(
      decide({ profile_id: OWNER, shared }, who, need),
      verdict,
      `${who} ${shared ? "shared" : "private"} ${need}`,
    );
  }
});

Deno.test("list access - listAccess answers the table from the database: 404 hidden, 403 owner only", async () => {
  const db = await openDatabase(":memory:");
  try {
    const ann = await createMember(db, { name: "Ann", avatar: "A" });
    const bob = await createMember(db, { name: "Bob", avatar: "B" });
    const lists = {
      0: await createList(db.kysely, ann.id, { name: "Mine", kind: "other", shared: false }),
      1: await createList(db.kysely, ann.id, { name: "Ours", kind: "shopping", shared: true }),
    };
    const ids: Record<string, string> = { [OWNER]: ann.id, [OTHER]: bob.id };
    for (const [who, shared, need, verdict] of TABLE) {
      const run = listAccess(db.kysely, ids[who], lists[shared].id, need);
      const label = `${who} ${shared ? "shared" : "private"} ${need}`;
      if (verdict === "yes") assert.equal((await run).id, lists[shared].id, label);
      else {
        await assert.rejects(run, (err: { status: number; code: string }) => {
          assert.deepEqual(
            [err.status, err.code],
            verdict === "hidden" ? [404, "list_not_found"] : [403, "list_owner_only"],
            label,
          );
          return true;
        });
      }
    }
    // A missing list answers exactly what another profile's private one does.
    await assert.rejects(listAccess(db.kysely, bob.id, "nope", "read"), { code: "list_not_found" });
    // Bob reads the shared list and his own, never Ann's private one.
    const mine = await createList(db.kysely, bob.id, {
      name: "Bob's",
      kind: "other",
      shared: false,
    });
    const seen = await readableLists(db.kysely, bob.id).select("id").orderBy("id").execute();
    assert.deepEqual(seen.map((r) => r.id), [lists[1].id, mine.id]);
  } finally {
    await db.close();
  }
});
