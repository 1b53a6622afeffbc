import assert from "node:assert/strict";
import { createMember } from "../auth/mod.ts";
import { createEventSchema } from "../events/schemas.ts";
import { createEvent } from "../events/store.ts";
import { Logger } from "../log/logger.ts";
import { listNotifications } from "../notifications/store.ts";
import { type AppServices, closeServices, createServices } from "../services.ts";
import { createTodoSchema } from "../todos/schemas.ts";
import { completeTodo, createTodo } from "../todos/store.ts";
import { Scheduler } from "./scheduler.ts";

const MIN = 60_000;
const HOUR = 60 * MIN;

/** Services over `home` (a restart opens the same database again), on a clock the test moves. */
async function boxAt(home: string, clock: { now: number }): Promise<AppServices> {
  const services = await createServices({
    env: { HEARTH_HOME: home },
    log: new Logger({ write: null }),
  });
  services.now = () => clock.now;
  return services;
}

async function withHome(fn: (home: string) => Promise<void>): Promise<void> {
  const home = await Deno.makeTempDir({ prefix: "hearth-scheduler-" });
  try {
    await fn(home);
  } finally {
    await Deno.remove(home, { recursive: true });
  }
}

const list = (s: AppServices, profile: { id: string; timeZone: string }) =>
  listNotifications(s.db.kysely, profile, { limit: 50 }, "en");

const event = (fields: Record<string, unknown>) =>
  createEventSchema.parse({ title: "Dentist", ...fields });

Deno.test("scheduler - a reminder fires once, at its time, and the tick sleeps until it", async () => {
  await withHome(async (home) => {
    const t = Date.parse("2026-03-10T09:00:00Z");
    const clock = { now: t - 15 * MIN };
    const s = await boxAt(home, clock);
    try {
      const ann = await createMember(s.db, { name: "Ann", avatar: "A", timeZone: "UTC" });
      await createEvent(
        s.db.kysely,
        ann.id,
        event({
          start: "2026-03-10T09:00:00Z",
          end: "2026-03-10T10:00:00Z",
          timeZone: "UTC",
          reminderMinutes: [10],
        }),
      );
      // The first tick ever starts looking at now; nothing is due for five minutes.
      assert.deepEqual(await s.scheduler.tick(), { fired: 0, briefings: 0, wakeInMs: MIN });
      clock.now = t - 10 * MIN - 20_000;
      assert.equal((await s.scheduler.tick()).wakeInMs, 20_000, "it wakes exactly when due");
      clock.now = t - 10 * MIN;
      assert.equal((await s.scheduler.tick()).fired, 1);
      assert.equal((await s.scheduler.tick()).fired, 0, "not twice");
      clock.now += 5 * MIN;
      assert.equal((await s.scheduler.tick()).fired, 0, "not later either");
      const page = await list(s, ann);
      assert.equal(page.items.length, 1);
      assert.equal(page.unread, 1);
      assert.equal(page.items[0].title, "Dentist");
      assert.equal(page.items[0].late, false);
      assert.match(page.items[0].body, /^Starts Tue, Mar 10, 9:00/);
      assert.equal(page.items[0].dueAt, "2026-03-10T08:50:00.000Z");
    } finally {
      await closeServices(s);
    }
  });
});

Deno.test("scheduler - after downtime what fell due fires late, once, and never again after another restart", async () => {
  await withHome(async (home) => {
    const t0 = Date.parse("2026-03-10T08:00:00Z");
    const clock = { now: t0 };
    let s = await boxAt(home, clock);
    const ann = await createMember(s.db, { name: "Ann", avatar: "A", timeZone: "Europe/Berlin" });
    await createEvent(
      s.db.kysely,
      ann.id,
      event({
        start: "2026-03-10T09:30:00Z",
        end: "2026-03-10T10:00:00Z",
        timeZone: "Europe/Berlin",
        reminderMinutes: [30, 0],
      }),
    );
    const todo = createTodoSchema.parse({ title: "Call mum", due: "2026-03-10T10:00:00Z" });
    await createTodo(s.db.kysely, ann.id, todo, t0);
    const done = await createTodo(
      s.db.kysely,
      ann.id,
      createTodoSchema.parse({ title: "Done already", due: "2026-03-10T09:45:00Z" }),
      t0,
    );
    await completeTodo(s.db.kysely, ann.id, done.id, t0);
    assert.equal((await s.scheduler.tick()).fired, 0);
    await closeServices(s);

    // Off for three hours: both reminders and the todo fell due meanwhile.
    clock.now = t0 + 3 * HOUR;
    s = await boxAt(home, clock);
    assert.equal((await s.scheduler.tick()).fired, 3);
    assert.equal((await s.scheduler.tick()).fired, 0);
    const page = await list(s, ann);
    assert.deepEqual(
      page.items.map((n) => [n.kind, n.title, n.late, n.dueAt]).sort(),
      [
        ["event", "Dentist", true, "2026-03-10T09:00:00.000Z"],
        ["event", "Dentist", true, "2026-03-10T09:30:00.000Z"],
        ["todo", "Call mum", true, "2026-03-10T10:00:00.000Z"],
      ],
    );
    assert.match(page.items[0].body, /sent late/);
    // An event's reminder opens it on the calendar, a todo's on the todos page.
    const dentist = page.items.find((n) => n.kind === "event")!;
    assert.equal(dentist.url, `/calendar?event=${dentist.refId}`);
    assert.match(page.items.find((n) => n.kind === "todo")!.url, /^\/todos#t-/);
    // As if the process died after delivering, before it saved how far it had looked.
    s.db.raw.prepare("UPDATE app_meta SET value = ? WHERE key = 'scheduler.cursor'").run(
      String(t0),
    );
    await closeServices(s);

    // A real restart over the same database: nothing fires twice.
    clock.now += MIN;
    s = await boxAt(home, clock);
    try {
      assert.equal((await s.scheduler.tick()).fired, 0);
      assert.equal((await list(s, ann)).items.length, 3);
    } finally {
      await closeServices(s);
    }
  });
});

Deno.test("scheduler - reminders more than a day stale are dropped, and a due already past when made never fires", async () => {
  await withHome(async (home) => {
    const t0 = Date.parse("2026-03-10T08:00:00Z");
    const clock = { now: t0 };
    let s = await boxAt(home, clock);
    const ann = await createMember(s.db, { name: "Ann", avatar: "A", timeZone: "UTC" });
    await s.scheduler.tick();
    // Due an hour after the box went off, found 30 hours later: dropped.
    await createTodo(
      s.db.kysely,
      ann.id,
      createTodoSchema.parse({ title: "Stale", due: "2026-03-10T09:00:00Z" }),
      t0,
    );
    // Due within the last day: delivered late.
    await createTodo(
      s.db.kysely,
      ann.id,
      createTodoSchema.parse({ title: "Recent", due: "2026-03-11T10:00:00Z" }),
      t0,
    );
    await closeServices(s);
    clock.now = t0 + 30 * HOUR;
    s = await boxAt(home, clock);
    try {
      assert.equal((await s.scheduler.tick()).fired, 1);
      assert.deepEqual((await list(s, ann)).items.map((n) => n.title), ["Recent"]);
      // Made now with a due an hour ago: before the cursor, so no nudge.
      await createTodo(
        s.db.kysely,
        ann.id,
        createTodoSchema.parse({
          title: "Yesterday's",
          due: new Date(clock.now - HOUR).toISOString(),
        }),
        clock.now,
      );
      clock.now += MIN;
      assert.equal((await s.scheduler.tick()).fired, 0);
    } finally {
      await closeServices(s);
    }
  });
});

Deno.test("scheduler - a weekly 09:00 reminder in Berlin follows the wall clock across the DST change", async () => {
  await withHome(async (home) => {
    const clock = { now: Date.parse("2026-03-23T07:00:00Z") };
    const s = await boxAt(home, clock);
    try {
      const ann = await createMember(s.db, { name: "Ann", avatar: "A", timeZone: "Europe/Berlin" });
      await createEvent(
        s.db.kysely,
        ann.id,
        event({
          title: "Stand-up",
          start: "2026-03-16T08:00:00Z", // 09:00 CET
          end: "2026-03-16T08:15:00Z",
          timeZone: "Europe/Berlin",
          rrule: "FREQ=WEEKLY",
          reminderMinutes: [30],
        }),
      );
      await s.scheduler.tick();
      // Before the change (CET, UTC+1): 08:30 local is 07:30 UTC.
      clock.now = Date.parse("2026-03-23T07:29:00Z");
      assert.equal((await s.scheduler.tick()).wakeInMs, MIN);
      clock.now = Date.parse("2026-03-23T07:30:00Z");
      assert.equal((await s.scheduler.tick()).fired, 1);
      // After it (CEST, UTC+2, from March 29th): 08:30 local is 06:30 UTC.
      clock.now = Date.parse("2026-03-30T06:29:30Z");
      assert.equal((await s.scheduler.tick()).fired, 0);
      clock.now = Date.parse("2026-03-30T06:30:00Z");
      assert.equal((await s.scheduler.tick()).fired, 1);
      const page = await list(s, ann);
      assert.deepEqual(page.items.map((n) => [n.dueAt, n.late]), [
        ["2026-03-30T06:30:00.000Z", false],
        ["2026-03-23T07:30:00.000Z", false],
      ]);
      // Shown in Ann's zone: 09:00 both times.
      for (const n of page.items) assert.match(n.body, /9:00/);
    } finally {
      await closeServices(s);
    }
  });
});

Deno.test("scheduler - an all-day todo is nudged at 9:00 on its day in its zone", async () => {
  await withHome(async (home) => {
    const clock = { now: Date.parse("2026-06-01T00:00:00Z") };
    const s = await boxAt(home, clock);
    try {
      const ann = await createMember(s.db, { name: "Ann", avatar: "A", timeZone: "Asia/Tokyo" });
      await s.scheduler.tick();
      await createTodo(
        s.db.kysely,
        ann.id,
        createTodoSchema.parse({ title: "Bins", due: "2026-06-02", timeZone: "Asia/Tokyo" }),
        clock.now,
      );
      // 09:00 in Tokyo (UTC+9) is midnight UTC.
      clock.now = Date.parse("2026-06-01T23:59:59Z");
      assert.equal((await s.scheduler.tick()).fired, 0);
      clock.now = Date.parse("2026-06-02T00:00:00Z");
      assert.equal((await s.scheduler.tick()).fired, 1);
      const [n] = (await list(s, ann)).items;
      assert.equal(n.kind, "todo");
      assert.match(n.body, /^Due Tue, Jun 2$/);
      assert.match(n.url, /^\/todos#t-/);
    } finally {
      await closeServices(s);
    }
  });
});

Deno.test("scheduler - one tick delivers at most its batch, and the next comes at once", async () => {
  await withHome(async (home) => {
    const clock = { now: Date.parse("2026-03-10T08:00:00Z") };
    const s = await boxAt(home, clock);
    const scheduler = new Scheduler({
      db: s.db,
      now: () => clock.now,
      push: s.push,
      provider: () => s.ai,
      model: () => "",
      log: s.log,
      maxBatch: 2,
    });
    try {
      const ann = await createMember(s.db, { name: "Ann", avatar: "A", timeZone: "UTC" });
      await scheduler.tick();
      for (let i = 0; i < 5; i++) {
        await createTodo(
          s.db.kysely,
          ann.id,
          createTodoSchema.parse({ title: `T${i}`, due: `2026-03-10T08:0${i + 1}:00Z` }),
          clock.now,
        );
      }
      clock.now = Date.parse("2026-03-10T08:10:00Z");
      assert.deepEqual(await scheduler.tick(), { fired: 2, briefings: 0, wakeInMs: 0 });
      assert.deepEqual(await scheduler.tick(), { fired: 2, briefings: 0, wakeInMs: 0 });
      assert.equal((await scheduler.tick()).fired, 1);
      assert.deepEqual(
        (await list(s, ann)).items.map((n) => n.title).sort(),
        ["T0", "T1", "T2", "T3", "T4"],
      );
    } finally {
      await scheduler.stop();
      await closeServices(s);
    }
  });
});

Deno.test("scheduler - a failing tick is logged, the loop goes on, and stop ends it", async () => {
  await withHome(async (home) => {
    const clock = { now: Date.parse("2026-03-10T08:00:00Z") };
    const s = await boxAt(home, clock);
    try {
      const ann = await createMember(s.db, { name: "Ann", avatar: "A", timeZone: "UTC" });
      await s.scheduler.tick();
      await createTodo(
        s.db.kysely,
        ann.id,
        createTodoSchema.parse({ title: "Still nudged", due: "2026-03-10T08:00:30Z" }),
        clock.now,
      );
      // Events cannot be read any more: reminders fail, todos still go out.
      s.db.raw.exec("ALTER TABLE events RENAME TO events_gone");
      clock.now += MIN;
      s.scheduler.start();
      // The loop's first tick runs; this one waits for it.
      await s.scheduler.tick();
      assert.deepEqual((await list(s, ann)).items.map((n) => n.title), ["Still nudged"]);
      assert.ok(
        s.log.entries().some((e) =>
          e.level === "error" && /reminders could not be read/.test(e.msg)
        ),
      );
      await s.scheduler.stop();
      s.db.raw.exec("ALTER TABLE events_gone RENAME TO events");
    } finally {
      await closeServices(s);
    }
  });
});

Deno.test("scheduler - an all-day event is reminded before its midnight in its zone; a skipped occurrence is not", async () => {
  await withHome(async (home) => {
    const clock = { now: Date.parse("2026-06-01T00:00:00Z") };
    const s = await boxAt(home, clock);
    try {
      const ann = await createMember(s.db, { name: "Ann", avatar: "A", timeZone: "UTC" });
      await s.scheduler.tick();
      await createEvent(
        s.db.kysely,
        ann.id,
        event({
          title: "Holiday",
          start: "2026-06-02",
          allDay: true,
          timeZone: "Asia/Tokyo",
          reminderMinutes: [60],
        }),
      );
      await createEvent(
        s.db.kysely,
        ann.id,
        event({
          title: "Yoga",
          start: "2026-06-01T18:00:00Z",
          end: "2026-06-01T19:00:00Z",
          timeZone: "UTC",
          rrule: "FREQ=DAILY",
          exdates: ["2026-06-02T18:00:00.000Z"],
          reminderMinutes: [0],
        }),
      );
      // Midnight in Tokyo (UTC+9) is 15:00 UTC the day before; an hour earlier is 14:00.
      for (const at of ["2026-06-01T13:59:00Z", "2026-06-01T14:00:00Z", "2026-06-01T18:00:00Z"]) {
        clock.now = Date.parse(at);
        await s.scheduler.tick();
      }
      clock.now = Date.parse("2026-06-02T18:00:00Z");
      assert.equal((await s.scheduler.tick()).fired, 0, "June 2nd's yoga is skipped");
      clock.now = Date.parse("2026-06-03T18:00:00Z");
      assert.equal((await s.scheduler.tick()).fired, 1);
      const page = await list(s, ann);
      assert.deepEqual(page.items.map((n) => [n.title, n.dueAt]), [
        ["Yoga", "2026-06-03T18:00:00.000Z"],
        ["Yoga", "2026-06-01T18:00:00.000Z"],
        ["Holiday", "2026-06-01T14:00:00.000Z"],
      ]);
      assert.equal(page.items[2].body, "Starts Tue, Jun 2");
    } finally {
      await closeServices(s);
    }
  });
});
