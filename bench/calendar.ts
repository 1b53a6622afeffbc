/**
 * The Calendar page's month view (issue 14, benchmark 2): `GET /calendar?view=month` rendered on
 * the server for a profile in Europe/Berlin with 2,000 recurring events (and 10,000 todos: the
 * Today benchmark's seed), this month with today chosen, as a browser asks for it (HTML).
 * Measured over HTTP against a real Hearth process, with `GET /todos` (the reference page) in
 * the same run as the baseline, and the server's CPU time per request; then again with an event
 * changed before each view, so the days remembered from the last view do not apply.
 */
import {
  fmt,
  median,
  percentile,
  procCpuSeconds,
  runParts,
  startHearth,
  TABLE_HEADER,
  verdict,
} from "./harness.ts";
import { seed } from "./today.ts";

const RUNS = 200;

async function month(): Promise<string[]> {
  const h = await startHearth({}, seed);
  try {
    const headers = { ...h.headers, accept: "text/html" };
    const timed = async (path: string) => {
      const start = performance.now();
      const res = await fetch(`${h.url}${path}`, { headers });
      const text = await res.text();
      if (res.status !== 200) throw new Error(`${path} answered ${res.status}: ${text}`);
      return { ms: performance.now() - start, text };
    };
    const path = "/calendar?view=month";
    for (let i = 0; i < 20; i++) await timed(path), await timed("/todos");
    const runs: number[] = [];
    const base: number[] = [];
    let body = "";
    for (let i = 0; i < RUNS; i++) {
      const r = await timed(path);
      runs.push(r.ms);
      body = r.text;
      base.push((await timed("/todos")).ms);
    }
    const cpu0 = procCpuSeconds(h.pid);
    for (let i = 0; i < 100; i++) await timed(path);
    const cpuMs = (procCpuSeconds(h.pid) - cpu0) * 10;
    // After a change (an event renamed between views, not timed) nothing remembered applies.
    const { items } =
      await (await fetch(`${h.url}/api/events/list?limit=1`, { headers: h.headers }))
        .json();
    const changed: number[] = [];
    for (let i = 0; i < RUNS / 2; i++) {
      const res = await fetch(`${h.url}/api/events/${items[0].id}`, {
        method: "PATCH",
        headers: { ...h.headers, "content-type": "application/json" },
        body: JSON.stringify({ title: `Event renamed ${i}` }),
      });
      if (res.status !== 200) throw new Error(`PATCH answered ${res.status}: ${await res.text()}`);
      changed.push((await timed(path)).ms);
    }
    const counted = [...body.matchAll(/events: (\d+)"/g)].reduce((n, m) => n + Number(m[1]), 0);
    const p95 = percentile(runs, 95);
    return [
      `| GET /calendar?view=month: 2,000 recurring events (${counted.toLocaleString("en")} ` +
      `occurrences on the grid's days; ${fmt(body.length / 1024)} KB), ${RUNS} runs: ` +
      `median / p95 | ${fmt(median(runs))} / ${fmt(p95)} ms (server CPU ${fmt(cpuMs)} ms a ` +
      `request) | GET /todos (200 open todos): ${fmt(median(base))} / ${
        fmt(percentile(base, 95))
      } ms | ${fmt(median(runs) / median(base), 2)}× | p95 < 50 ms | ${verdict(p95 < 50)} |`,
      `| the same after a change (an event renamed before each view), ${RUNS / 2} runs: median / ` +
      `p95 | ${fmt(median(changed))} / ${fmt(percentile(changed, 95))} ms | | | p95 < 50 ms | ${
        verdict(percentile(changed, 95) < 50)
      } |`,
    ];
  } finally {
    await h.stop();
  }
}

/** Runs the Calendar benchmark; returns Markdown table rows (see `TABLE_HEADER`). */
export async function benchCalendar(): Promise<string[]> {
  return await runParts([["GET /calendar?view=month", month]]);
}

if (import.meta.main) console.log([...TABLE_HEADER, ...await benchCalendar()].join("\n"));
