/**
 * Hostile connections against a real Hearth over loopback, bounded in count and time
 * (`deno task bench:connections`, also part of `deno task bench`):
 *
 * 1. Under `prlimit --nofile=1024:1024` (soft and hard, so Hearth cannot raise it): 1,100 idle
 *    sockets and 300 slowloris ones (a header line every second, never the blank line). Meanwhile
 *    a new client asks for its page every second. Reported: whether each got it and how fast,
 *    how long Hearth took to close the hostile sockets, that the process lived, RSS and open
 *    files before, at peak and after.
 * 2. 1,000 SSE clients on one long finished reply, 700 of them never reading (raw sockets that
 *    send the request and stop). Reported: how many were served or refused, RSS before, at
 *    peak and after they left.
 */
import { fmt, type Hearth, mib, procFds, procMemory, startHearth } from "./harness.ts";
import { rig } from "./stream_client.ts";

const enc = new TextEncoder();

/** A raw socket and when the server closed it (null while open). */
interface Held {
  conn: Deno.TcpConn;
  closedAfterMs: number | null;
}

/** Connects `n` sockets (in parallel batches), each optionally sending `first`; keeps reading. */
async function hold(port: number, n: number, first?: string): Promise<Held[]> {
  const held: Held[] = [];
  for (let i = 0; i < n; i += 100) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(100, n - i) }, async () => {
        try {
          const conn = await Deno.connect({ hostname: "127.0.0.1", port });
          if (first) await conn.write(enc.encode(first));
          return conn;
        } catch {
          return null;
        }
      }),
    );
    for (const conn of batch) {
      if (!conn) continue;
      const h: Held = { conn, closedAfterMs: null };
      const start = performance.now();
      // Reading sees the server's close (EOF or reset); the data itself is dropped.
      (async () => {
        const buf = new Uint8Array(4096);
        try {
          while ((await conn.read(buf)) !== null) { /* discard */ }
        } catch { /* reset */ }
        h.closedAfterMs = performance.now() - start;
      })();
      held.push(h);
    }
  }
  return held;
}

function closeAll(held: Held[]) {
  for (const h of held) {
    try {
      h.conn.close();
    } catch { /* closed by the server */ }
  }
}

/** `read(pid)`, or NaN once the process is gone (the "before" of a crash). */
function ifAlive(read: (pid: number, field?: string) => number, pid: number, field?: string) {
  try {
    return read(pid, field);
  } catch {
    return NaN;
  }
}

function alive(pid: number): boolean {
  try {
    Deno.statSync(`/proc/${pid}`);
    return true;
  } catch {
    return false;
  }
}

/**
 * A page fetch by a new client (its own connection, not one fetch kept from the last page) with
 * a deadline: its status (0 when it failed) and time.
 */
async function page(h: Hearth): Promise<{ status: number; ms: number }> {
  const start = performance.now();
  using client = Deno.createHttpClient({});
  try {
    const res = await fetch(`${h.url}/`, {
      client,
      headers: { cookie: h.headers.cookie, accept: "text/html" },
      signal: AbortSignal.timeout(15_000),
    } as RequestInit);
    await res.text();
    return { status: res.status, ms: performance.now() - start };
  } catch {
    return { status: 0, ms: performance.now() - start };
  }
}

const closedWithin = (held: Held[]) => {
  const times = held.map((h) => h.closedAfterMs).filter((x): x is number => x !== null);
  return `${times.length} of ${held.length} closed by Hearth${
    times.length ? `, the last after ${fmt(Math.max(...times) / 1000)} s` : ""
  }`;
};

async function idleAndSlowloris(): Promise<string[]> {
  const h = await startHearth({}, undefined, { openFiles: 1024 });
  const port = Number(new URL(h.url).port);
  const slow: Held[] = [];
  let idle: Held[] = [];
  let drip: ReturnType<typeof setInterval> | undefined;
  try {
    const rss0 = procMemory(h.pid);
    const fds0 = procFds(h.pid);
    let peakFds = fds0;
    const sampler = setInterval(
      () => peakFds = Math.max(peakFds, ifAlive(procFds, h.pid) || 0),
      100,
    );
    idle = await hold(port, 1_100);
    slow.push(...await hold(port, 300, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n"));
    let line = 0;
    drip = setInterval(() => {
      line++;
      for (const s of slow) {
        if (s.closedAfterMs === null) {
          s.conn.write(enc.encode(`X-Drip-${line}: 1\r\n`)).catch(() => {});
        }
      }
    }, 1_000);
    const pages: { status: number; ms: number }[] = [];
    for (let i = 0; i < 12; i++) {
      pages.push(await page(h));
      await new Promise((r) => setTimeout(r, 1_000));
    }
    clearInterval(drip);
    const rssPeak = ifAlive(procMemory, h.pid, "VmHWM");
    const lived = alive(h.pid);
    const served = pages.filter((p) => p.status === 200);
    const idleFigure = closedWithin(idle);
    const slowFigure = closedWithin(slow);
    closeAll(idle);
    closeAll(slow);
    await new Promise((r) => setTimeout(r, 2_000));
    clearInterval(sampler);
    const after = await page(h);
    const rss1 = ifAlive(procMemory, h.pid);
    const fds1 = ifAlive(procFds, h.pid);
    return [
      `| idle + slowloris, open files limited to 1,024: 1,100 idle sockets | ${idleFigure} |`,
      `| … 300 slowloris sockets (a header line a second) | ${slowFigure} |`,
      `| … a new client's page, once a second for 12 s | ${served.length} of ${pages.length} got 200, slowest ${
        fmt(Math.max(...pages.map((p) => p.ms)))
      } ms, median ${
        fmt(pages.map((p) => p.ms).sort((a, b) => a - b)[pages.length >> 1])
      } ms; afterwards ${after.status} in ${fmt(after.ms)} ms |`,
      `| … process alive throughout | ${lived ? "yes" : "NO"} |`,
      `| … RSS before / peak / after | ${mib(rss0)} / ${mib(rssPeak)} / ${mib(rss1)} MiB |`,
      `| … open files before / peak / after | ${fds0} / ${peakFds} / ${fds1} |`,
    ];
  } finally {
    clearInterval(drip);
    closeAll(idle);
    closeAll(slow);
    await h.stop();
  }
}

/**
 * `nonReaders` raw sockets that ask for the stream of one long finished reply and never read,
 * then `readers` that read it all; `perClient` is Hearth's cap on one address's requests.
 */
async function sseClients(
  nonReaders: number,
  readers: number,
  perClient: number,
): Promise<string[]> {
  const WORDS = 100_000;
  const r = await rig("fixture", 0, 1, { HEARTH_CONNECTIONS_PER_CLIENT: String(perClient) });
  const port = Number(new URL(r.h.url).port);
  const raw: Deno.TcpConn[] = [];
  try {
    const res = await fetch(`${r.h.url}/api/chat/stream`, {
      method: "POST",
      headers: { ...r.h.headers, "content-type": "application/json" },
      body: JSON.stringify({ conversationId: r.ids[0], content: `words=${WORDS}` }),
    });
    const taskId = res.headers.get("x-hearth-task");
    const replyBytes = (await res.text()).length;
    if (!taskId) throw new Error(`no task: ${res.status}`);
    const rss0 = procMemory(r.h.pid);
    const path = `/api/tasks/${taskId}/stream?offset=0`;
    const head = `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n` +
      `X-Hearth-Session: ${
        r.h.headers["X-Hearth-Session"]
      }\r\nCookie: ${r.h.headers.cookie}\r\n\r\n`;
    // Those that send the request and never read a byte of the answer.
    for (let i = 0; i < nonReaders; i += 100) {
      raw.push(
        ...await Promise.all(Array.from({ length: Math.min(100, nonReaders - i) }, async () => {
          const conn = await Deno.connect({ hostname: "127.0.0.1", port });
          await conn.write(enc.encode(head));
          return conn;
        })),
      );
    }
    // Those that read everything.
    const done = await Promise.all(Array.from({ length: readers }, async () => {
      const res = await fetch(`${r.h.url}${path}`, { headers: r.h.headers });
      const body = await res.text();
      return { status: res.status, complete: body.length === replyBytes };
    }));
    const rssPeak = procMemory(r.h.pid, "VmHWM");
    const complete = done.filter((x) => x.status === 200 && x.complete).length;
    const refused = done.filter((x) => x.status === 503 || x.status === 429).length;
    for (const c of raw) c.close();
    raw.length = 0;
    await new Promise((res) => setTimeout(res, 3_000));
    const rss1 = procMemory(r.h.pid);
    return [
      `| ${nonReaders + readers} SSE clients (${nonReaders} never reading) on a ${
        fmt(replyBytes / 1024, 0)
      } KB finished reply, ${perClient} requests per client allowed: readers | ${complete} of ${readers} read it all, ${refused} refused (429 or 503) |`,
      `| … RSS before / peak / 3 s after they left | ${mib(rss0)} / ${mib(rssPeak)} / ${
        mib(rss1)
      } MiB |`,
    ];
  } finally {
    for (const c of raw) c.close();
    await r.stop();
  }
}

/** Both runs, as Markdown table rows. */
export async function benchConnections(): Promise<string[]> {
  return [
    "| hostile connections (loopback) | result |",
    "| --- | --- |",
    ...await idleAndSlowloris(),
    // The issue's case with the default cap, then as many as the caps admit (behind a proxy).
    ...await sseClients(700, 300, 128),
    ...await sseClients(200, 300, 512),
  ];
}

if (import.meta.main) console.log((await benchConnections()).join("\n"));
