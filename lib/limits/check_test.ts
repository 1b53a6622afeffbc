import assert from "node:assert/strict";
import { createMember } from "../auth/mod.ts";
import { openDatabase } from "../db/mod.ts";
import { HttpError } from "../http/errors.ts";
import { checkReply, checkUse, inQuietHours, limitsFor, localDay } from "./check.ts";
import { limitsSchema, type ProfileLimits } from "./types.ts";

const quiet = (start: string, end: string): ProfileLimits =>
  limitsSchema.parse({ quietStart: start, quietEnd: end });

async function refusal(p: Promise<unknown>): Promise<HttpError> {
  const err = await p.then(() => null, (e) => e);
  assert.ok(err instanceof HttpError, `refused, not ${err}`);
  assert.equal(err.status, 403);
  return err;
}

async function withDb(fn: (db: Awaited<ReturnType<typeof openDatabase>>, id: string) => unknown) {
  const db = await openDatabase(":memory:");
  try {
    const id = (await createMember(db, { name: "Kid", avatar: "🙂" })).id;
    await fn(db, id);
  } finally {
    await db.close();
  }
}

function limit(id: string, row: Record<string, string | number | null>) {
  return {
    profile_id: id,
    models: null,
    tools: null,
    gems: null,
    documents: null,
    quiet_start: null,
    quiet_end: null,
    daily_replies: null,
    updated_at: "2026-12-04T00:00:00Z",
    ...row,
  };
}

Deno.test("limits - quiet hours across midnight, in the profile's own time zone", () => {
  const night = quiet("21:00", "07:00");
  // 21:30 in Berlin, but 20:30 in UTC.
  assert.equal(inQuietHours(night, new Date("2026-12-04T20:30:00Z"), "Europe/Berlin"), true);
  assert.equal(inQuietHours(night, new Date("2026-12-04T20:30:00Z"), "UTC"), false);
  // 06:59 quiet, 07:00 not (the end is exclusive, the start inclusive).
  assert.equal(inQuietHours(night, new Date("2026-12-05T05:59:00Z"), "Europe/Berlin"), true);
  assert.equal(inQuietHours(night, new Date("2026-12-05T06:00:00Z"), "Europe/Berlin"), false);
  assert.equal(inQuietHours(night, new Date("2026-12-04T20:00:00Z"), "Europe/Berlin"), true);
  assert.equal(inQuietHours(night, new Date("2026-12-04T19:59:00Z"), "Europe/Berlin"), false);
  // Within one day, and none when start equals end or none are set.
  const noon = quiet("12:00", "14:00");
  assert.equal(inQuietHours(noon, new Date("2026-12-04T12:30:00Z"), "UTC"), true);
  assert.equal(inQuietHours(noon, new Date("2026-12-04T14:00:00Z"), "UTC"), false);
  assert.equal(inQuietHours(quiet("08:00", "08:00"), new Date(), "UTC"), false);
  assert.equal(inQuietHours(limitsSchema.parse({}), new Date(), "UTC"), false);
  // America/Los_Angeles is a day behind Berlin at this instant.
  assert.equal(localDay(new Date("2026-12-05T03:00:00Z"), "America/Los_Angeles"), "2026-12-04");
  assert.equal(localDay(new Date("2026-12-05T03:00:00Z"), "Europe/Berlin"), "2026-12-05");
});

Deno.test("limits - quiet hours and the local day on the days the clocks change", () => {
  // Berlin springs forward on 2026-03-29 at 01:00 UTC (02:00 → 03:00 local).
  const early = quiet("01:00", "03:30");
  assert.equal(inQuietHours(early, new Date("2026-03-29T00:30:00Z"), "Europe/Berlin"), true);
  // 01:15 UTC is 03:15 summer time: still quiet; 01:45 UTC is 03:45: not.
  assert.equal(inQuietHours(early, new Date("2026-03-29T01:15:00Z"), "Europe/Berlin"), true);
  assert.equal(inQuietHours(early, new Date("2026-03-29T01:45:00Z"), "Europe/Berlin"), false);
  // It falls back on 2026-10-25: 02:30 local happens twice, quiet both times.
  const twice = quiet("02:00", "03:00");
  assert.equal(inQuietHours(twice, new Date("2026-10-25T00:30:00Z"), "Europe/Berlin"), true);
  assert.equal(inQuietHours(twice, new Date("2026-10-25T01:30:00Z"), "Europe/Berlin"), true);
  assert.equal(inQuietHours(twice, new Date("2026-10-25T02:30:00Z"), "Europe/Berlin"), false);
  assert.equal(localDay(new Date("2026-03-28T23:30:00Z"), "Europe/Berlin"), "2026-03-29");
  assert.equal(localDay(new Date("2026-03-29T21:59:00Z"), "Europe/Berlin"), "2026-03-29");
  assert.equal(localDay(new Date("2026-03-29T22:00:00Z"), "Europe/Berlin"), "2026-03-30");
});

Deno.test("limits - daily replies counted per local day; a rolled-back reply counts nothing", async () => {
  await withDb(async (db, id) => {
    const k = db.kysely;
    await k.insertInto("profile_limits").values(limit(id, { daily_replies: 2 })).execute();
    const kid = { id, timeZone: "Europe/Berlin" };
    const evening = new Date("2026-12-04T22:30:00Z"); // 23:30 in Berlin
    // A reply whose start fails after the check: its transaction rolls the count back.
    await assert.rejects(
      k.transaction().execute(async (tx) => {
        await checkReply(tx, kid, "llama3.2", evening);
        throw new Error("the start failed");
      }),
      /the start failed/,
    );
    const counted = () =>
      k.selectFrom("limit_usage").select(["day", "replies"]).where("profile_id", "=", id)
        .orderBy("day").execute().then((rows) => rows.map((r) => ({ ...r })));
    assert.deepEqual(await counted(), []);
    await checkReply(k, kid, "llama3.2", evening);
    await checkReply(k, kid, "llama3.2", evening);
    const err = await refusal(checkReply(k, kid, "llama3.2", evening));
    assert.equal(err.code, "limit_daily");
    assert.deepEqual(err.params, { limit: "2" });
    assert.deepEqual(await counted(), [{ day: "2026-12-04", replies: 2 }]);
    // 00:30 in Berlin is the next local day (still the 4th in UTC).
    await checkReply(k, kid, "llama3.2", new Date("2026-12-04T23:30:00Z"));
    assert.deepEqual(await counted(), [
      { day: "2026-12-04", replies: 2 },
      { day: "2026-12-05", replies: 1 },
    ]);
    // A limit of 0 refuses every reply.
    await k.updateTable("profile_limits").set({ daily_replies: 0 }).execute();
    assert.equal(
      (await refusal(checkReply(k, kid, "m", new Date("2026-12-07T12:00:00Z")))).code,
      "limit_daily",
    );
  });
});

Deno.test("limits - model names ignore case; a refused model names itself; quiet hours refuse", async () => {
  await withDb(async (db, id) => {
    const k = db.kysely;
    await k.insertInto("profile_limits").values(limit(id, {
      models: JSON.stringify(["Llama3.2:latest"]),
      quiet_start: "21:00",
      quiet_end: "07:00",
    })).execute();
    const kid = { id, timeZone: "Europe/Berlin" };
    const day = new Date("2026-12-04T12:00:00Z");
    await checkReply(k, kid, "llama3.2:LATEST", day);
    // As Ollama names it: no tag is `:latest`.
    await checkReply(k, kid, "Llama3.2", day);
    const err = await refusal(checkReply(k, kid, "qwen3:8b", day));
    assert.equal(err.code, "limit_model");
    assert.deepEqual(err.params, { model: "qwen3:8b" });
    const night = await refusal(
      checkReply(k, kid, "llama3.2:latest", new Date("2026-12-04T21:00:00Z")),
    );
    assert.equal(night.code, "limit_quiet_hours");
    assert.deepEqual(night.params, { until: "07:00" });
    // Refusals counted nothing; the allowed replies once each.
    const used = await k.selectFrom("limit_usage").select("replies").executeTakeFirst();
    assert.equal(used?.replies, 2);
  });
});

Deno.test("limits - a damaged row allows nothing; no row limits nothing", async () => {
  await withDb(async (db, id) => {
    const k = db.kysely;
    const other = (await createMember(db, { name: "Ann", avatar: "🙂" })).id;
    // Not limited: anything goes, and nothing is counted.
    assert.equal(await limitsFor(k, other), null);
    await checkReply(k, { id: other, timeZone: "UTC" }, "any", new Date());
    await checkUse(k, other, "tools", "create_todo");
    assert.equal((await k.selectFrom("limit_usage").selectAll().execute()).length, 0);
    await k.insertInto("profile_limits").values(limit(id, {
      models: "{not json",
      tools: '"create_todo"',
      gems: "[1, null]",
    })).execute();
    const limits = await limitsFor(k, id);
    assert.deepEqual(
      [limits?.models, limits?.tools, limits?.gems, limits?.documents],
      [[], [], [], null],
    );
    const kid = { id, timeZone: "UTC" };
    assert.equal((await refusal(checkReply(k, kid, "llama3.2", new Date()))).code, "limit_model");
    const tool = await refusal(checkUse(k, id, "tools", "create_todo"));
    assert.equal(tool.code, "limit_tool");
    assert.deepEqual(tool.params, { name: "create_todo" });
    const gem = await refusal(checkUse(k, id, "gems", "g1", "Homework helper"));
    assert.equal(gem.code, "limit_gem");
    assert.deepEqual(gem.params, { name: "Homework helper" });
    // Documents: null allows all.
    await checkUse(k, id, "documents", "d1");
  });
});
