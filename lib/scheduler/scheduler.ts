/**
 * The scheduler: event reminders, todo nudges and daily briefings, delivered once each to the
 * profile's in-app list (`lib/notifications/`) and through Web Push.
 *
 * **Exactly once.** Whatever falls due has a key (kind, source, occurrence start, offset).
 * Delivering inserts the key into `scheduler_fired` and the notification in one transaction; a
 * key already there is skipped. So a restart, a second tick over the same window or a crash
 * after the commit never fires twice. Push goes out after the commit (at most once: a crash
 * between the two leaves the in-app entry without its push).
 *
 * **Late, once, bounded.** A cursor in `app_meta` says how far the scheduler has looked. Each
 * tick looks at [cursor, now + `lookAheadMs`]: what fell due while the box was off is in that
 * window and fires at the first tick after the start, marked `late` when it is more than
 * `lateAfterMs` overdue. The window never reaches back more than `lookBackMs` (a day): older
 * reminders are dropped (the log says how long the box was off). Something created with a due
 * time already past (before the cursor) does not fire. The first start ever begins at now.
 *
 * **Briefings** are due at the profile's local time on the local day; one a day (its key is
 * the day). They are written by the model in the background, never awaited by a tick, so an
 * unreachable model delays nothing else; a failure is tried again after a growing pause, until
 * the day is over (a briefing for a past day is not written). A briefing time set after today's
 * passed starts tomorrow.
 *
 * **Bounded.** A tick fires at most `maxBatch` items (then the next comes at once) and sleeps
 * until the earliest upcoming due time, at most `lookAheadMs`. Its errors are logged; the loop
 * goes on. Time is `now()` (the services' clock), so tests move it.
 */
import type { Kysely } from "kysely";
import type { ChatProvider } from "../ai/types.ts";
import { fromZoned } from "../dates/zones.ts";
import type { Db } from "../db/mod.ts";
import { owned } from "../db/owned.ts";
import type { Database } from "../db/schema.ts";
import type { Locale } from "../i18n/mod.ts";
import { addNotification } from "../notifications/store.ts";
import { notificationText, notificationUrl, openingOf } from "../notifications/text.ts";
import type { NotificationKind } from "../notifications/types.ts";
import type { PushService } from "../push/service.ts";
import type { PushKind } from "../push/types.ts";
import { dayOf, today } from "../today/today.ts";
import { addBriefing, briefingSetting, writeBriefing } from "./briefing.ts";
import { type DueItem, dueReminders, dueTodos } from "./due.ts";

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const CURSOR_KEY = "scheduler.cursor";

/** What a tick did. */
export interface TickResult {
  /** Items delivered now. */
  fired: number;
  /** Briefings started now (written in the background). */
  briefings: number;
  /** When the next tick should run, from now (ms). */
  wakeInMs: number;
}

/** What the scheduler needs. */
export interface SchedulerOptions {
  db: Db;
  /** The clock (the services' `now`). */
  now: () => number;
  /** Web Push (`services.push`). */
  push: Pick<PushService, "notify">;
  /** The model server and the household's chat model, read at each briefing. */
  provider: () => ChatProvider;
  model: () => string;
  contextSizes?: () => Record<string, number>;
  log: {
    info(msg: string, fields?: Record<string, unknown>): void;
    warn(msg: string, fields?: Record<string, unknown>): void;
    error(msg: string, fields?: Record<string, unknown>): void;
  };
  /** How far back a tick looks after downtime (default a day). */
  lookBackMs?: number;
  /** How far ahead a tick looks, and its longest sleep (default a minute). */
  lookAheadMs?: number;
  /** Past due by more than this, an item is delivered marked late (default 10 minutes). */
  lateAfterMs?: number;
  /** Most items one tick delivers (default 100). */
  maxBatch?: number;
  /** First pause before a failed briefing is tried again (doubling, at most an hour; default 2 min). */
  retryMs?: number;
  /** Other work on the clock (scheduled backups), started in the background at each tick. */
  jobs?: ((now: number) => Promise<unknown>)[];
}

/** The push kind of each notification kind (`PUSH_KINDS`). */
const PUSH_KIND: Record<NotificationKind, PushKind> = {
  event: "reminder",
  todo: "todo",
  briefing: "briefing",
};

/** One profile as the scheduler sees it. */
interface ProfileRow {
  id: string;
  name: string;
  timeZone: string;
}

/** The scheduler; `start()` runs its loop, `tick()` one pass (tests call it with a moved clock). */
export class Scheduler {
  readonly #o:
    & Required<Omit<SchedulerOptions, "contextSizes" | "jobs">>
    & Pick<SchedulerOptions, "contextSizes" | "jobs">;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #running = false;
  #ticking: Promise<unknown> | null = null;
  /** Pushes and briefings under way: `stop()` waits for them before the database closes. */
  readonly #pending = new Set<Promise<unknown>>();
  #abort = new AbortController();
  /** Per profile: a briefing being written, and when a failed one may be tried again. */
  readonly #writing = new Set<string>();
  readonly #retry = new Map<string, { at: number; pause: number }>();
  #lastPrune = 0;

  constructor(options: SchedulerOptions) {
    this.#o = {
      lookBackMs: 24 * HOUR_MS,
      lookAheadMs: MINUTE_MS,
      lateAfterMs: 10 * MINUTE_MS,
      maxBatch: 100,
      retryMs: 2 * MINUTE_MS,
      ...options,
    };
  }

  /** Starts the loop (the first tick at once). */
  start(): void {
    if (this.#running) return;
    this.#running = true;
    if (this.#abort.signal.aborted) this.#abort = new AbortController();
    this.#schedule(0);
  }

  /** Stops the loop, aborts briefings being written and waits for what is under way. */
  async stop(): Promise<void> {
    this.#running = false;
    clearTimeout(this.#timer);
    this.#abort.abort(new DOMException("The scheduler stopped.", "AbortError"));
    await this.#ticking;
    await this.idle();
  }

  /** Resolves once every push and briefing started so far has ended. */
  async idle(): Promise<void> {
    while (this.#pending.size) await Promise.allSettled([...this.#pending]);
  }

  #schedule(ms: number): void {
    this.#timer = setTimeout(() => this.#loop(), ms);
  }

  async #loop(): Promise<void> {
    let wake = this.#o.lookAheadMs;
    try {
      wake = (await this.tick()).wakeInMs;
    } catch (err) {
      this.#o.log.error("scheduler: a tick failed", { error: errorText(err) });
    }
    if (this.#running) this.#schedule(wake);
  }

  /** One pass: delivers what is due, starts due briefings, says when to look again. */
  tick(): Promise<TickResult> {
    // Never two at once (the loop and a test, or a slow tick): the second waits for the first.
    const run = (this.#ticking ?? Promise.resolve()).catch(() => {}).then(() => this.#tick());
    this.#ticking = run;
    return run;
  }

  async #tick(): Promise<TickResult> {
    const { db, lookBackMs, lookAheadMs, maxBatch, lateAfterMs, log } = this.#o;
    const kysely = db.kysely;
    const now = this.#o.now();
    for (const job of this.#o.jobs ?? []) {
      const work = job(now).catch((err) =>
        log.error("scheduler: a job failed", { error: errorText(err) })
      )
        .finally(() => this.#pending.delete(work));
      this.#pending.add(work);
    }
    const stored = await readCursor(kysely);
    const cursor = stored ?? now;
    if (cursor < now - lookBackMs) {
      log.warn("scheduler: reminders older than the look-back are dropped", {
        offSince: new Date(cursor).toISOString(),
        lookBackHours: lookBackMs / HOUR_MS,
      });
    }
    const from = Math.min(Math.max(cursor, now - lookBackMs), now);
    const to = now + lookAheadMs;
    const profiles = await kysely.selectFrom("profiles").select(["id", "name", "time_zone"])
      .execute();
    const items: DueItem[] = [];
    // Each kind of each profile on its own: one that cannot be read holds up nothing else.
    const sources = [
      (id: string) =>
        dueReminders(
          kysely,
          id,
          from,
          to,
          (eventId, error) =>
            log.warn("scheduler: an event could not be expanded", {
              eventId,
              error: errorText(error),
            }),
        ),
      (id: string) => dueTodos(kysely, id, from, to),
    ];
    for (const p of profiles) {
      for (const source of sources) {
        try {
          items.push(...await source(p.id));
        } catch (err) {
          log.error("scheduler: a profile's reminders could not be read", {
            profileId: p.id,
            error: errorText(err),
          });
        }
      }
    }
    items.sort((a, b) => a.dueAt - b.dueAt || (a.key < b.key ? -1 : 1));
    const due = items.filter((i) => i.dueAt <= now);
    const fired = await firedKeys(kysely, due);
    const fresh = due.filter((i) => !fired.has(i.key));
    const batch = fresh.slice(0, maxBatch);
    const zones = new Map(profiles.map((p) => [p.id, p.time_zone]));
    let delivered = 0;
    for (const item of batch) {
      try {
        if (
          await this.#deliver(item, now - item.dueAt > lateAfterMs, zones.get(item.profileId)!, now)
        ) {
          delivered++;
        }
      } catch (err) {
        log.error("scheduler: a reminder could not be delivered", {
          key: item.key,
          error: errorText(err),
        });
      }
    }
    const more = fresh.length > batch.length;
    // With more to come, the next tick starts where this batch ended (the log skips what fired).
    await writeCursor(kysely, more ? batch.at(-1)!.dueAt : now);
    let wake = more ? 0 : lookAheadMs;
    for (const item of items) {
      if (item.dueAt > now) wake = Math.min(wake, item.dueAt - now);
    }
    let briefings = 0;
    for (const p of profiles) {
      try {
        const next = await this.#brief({ id: p.id, name: p.name, timeZone: p.time_zone }, now);
        if (next === "started") briefings++;
        else if (next !== null) wake = Math.min(wake, Math.max(0, next - now));
      } catch (err) {
        log.error("scheduler: a briefing could not be planned", {
          profileId: p.id,
          error: errorText(err),
        });
      }
    }
    if (now - this.#lastPrune > HOUR_MS) {
      this.#lastPrune = now;
      // A key older than the look-back can never be looked at again.
      await kysely.deleteFrom("scheduler_fired")
        .where("due_at", "<", new Date(now - lookBackMs - lookAheadMs - HOUR_MS).toISOString())
        .execute();
    }
    return { fired: delivered, briefings, wakeInMs: Math.max(0, wake) };
  }

  /** Records and delivers one item; false when its key had fired already. */
  async #deliver(item: DueItem, late: boolean, zone: string, now: number): Promise<boolean> {
    const id = await this.#o.db.kysely.transaction().execute(async (tx) => {
      if (!await claim(tx, item.profileId, item.key, item.dueAt, now)) return null;
      return await addNotification(tx, item.profileId, { ...item, late }, now);
    });
    if (id === null) return false;
    this.#push(
      item.profileId,
      id,
      {
        kind: item.kind,
        ref_id: item.refId,
        subject: item.subject,
        at: item.at,
        all_day: item.allDay ? 1 : 0,
        late: late ? 1 : 0,
      },
      zone,
      late,
    );
    return true;
  }

  /** Pushes a delivered notification to the profile's browsers, in each one's language. */
  #push(
    profileId: string,
    id: string,
    row: Parameters<typeof notificationText>[0] & { ref_id: string },
    zone: string,
    late: boolean,
  ): void {
    const kind = PUSH_KIND[row.kind];
    const sent = this.#o.push.notify(profileId, kind, (locale) => ({
      kind,
      ...notificationText(row, locale, zone),
      url: notificationUrl({ id, kind: row.kind, ref_id: row.ref_id }),
      tag: `n:${id}`,
    }), { ttl: late ? 6 * 3600 : 3600, urgency: row.kind === "briefing" ? "normal" : "high" })
      .catch((err) =>
        this.#o.log.warn("scheduler: a notification could not be pushed", {
          error: errorText(err),
        })
      );
    this.#track(sent);
  }

  #track(work: Promise<unknown>): void {
    this.#pending.add(work);
    const done = () => void this.#pending.delete(work);
    work.then(done, done);
  }

  /**
   * Starts the profile's briefing when it is due ("started"), or answers when it will be due
   * next (an instant), or null when there is nothing to wait for.
   */
  async #brief(profile: ProfileRow, now: number): Promise<"started" | number | null> {
    const kysely = this.#o.db.kysely;
    const setting = await briefingSetting(kysely, profile.id);
    if (!setting) return null;
    const day = dayOf(now, profile.timeZone);
    const at = timeOn(day.date, setting.time, profile.timeZone);
    const tomorrow = timeOn(dayOf(day.to, profile.timeZone).date, setting.time, profile.timeZone);
    if (now < at) return at;
    // Set after today's time had passed: it starts tomorrow.
    if (Date.parse(setting.updatedAt) > at) return tomorrow;
    const key = briefingKey(profile.id, day.date);
    if ((await firedKeys(kysely, [{ key, profileId: profile.id }])).size) return tomorrow;
    if (this.#writing.has(profile.id)) return null;
    const retry = this.#retry.get(profile.id);
    if (retry && retry.at > now) return retry.at;
    this.#writing.add(profile.id);
    const work = this.#writeBriefing(profile, setting.locale, day.date, at, now)
      .finally(() => this.#writing.delete(profile.id));
    this.#track(work);
    return "started";
  }

  async #writeBriefing(
    profile: ProfileRow,
    locale: Locale,
    date: string,
    at: number,
    startedAt: number,
  ): Promise<void> {
    const { db, log } = this.#o;
    try {
      const data = await today(db.kysely, profile, startedAt);
      const text = await writeBriefing(
        {
          provider: this.#o.provider(),
          model: this.#o.model(),
          contextSizes: this.#o.contextSizes?.(),
        },
        profile,
        data,
        locale,
        this.#abort.signal,
      );
      const now = this.#o.now();
      const late = startedAt - at > this.#o.lateAfterMs;
      const id = await storeBriefing(db.kysely, profile, { date, text, at, late }, now);
      this.#retry.delete(profile.id);
      if (id === null) return;
      this.#push(
        profile.id,
        id,
        {
          kind: "briefing",
          ref_id: id,
          subject: openingOf(text),
          at: date,
          all_day: 1,
          late: late ? 1 : 0,
        },
        profile.timeZone,
        late,
      );
    } catch (err) {
      if (this.#abort.signal.aborted) return;
      const pause = Math.min(
        (this.#retry.get(profile.id)?.pause ?? this.#o.retryMs / 2) * 2,
        HOUR_MS,
      );
      this.#retry.set(profile.id, { at: this.#o.now() + pause, pause });
      log.warn("scheduler: the daily briefing could not be written; trying again later", {
        profileId: profile.id,
        retryInSeconds: pause / 1000,
        error: errorText(err),
      });
    }
  }
}

/**
 * Stores the scheduled briefing of the profile's local day `date` with its notification, once:
 * answers the notification's id, or null when that day's briefing was stored already.
 */
export async function storeBriefing(
  db: Kysely<Database>,
  profile: { id: string; timeZone: string },
  briefing: { date: string; text: string; at: number; late: boolean },
  now: number,
): Promise<string | null> {
  const { date, text, at, late } = briefing;
  return await db.transaction().execute(async (tx) => {
    if (!await claim(tx, profile.id, briefingKey(profile.id, date), at, now)) return null;
    const briefingId = await addBriefing(tx, profile.id, date, text, now);
    return await addNotification(tx, profile.id, {
      kind: "briefing",
      refId: briefingId,
      subject: openingOf(text),
      at: date,
      allDay: true,
      timeZone: profile.timeZone,
      dueAt: at,
      late,
    }, now);
  });
}

/** The fired log's key of a profile's scheduled briefing for a local day. */
const briefingKey = (profileId: string, date: string) => `briefing|${profileId}|${date}|0`;

/** The instant of local time `HH:MM` on local day `date` in `zone`. */
function timeOn(date: string, time: string, zone: string): number {
  const [year, month, day] = date.split("-").map(Number);
  const [hour, minute] = time.split(":").map(Number);
  return fromZoned({ year, month, day, hour, minute }, zone).getTime();
}

/** Inserts the key into the fired log; false when it was there already. */
async function claim(
  db: Kysely<Database>,
  profileId: string,
  key: string,
  dueAt: number,
  now: number,
): Promise<boolean> {
  const result = await owned(db, profileId).insertInto("scheduler_fired", {
    id: key,
    due_at: new Date(dueAt).toISOString(),
    fired_at: new Date(now).toISOString(),
  }).onConflict((oc) => oc.column("id").doNothing()).executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
}

/** Which of the items' keys have fired, asked per profile. */
async function firedKeys(
  db: Kysely<Database>,
  items: readonly Pick<DueItem, "key" | "profileId">[],
): Promise<Set<string>> {
  const byProfile = Map.groupBy(items, (i) => i.profileId);
  const found = new Set<string>();
  for (const [profileId, mine] of byProfile) {
    for (let i = 0; i < mine.length; i += 500) {
      const keys = mine.slice(i, i + 500).map((m) => m.key);
      const rows = await owned(db, profileId).selectFrom("scheduler_fired").select("id")
        .where("id", "in", keys).execute();
      for (const r of rows) found.add(r.id);
    }
  }
  return found;
}

async function readCursor(db: Kysely<Database>): Promise<number | null> {
  const row = await db.selectFrom("app_meta").select("value").where("key", "=", CURSOR_KEY)
    .executeTakeFirst();
  const at = row ? Number(row.value) : NaN;
  return Number.isFinite(at) ? at : null;
}

async function writeCursor(db: Kysely<Database>, at: number): Promise<void> {
  await db.insertInto("app_meta").values({ key: CURSOR_KEY, value: String(at) })
    .onConflict((oc) => oc.column("key").doUpdateSet({ value: String(at) })).execute();
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
