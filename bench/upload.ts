/**
 * Uploading a document (issue 15): 100 MB (the cap) streamed as a chunked body to
 * `POST /api/documents` of a real Hearth process. The server writes it to disk in 64 KB pieces
 * as it arrives, so its resident memory must stay flat: the peak growth is measured (VmHWM
 * reset before the upload, sampled too) for a first and a second upload, beside a bare
 * `Deno.serve` process that writes the same bytes to a file (the runtime's own cost), and the
 * throughput.
 */
import { MAX_DOCUMENT_BYTES } from "../lib/documents/types.ts";
import { fmt, mib, procMemory, runParts, startHearth, TABLE_HEADER, verdict } from "./harness.ts";

const CHUNK = 64 * 1024;

/** A text body of `size` bytes, generated as it is read (the client never holds it either). */
function body(size: number): ReadableStream<Uint8Array> {
  const line = new TextEncoder().encode(
    "The quick brown fox jumps over the lazy dog. 0123456789\n",
  );
  const block = new Uint8Array(CHUNK);
  for (let i = 0; i < CHUNK; i++) block[i] = line[i % line.length];
  let sent = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= size) return controller.close();
      const n = Math.min(CHUNK, size - sent);
      sent += n;
      controller.enqueue(block.slice(0, n));
    },
  });
}

/** Resets the process's peak RSS (VmHWM) to now; false where the kernel does not allow it. */
function resetPeak(pid: number): boolean {
  try {
    Deno.writeTextFileSync(`/proc/${pid}/clear_refs`, "5");
    return true;
  } catch {
    return false;
  }
}

/** Uploads `size` bytes; answers the seconds it took and the peak RSS growth in bytes. */
export async function measureFor(
  url: string,
  headers: Record<string, string>,
  pid: number,
  size: number,
) {
  const before = procMemory(pid);
  const reset = resetPeak(pid);
  let sampled = before;
  const sampler = setInterval(() => sampled = Math.max(sampled, procMemory(pid)), 20);
  const start = performance.now();
  const res = await fetch(`${url}/api/documents?name=bench.txt`, {
    method: "POST",
    headers,
    body: body(size),
  });
  const text = await res.text();
  const seconds = (performance.now() - start) / 1000;
  clearInterval(sampler);
  if (res.status !== 201) throw new Error(`upload answered ${res.status}: ${text}`);
  const peak = Math.max(sampled, reset ? procMemory(pid, "VmHWM") : 0);
  return { seconds, growth: Math.max(0, peak - before), before };
}

/** The baseline: a bare `Deno.serve` in its own process that writes each chunk to a file. */
const SINK = `
const file = await Deno.open(Deno.args[0], { write: true, create: true, truncate: true });
Deno.serve({ port: 0, hostname: "127.0.0.1", onListen: ({ port }) => console.log("PORT " + port) },
  async (req) => {
    await file.truncate(0);
    await file.seek(0, Deno.SeekMode.Start);
    let n = 0;
    for await (const chunk of req.body) {
      n += chunk.byteLength;
      for (let at = 0; at < chunk.length;) at += await file.write(chunk.subarray(at));
    }
    return new Response(String(n), { status: 201 });
  });
`;

/** Runs `SINK`; answers its URL and pid, and how to stop it. */
async function startSink() {
  const dir = await Deno.makeTempDir({ prefix: "hearth-bench-sink-" });
  await Deno.writeTextFile(`${dir}/sink.ts`, SINK);
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-net", `--allow-write=${dir}`, `${dir}/sink.ts`, `${dir}/out`],
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const reader = child.stdout.getReader();
  let text = "";
  while (!/PORT \d+/.test(text)) {
    const { value, done } = await reader.read();
    if (done) throw new Error("the sink did not start");
    text += new TextDecoder().decode(value);
  }
  reader.releaseLock();
  child.stdout.cancel().catch(() => {});
  return {
    url: `http://127.0.0.1:${/PORT (\d+)/.exec(text)![1]}`,
    pid: child.pid,
    async stop() {
      child.kill();
      await child.status;
      await Deno.remove(dir, { recursive: true });
    },
  };
}

async function upload(): Promise<string[]> {
  const sink = await startSink();
  let base;
  try {
    await measureFor(sink.url, {}, sink.pid, 64 * 1024);
    base = {
      first: await measureFor(sink.url, {}, sink.pid, MAX_DOCUMENT_BYTES),
      second: await measureFor(sink.url, {}, sink.pid, MAX_DOCUMENT_BYTES),
    };
  } finally {
    await sink.stop();
  }
  const h = await startHearth({});
  try {
    // Warm up: the route, the database, the documents folder.
    await measureFor(h.url, h.headers, h.pid, 64 * 1024);
    const first = await measureFor(h.url, h.headers, h.pid, MAX_DOCUMENT_BYTES);
    const second = await measureFor(h.url, h.headers, h.pid, MAX_DOCUMENT_BYTES);
    const mb = MAX_DOCUMENT_BYTES / 1e6;
    // Received chunks are freed by V8's GC, which external memory triggers only every ~64 MB,
    // and the C heap keeps those pages: the first big upload lifts RSS once, in Hearth as in a
    // bare Deno.serve, after which uploads add nothing. A buffered file would add its size
    // every time.
    const flat = second.growth < 16 * 2 ** 20 &&
      first.growth < base.first.growth + 16 * 2 ** 20;
    return [
      `| upload 100 MB (chunked, to disk): peak RSS growth, first / second upload (RSS before ${
        mib(first.before)
      } MiB) | ${mib(first.growth)} / ${mib(second.growth)} MiB | bare Deno.serve writing ` +
      `the chunks to a file: ${mib(base.first.growth)} / ${mib(base.second.growth)} MiB | ${
        fmt(first.growth / Math.max(base.first.growth, 1), 2)
      }× | second < 16 MiB, first within 16 MiB of the baseline's | ${verdict(flat)} |`,
      `| upload 100 MB: throughput, first / second (through the front door, to disk, hashed) | ${
        fmt(mb / first.seconds)
      } / ${fmt(mb / second.seconds)} MB/s | — | — | — | |`,
    ];
  } finally {
    await h.stop();
  }
}

/** Runs the upload benchmark; returns Markdown table rows (see `TABLE_HEADER`). */
export async function benchUpload(): Promise<string[]> {
  return await runParts([["POST /api/documents (100 MB)", upload]]);
}

if (import.meta.main) console.log([...TABLE_HEADER, ...await benchUpload()].join("\n"));
