/**
 * Start-up benchmarks: cold start to the first 200 (median of 5), idle RSS, and the JavaScript
 * a page ships (gzip). Measured on real processes with their own temp `HEARTH_HOME`.
 */
import { ROOT } from "../tests/helpers/server.ts";
import { PERMS } from "./harness.ts";

const encoder = new TextEncoder();

/** Milliseconds from spawn to the first 200 on `/`, and the child, still running. */
async function coldStart(args: string[], port: number) {
  const home = await Deno.makeTempDir({ prefix: "hearth-bench-" });
  const started = performance.now();
  const child = new Deno.Command(Deno.execPath(), {
    args: [...args, "--port", String(port), "--host", "127.0.0.1"],
    cwd: ROOT,
    env: { HEARTH_HOME: home },
    stdout: "null",
    stderr: "null",
  }).spawn();
  while (true) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/`);
      await res.body?.cancel();
      if (res.status === 200) break;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 2));
    if (performance.now() - started > 30_000) throw new Error("server did not start");
  }
  return { ms: performance.now() - started, child, home };
}

function rssOf(pid: number): number {
  // The server process is the deepest deno in the tree (`deno task` spawns `deno run`).
  const status = Deno.readTextFileSync(`/proc/${pid}/status`);
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) * 1024;
}

function childrenOf(pid: number): number[] {
  try {
    return Deno.readTextFileSync(`/proc/${pid}/task/${pid}/children`).trim().split(/\s+/).filter(
      Boolean,
    )
      .map(Number);
  } catch {
    return [];
  }
}

function leafPid(pid: number): number {
  const kids = childrenOf(pid);
  return kids.length ? leafPid(kids[kids.length - 1]) : pid;
}

/** Idle RSS of the least Deno server: `Deno.serve` answering "ok", 2 s after its first 200. */
async function bareIdleRss(): Promise<number> {
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "eval",
      'const s = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, ' +
      '() => new Response("ok")); console.log(s.addr.port);',
    ],
    stdout: "piped",
    stderr: "null",
  }).spawn();
  try {
    const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
    let text = "";
    while (!text.includes("\n")) text += (await reader.read()).value ?? "";
    await (await fetch(`http://127.0.0.1:${text.trim()}/`)).text();
    await new Promise((r) => setTimeout(r, 2000));
    reader.releaseLock();
    return rssOf(child.pid);
  } finally {
    child.kill("SIGTERM");
    await child.status;
    await child.stdout.cancel().catch(() => {});
  }
}

async function stop(run: { child: Deno.ChildProcess; home: string }) {
  run.child.kill("SIGTERM");
  await run.child.status;
  await Deno.remove(run.home, { recursive: true });
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function gzipSize(text: string): Promise<number> {
  const stream = new Blob([encoder.encode(text)]).stream().pipeThrough(
    new CompressionStream("gzip"),
  );
  return (await new Response(stream).arrayBuffer()).byteLength;
}

/**
 * Every script a page loads: the inline boot module and what it imports, transitively.
 * `headers` go with the page request (a device cookie, for pages that need a profile).
 */
export async function pageJs(
  base: string,
  path: string,
  headers: HeadersInit = {},
): Promise<{ raw: number; gzip: number; files: number }> {
  const page = await fetch(base + path, { headers });
  if (page.status !== 200) throw new Error(`${path} answered ${page.status}`);
  const html = await page.text();
  const inline = [...html.matchAll(/<script type="module"[^>]*>(.*?)<\/script>/gs)].map((m) =>
    m[1]
  );
  const seen = new Set<string>();
  const queue: string[] = [];
  let raw = 0;
  let gzip = 0;
  const collect = (code: string, from: string) => {
    for (const m of code.matchAll(/(?:from|import)\s*"([^"]+\.js)"/g)) {
      const url = new URL(m[1], from).href;
      if (!seen.has(url)) {
        seen.add(url);
        queue.push(url);
      }
    }
  };
  for (const code of inline) {
    raw += code.length;
    gzip += await gzipSize(code);
    collect(code, base + path);
  }
  while (queue.length) {
    const url = queue.shift()!;
    const code = await (await fetch(url)).text();
    raw += code.length;
    gzip += await gzipSize(code);
    collect(code, url);
  }
  return { raw, gzip, files: seen.size };
}

/** Runs the start-up benchmarks and returns Markdown table rows. */
export async function benchStartup(): Promise<string[]> {
  const rows: string[] = [];
  const variants: [string, string[]][] = [
    ["`deno task start` (includes the build step)", ["task", "--quiet", "start"]],
    ["server alone (`deno run main.ts start`)", ["run", ...PERMS, "main.ts", "start"]],
  ];
  let port = 18_420;
  for (const [label, args] of variants) {
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const run = await coldStart(args, port++);
      times.push(run.ms);
      if (i === 4) {
        await new Promise((r) => setTimeout(r, 2000));
        const rss = rssOf(leafPid(run.child.pid));
        // Issue 12's target is for `deno task start`: < 80 MB, 80,000,000 bytes (76.3 MiB).
        // Passes before this one read it as 80 MiB, which is the looser reading.
        const target = label.startsWith("`deno task")
          ? ` = ${(rss / 1e6).toFixed(1)} MB (target < 80 MB: ${
            rss < 80e6 ? "PASS" : "**FAIL**"
          }; control: ${
            (await bareIdleRss() / 2 ** 20).toFixed(1)
          } MiB for a bare \`Deno.serve\` answering "ok", same wait)`
          : "";
        rows.push(`| idle RSS, ${label} | ${(rss / 1024 / 1024).toFixed(1)} MiB${target} |`);
        if (label.startsWith("`deno task")) {
          // What an idle box holds for hours; then the same after some use: the server gives
          // the young generation back once it has been left alone for 30 s (lib/system/idle_gc.ts).
          await new Promise((r) => setTimeout(r, 18_000));
          const pid = leafPid(run.child.pid);
          const mib = (b: number) => `${(b / 2 ** 20).toFixed(1)} MiB`;
          rows.push(`| … the same server 20 s after its first page | ${mib(rssOf(pid))} |`);
          for (let n = 0; n < 300; n++) {
            await (await fetch(`http://127.0.0.1:${port - 1}/setup`)).arrayBuffer();
          }
          const busy = rssOf(pid);
          await new Promise((r) => setTimeout(r, 2000));
          const soon = rssOf(pid);
          await new Promise((r) => setTimeout(r, 30_000));
          rows.push(
            `| … right after 300 page loads, 2 s and 32 s later | ${mib(busy)}, ${mib(soon)}, ${
              mib(rssOf(pid))
            } |`,
          );
        }
        const js = await pageJs(`http://127.0.0.1:${port - 1}`, "/");
        if (label.startsWith("server")) {
          rows.push(
            // A fresh home has no admin yet, so `/` is the setup wizard; the chat table below
            // measures the home page a member sees.
            `| JavaScript on the first page of a fresh install (/ → /setup) | ${js.files} files, ${
              (js.raw / 1024).toFixed(1)
            } KB minified, ${(js.gzip / 1024).toFixed(1)} KB gzip |`,
          );
          const offline = await pageJs(`http://127.0.0.1:${port - 1}`, "/offline");
          rows.push(`| JavaScript on a page without islands (/offline) | ${offline.raw} bytes |`);
        }
      }
      await stop(run);
    }
    rows.unshift(
      `| cold start to first 200, ${label} | median ${median(times).toFixed(0)} ms (runs: ${
        times.map((t) => t.toFixed(0)).join(", ")
      }) |`,
    );
  }
  return rows;
}
