/**
 * A task's SSE stream through the front door, which reads it in place (`lib/http/direct_body.ts`)
 * rather than through the response's stream: the same bytes, heartbeats, a client that leaves,
 * and shutdown.
 */
import assert from "node:assert/strict";
import { dec, front } from "../http/front_testing.ts";
import { profileOwner } from "./owner.ts";
import { TaskRegistry } from "./registry.ts";
import { formatChunk, SSE_HEARTBEAT, sseResponse } from "./sse.ts";
import { collect, gate, within } from "./testing.ts";

/** A running task: `emit` adds a token, `finish` ends it. */
function runningTask(registry: TaskRegistry) {
  const finish = gate();
  let emit!: (text: string) => void;
  const task = registry.start({
    owner: profileOwner("a"),
    kind: "chat",
    run: async (out) => {
      emit = (text) => out.emit("token", { text });
      out.emit("meta", { taskId: "t" });
      await finish.promise;
      out.emit("done", {});
    },
  });
  return { task, emit: (text: string) => emit(text), finish: finish.open };
}

/** The data of a chunked body, and whether its last chunk came. */
function unchunk(body: string): { data: string; ended: boolean } {
  let data = "";
  for (let at = 0;;) {
    const eol = body.indexOf("\r\n", at);
    if (eol < 0) return { data, ended: false };
    const size = parseInt(body.slice(at, eol), 16);
    if (size === 0) return { data, ended: true };
    data += body.slice(eol + 2, eol + 2 + size);
    at = eol + 2 + size + 2;
  }
}

/** Reads `conn` until `text` holds `want` (or fails after 3 s). */
async function readUntil(conn: Deno.Conn, text: string, want: (text: string) => boolean) {
  const buf = new Uint8Array(16 * 1024);
  while (!want(text)) {
    const n = await within(conn.read(buf), 3_000, "more of the stream");
    if (n === null) throw new Error(`the connection closed after: ${text}`);
    text += dec.decode(buf.subarray(0, n));
  }
  return text;
}

Deno.test("sse in place - the front writes a task's frames as they come, ends with the task and keeps the connection", async () => {
  using registry = new TaskRegistry();
  const { task, emit, finish } = runningTask(registry);
  const responses: Response[] = [];
  await using f = await front({}, (req) => {
    if (new URL(req.url).pathname === "/again") return new Response("again");
    const res = sseResponse(task, { heartbeatMs: 60_000 });
    responses.push(res);
    return res;
  });
  const conn = await Deno.connect({ hostname: "127.0.0.1", port: f.port });
  await conn.write(new TextEncoder().encode("GET /events HTTP/1.1\r\nHost: x\r\n\r\n"));
  // The head and the frames already there come at once.
  let text = await readUntil(conn, "", (t) => t.includes("event: meta"));
  assert.match(text, /^HTTP\/1\.1 200 OK\r\n[^]*transfer-encoding: chunked\r\n/);
  for (const word of ["one", "two", "three"]) {
    emit(word);
    text = await readUntil(conn, text, (t) => t.includes(`"${word}"`));
  }
  finish();
  await task.ended;
  text = await readUntil(conn, text, (t) => unchunk(t.slice(t.indexOf("\r\n\r\n") + 4)).ended);
  const body = unchunk(text.slice(text.indexOf("\r\n\r\n") + 4));
  assert.equal(body.data, (await collect(task.read())).map(formatChunk).join(""));
  // Read in place: nobody took a reader of the response's own stream.
  assert.equal(responses[0].body!.locked, false);
  assert.equal(registry.stats().streams.open, 0);
  // The connection carries the next request.
  await conn.write(new TextEncoder().encode("GET /again HTTP/1.1\r\nHost: x\r\n\r\n"));
  assert.match(await readUntil(conn, "", (t) => t.endsWith("again")), /content-length: 5/);
  conn.close();
});

Deno.test("sse in place - a heartbeat while the task is quiet; a client that leaves frees its slot, the task goes on", async () => {
  using registry = new TaskRegistry();
  const { task, emit, finish } = runningTask(registry);
  await using f = await front({}, () => sseResponse(task, { heartbeatMs: 30 }));
  const conn = await Deno.connect({ hostname: "127.0.0.1", port: f.port });
  await conn.write(new TextEncoder().encode("GET /events HTTP/1.1\r\nHost: x\r\n\r\n"));
  await readUntil(conn, "", (t) => t.includes("event: meta") && t.includes(SSE_HEARTBEAT));
  assert.equal(registry.stats().streams.open, 1);
  conn.close();
  await within(
    (async () => {
      while (registry.stats().streams.open > 0) await new Promise((r) => setTimeout(r, 5));
    })(),
    3_000,
    "the stream's slot to be freed",
  );
  emit("later");
  finish();
  await task.ended;
  assert.equal(task.info().status, "done");
});

Deno.test("sse in place - at shutdown a running task's stream gets its interrupted ending and ends", async () => {
  const registry = new TaskRegistry();
  const { task } = runningTask(registry);
  await using f = await front({}, () => sseResponse(task, { heartbeatMs: 60_000 }));
  const conn = await Deno.connect({ hostname: "127.0.0.1", port: f.port });
  await conn.write(new TextEncoder().encode("GET /events HTTP/1.1\r\nHost: x\r\n\r\n"));
  const text = await readUntil(conn, "", (t) => t.includes("event: meta"));
  await registry.shutdown({ timeoutMs: 1_000 });
  const end = await readUntil(conn, text, (t) => unchunk(t.slice(t.indexOf("\r\n\r\n") + 4)).ended);
  assert.match(
    unchunk(end.slice(end.indexOf("\r\n\r\n") + 4)).data,
    /task_interrupted[^]*\[DONE\]/,
  );
  assert.equal(registry.stats().streams.open, 0);
  conn.close();
});
