/**
 * `GET /api/today` (issue 14, benchmark 1) for a profile in Europe/Berlin with 10,000 todos (due
 * dates spread over ±60 days, some all-day, some without; 80 % open) and 2,000 recurring events
 * (daily, weekdays, weekly, monthly, yearly, daily with COUNT; started in the past year). Measured
 * over HTTP against a real Hearth process (`startHearth`), with `GET /api/todos?limit=1` in the
 * same run as the baseline (what any profile API call costs), and the server's CPU time per
 * request (steadier than wall time when the machine is busy).
 */
import { zonedParts } from "../lib/dates/zones.ts";
import type { Db } from "../lib/db/mod.ts";
import { newId } from "../lib/db/ids.ts";
import { createEvent } from "../lib/events/store.ts";
import type { Today } from "../lib/today/types.ts";
import {
  fmt,
  median,
  percentile,
  procCpuSeconds,
  rng,
  runParts,
  startHearth,
  TABLE_HEADER,
  verdict,
} from "./harness.ts";

const TODOS = 10_000;
const EVENTS = 2_000;
const RUNS = 200;
const ZONE = "Europe/Berlin";
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const WEEKDAYS = ["SU", "MO", "TU", "WE", "TH", "FR", "SA"];

/** The profile's zone, its todos (straight into the table) and its events (through the store). */
export async function seed(db: Db, profileId: string): Promise<void> {
  const random = rng(14);
  const now = Date.now();
  db.raw.prepare("UPDATE profiles SET time_zone = ? WHERE id = ?").run(ZONE, profileId);
  const insert = db.raw.prepare(
    "INSERT INTO todos (id, profile_id, title, status, priority, due, due_all_day, overdue_at, " +
      "time_zone, created_at, updated_at, completed_at) VALUES (?, ?, ?, ?, 'none', ?, ?, ?, ?, " +
      "?, ?, ?)",
  );
  const at = new Date(now).toISOString();
  db.raw.exec("BEGIN");
  for (let i = 0; i < TODOS; i++) {
    const open = random() < 0.8;
    const kind = random();
    let due: string | null = null, overdue: string | null = null, allDay = 0;
    if (kind >= 0.1) {
      const ms = now + Math.round((random() * 120 - 60) * DAY / HOUR) * HOUR;
      if (kind < 0.25) {
        // All day: the day's start in the zone, overdue at its end (close enough for a seed).
        const p = zonedParts(ms, ZONE);
        const start = Date.UTC(p.year, p.month - 1, p.day) - p.offset * 60_000;
        due = new Date(start).toISOString();
        overdue = new Date(start + DAY).toISOString();
        allDay = 1;
      } else {
        due = overdue = new Date(ms).toISOString();
      }
    }
    insert.run(
      newId(),
      profileId,
      `Todo ${i}`,
      open ? "open" : "done",
      due,
      allDay,
      overdue,
      ZONE,
      at,
      at,
      open ? null : at,
    );
  }
  db.raw.exec("COMMIT");
  for (let i = 0; i < EVENTS; i++) {
    // A start on a whole quarter hour in the past year, 15 to 120 minutes long.
    const start = Math.floor((now - random() * 365 * DAY) / (15 * 60_000)) * 15 * 60_000;
    const end = start + (1 + Math.floor(random() * 8)) * 15 * 60_000;
    const day = WEEKDAYS[zonedParts(start, ZONE).weekday];
    const kind = random();
    const rrule = kind < 0.25
      ? "FREQ=DAILY"
      : kind < 0.45
      ? `FREQ=WEEKLY;BYDAY=${[...new Set([day, "MO", "WE", "FR"])].join(",")}`
      : kind < 0.65
      ? "FREQ=WEEKLY"
      : kind < 0.8
      ? "FREQ=MONTHLY"
      : kind < 0.9
      ? "FREQ=YEARLY"
      : "FREQ=DAILY;COUNT=30";
    await createEvent(db.kysely, profileId, {
      title: `Event ${i}`,
      notes: "",
      location: "",
      start: new Date(start).toISOString(),
      end: new Date(end).toISOString(),
      allDay: false,
      timeZone: ZONE,
      reminderMinutes: [],
      rrule,
      exdates: [],
    });
  }
}

async function today(): Promise<string[]> {
  const h = await startHearth({}, seed);
  try {
    const timed = async (path: string) => {
      const start = performance.now();
      const res = await fetch(`${h.url}${path}`, { headers: h.headers });
      const text = await res.text();
      if (res.status !== 200) throw new Error(`${path} answered ${res.status}: ${text}`);
      return { ms: performance.now() - start, text };
    };
    for (let i = 0; i < 20; i++) await timed("/api/today"), await timed("/api/todos?limit=1");
    const runs: number[] = [];
    const base: number[] = [];
    let body = "";
    for (let i = 0; i < RUNS; i++) {
      const r = await timed("/api/today");
      runs.push(r.ms);
      body = r.text;
      base.push((await timed("/api/todos?limit=1")).ms);
    }
    // CPU time the server spends per request: steadier than wall time on a busy machine.
    const cpu0 = procCpuSeconds(h.pid);
    for (let i = 0; i < 100; i++) await timed("/api/today");
    const cpuMs = (procCpuSeconds(h.pid) - cpu0) * 10;
    const day: Today = JSON.parse(body);
    const p95 = percentile(runs, 95);
    return [
      `| GET /api/today: ${TODOS.toLocaleString("en")} todos, ${
        EVENTS.toLocaleString("en")
      } recurring events (${day.overdue.total} overdue, ${day.dueToday.total} due today, ${day.events.total} occurrences; ${
        fmt(body.length / 1024)
      } KB), ${RUNS} runs: median / p95 | ${fmt(median(runs))} / ${fmt(p95)} ms (server CPU ${
        fmt(cpuMs)
      } ms a request) | ` +
      `GET /api/todos?limit=1: ${fmt(median(base))} / ${fmt(percentile(base, 95))} ms | ${
        fmt(median(runs) / median(base), 2)
      }× | p95 < 50 ms | ${verdict(p95 < 50)} |`,
    ];
  } finally {
    await h.stop();
  }
}

/** Runs the Today benchmark; returns Markdown table rows (see `TABLE_HEADER`). */
export async function benchToday(): Promise<string[]> {
  return await runParts([["GET /api/today", today]]);
}

if (import.meta.main) console.log([...TABLE_HEADER, ...await benchToday()].join("\n"));
