/**
 * Hostile request bodies: a form or JSON body of hundreds of MB, chunked or with its length
 * declared, is refused with 413 while it is still arriving, and the server lives on; JSON nested
 * deeper than 64 levels is refused before it is parsed.
 */
import assert from "node:assert/strict";
import { adminApp } from "../helpers/admin.ts";
import { expectError } from "../helpers/app.ts";
import { type ServerProcess, startServer } from "../helpers/server.ts";

/** The most a test sends, whatever the server does: enough to show nothing waits for the end. */
const SEND_AT_MOST = 64 * 1024 * 1024;
const CHUNK = new Uint8Array(64 * 1024).fill(0x61); // "aaaa…": one endless form value

interface Upload {
  status: number;
  /** The response body (the JSON error). */
  body: string;
  /** Body bytes written before the server answered or closed. */
  sent: number;
}

/**
 * POSTs an endless body over a raw connection, so nothing but the server decides when it
 * stops: `chunked`, or with a `Content-Length` of `declared` bytes it never finishes sending.
 * Body bytes are made as they are written and stop at the answer, at a closed connection, or
 * at `SEND_AT_MOST`.
 */
async function upload(
  server: ServerProcess,
  path: string,
  contentType: string,
  declared?: number,
  headers: Record<string, string> = {},
): Promise<Upload> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port: server.port });
  const framing = declared === undefined
    ? "Transfer-Encoding: chunked"
    : `Content-Length: ${declared}`;
  const head = `POST ${path} HTTP/1.1\r\nHost: localhost:${server.port}\r\n` +
    `Content-Type: ${contentType}\r\n${framing}\r\n` +
    Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`).join("") + "\r\n";
  const encoder = new TextEncoder();
  const answer = (async () => {
    let text = "";
    const decoder = new TextDecoder();
    const buf = new Uint8Array(16 * 1024);
    for (;;) {
      const n = await conn.read(buf).catch(() => null);
      if (n === null) break;
      text += decoder.decode(buf.subarray(0, n), { stream: true });
      const end = text.indexOf("\r\n\r\n");
      const length = /\r\ncontent-length: *(\d+)/i.exec(text.slice(0, end))?.[1];
      if (end >= 0 && length && text.length >= end + 4 + Number(length)) break;
    }
    return text;
  })();
  let answered = false;
  answer.finally(() => answered = true);
  let sent = 0;
  try {
    await conn.write(encoder.encode(head));
    const frame = declared === undefined
      ? new Uint8Array([
        ...encoder.encode(`${CHUNK.length.toString(16)}\r\n`),
        ...CHUNK,
        ...encoder.encode("\r\n"),
      ])
      : CHUNK;
    while (!answered && sent < SEND_AT_MOST) {
      // A server that stopped reading leaves the write pending: the answer ends the wait.
      const wrote = await Promise.race([
        conn.write(frame).then(() => true),
        answer.then(() => false),
      ]);
      if (!wrote) break;
      sent += CHUNK.length;
    }
  } catch {
    // Reset by the server: it stopped the upload. Its answer, if any, is in `answer`.
  }
  const text = await answer;
  conn.close();
  const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);
  return { status, body: text.slice(text.indexOf("\r\n\r\n") + 4), sent };
}

/** The pid of the Hearth process under `deno task start` (its wrapper is the child we hold). */
async function hearthPid(server: ServerProcess): Promise<number | undefined> {
  const walk = async (pid: number): Promise<number | undefined> => {
    const cmdline = await Deno.readTextFile(`/proc/${pid}/cmdline`).catch(() => "");
    if (cmdline.includes("hearth.js")) return pid;
    const children = await Deno.readTextFile(`/proc/${pid}/task/${pid}/children`).catch(() => "");
    for (const child of children.trim().split(/\s+/).filter(Boolean)) {
      const found = await walk(Number(child));
      if (found) return found;
    }
    return undefined;
  };
  return await walk(server.child.pid);
}

/** Peak and current resident memory of `pid` in MiB (Linux), or undefined elsewhere. */
async function memory(pid: number | undefined): Promise<{ peak: number; now: number } | undefined> {
  if (pid === undefined) return undefined;
  const status = await Deno.readTextFile(`/proc/${pid}/status`).catch(() => "");
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+)`, "m").exec(status)?.[1]);
  const peak = kb("VmHWM");
  return Number.isFinite(peak) ? { peak: peak / 1024, now: kb("VmRSS") / 1024 } : undefined;
}

async function assertAlive(server: ServerProcess): Promise<void> {
  const res = await fetch(`${server.url}/api/session`);
  assert.equal(res.status, 200, "the server still answers");
  await res.body?.cancel();
}

/** 413 naming `limit`, as JSON `body_too_large` or (the setup code form) on its page. */
function assertTooLarge(res: Upload, limit: string, what: string): void {
  assert.equal(res.status, 413, `${what}: ${res.body}`);
  if (res.body.startsWith("{")) assert.equal(JSON.parse(res.body).error.code, "body_too_large");
  assert.ok(res.body.includes(`The request body is larger than ${limit}.`), `${what}: ${res.body}`);
  assert.ok(res.sent < SEND_AT_MOST, `${what}: answered after ${res.sent} bytes, not at the end`);
}

Deno.test("bodies - endless form and JSON bodies are refused with 413 while they arrive, and Hearth lives on", async () => {
  // Setup mode: /locale, /setup/code and /api/setup/* answer without any login.
  await using server = await startServer({ setup: true });
  const pid = await hearthPid(server);
  const before = await memory(pid);
  const form = "application/x-www-form-urlencoded";
  for (const path of ["/locale", "/setup/code"]) {
    assertTooLarge(await upload(server, path, form), "16 kB", `${path} chunked`);
    // Declared too long: refused by the server-wide limit before the route reads a byte.
    assertTooLarge(await upload(server, path, form, 536_870_912), "64 kB", `${path} declared`);
  }
  const json = "application/json";
  const { token } = await (await fetch(`${server.url}/api/session`)).json();
  const session = { "X-Hearth-Session": token };
  assertTooLarge(
    await upload(server, "/api/setup/locale", json, undefined, session),
    "16 kB",
    "small JSON chunked",
  );
  assertTooLarge(
    await upload(server, "/api/setup/locale", json, 536_870_912, session),
    "10 MB",
    "small JSON declared",
  );
  await assertAlive(server);
  const after = await memory(pid);
  if (before && after) {
    console.log(
      `hearth RSS: ${before.now.toFixed(0)} MiB before, peak ${after.peak.toFixed(0)} MiB ` +
        `(was ${before.peak.toFixed(0)}), ${after.now.toFixed(0)} MiB after`,
    );
    assert.ok(after.peak - before.peak < 64, "the server buffered no upload");
  }
  assert.match(server.output(), /listening/);
  assert.doesNotMatch(server.output(), /panicked/);
});

Deno.test("bodies - JSON nested 100,000 deep is refused with 422 before it is parsed", async () => {
  await using app = await adminApp();
  const n = 100_000;
  const put = (body: string) =>
    app.admin("/api/admin/config", {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body,
    });
  // Deep objects once overflowed the stack of the code that walks a config patch (500).
  const objects = `{"server":${'{"a":'.repeat(n)}1${"}".repeat(n)}}`;
  const arrays = `{"server":${"[".repeat(n)}${"]".repeat(n)}}`;
  for (const body of [objects, arrays]) {
    const refused = await expectError(await put(body), 422, "json_too_deep");
    assert.match(refused.error.message, /64 levels/);
  }
  // Deep in a string is only text.
  const quoted = await put(JSON.stringify({ nope: objects }));
  assert.equal(quoted.status, 422);
  assert.notEqual((await quoted.json()).error.code, "json_too_deep");
});

Deno.test("bodies - routes read request bodies only through readJson and readForm", async () => {
  const direct =
    /\breq(?:\.raw)?\.(?:json|text|formData|arrayBuffer|blob|bytes|body)\b|parseBody\(/;
  const offenders: string[] = [];
  const walk = async (dir: string) => {
    for await (const entry of Deno.readDir(dir)) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory) await walk(path);
      else if (/\.tsx?$/.test(entry.name) && !/_test\.tsx?$/.test(entry.name)) {
        if (direct.test(await Deno.readTextFile(path))) offenders.push(path);
      }
    }
  };
  await walk(new URL("../../routes", import.meta.url).pathname);
  assert.deepEqual(offenders, [], "these read a body unbounded: use lib/http/validate.ts");
});
