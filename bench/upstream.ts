/**
 * The fake upstreams of the streaming benchmarks, each in its own process so its work never
 * shares an event loop with Hearth or with the measuring client:
 *
 * - `fixture`: the Fake Ollama (`lib/ollama/fake_server.ts`, model `llama3.2:latest`) at
 *   `tokensPerSecond` (0 = as fast as it can), its reply's lines built in advance.
 * - `stamp`: the same Fake Ollama (model `bench:latest`) with a live reply: every token is its
 *   send time (epoch ms, `performance.timeOrigin + performance.now()`), made as it is sent, on the
 *   fake's drift-free schedule of exactly `tokensPerSecond`, so a reader computes arrival − send.
 *
 * Both answer a chat whose last message says `words=N` with N tokens, a title request with two
 * words. They run `parallel` requests of one model at once (Ollama's `OLLAMA_NUM_PARALLEL`;
 * default 1), so a benchmark of N streams gives them N and measures streaming, not the fake's
 * queue. With `models: n` they install n copies of their model (`bench-0:latest`…), so a
 * benchmark can spread more streams than one model line of Hearth's queue holds (its parallelism
 * is at most 64) over several. Run as a script it prints `UPSTREAM <url> <stats url>` and serves
 * until killed; the stats URL answers the fake's loads so far (`{"loads": n}`).
 *
 * - `relay`: the control: the least a Deno relay can do (fetch the fake's NDJSON with a BYOB
 *   reader, write one SSE event per line, pull-based), answering `POST /api/chat/stream` like
 *   Hearth. What it costs is the platform's share; what Hearth costs beyond it is Hearth's. With
 *   `front`, the same relay behind Hearth's front door (`lib/http/front.ts`, the connection
 *   deadlines and caps issue 11 asked for, which `Deno.serve` lacks): the share of that. With
 *   `store`, the least a relay that keeps conversations must add (`Keeper`): a session looked up,
 *   the user's message and the reply's place stored before the model is asked, the reply stored
 *   when it ends; the share of keeping them.
 * - `floor`: Deno's HTTP server alone answering `POST /api/chat/stream` with the same SSE events,
 *   made in process at `tokensPerSecond`: no upstream, no parsing, no database. No relay on
 *   `Deno.serve` can hold streams for less.
 */
import { FAKE_INSTALLED } from "../lib/ollama/fake_catalogue.ts";
import { startFakeOllama } from "../lib/ollama/fake_server.ts";
import { serveFront } from "../lib/http/front.ts";
import { DatabaseSync, type StatementSync } from "node:sqlite";
import { FRONT_LIMITS } from "../lib/http/front_limits.ts";
import { GcLog } from "./gc_log.ts";

/** Which fake, how fast; or (`relay`) the control relay in front of `upstream`. */
export type UpstreamOptions =
  | {
    kind: "fixture" | "stamp";
    tokensPerSecond: number;
    parallel?: number;
    models?: number;
    /** `/api/embed`'s reading speed in words per second (unset: at once). */
    embedTokensPerSecond?: number;
  }
  | {
    kind: "relay";
    upstream: string;
    model: string;
    front?: boolean;
    store?: boolean;
    /** Where a storing relay keeps its database (`startUpstream` makes and removes it). */
    dir?: string;
    /** V8 reports each collection (`Upstream.gc`). */
    gcTrace?: boolean;
  }
  | { kind: "floor"; tokensPerSecond: number };

/** A running upstream process. */
export interface Upstream {
  url: string;
  pid: number;
  /** The model it serves (the first, when it serves several copies). */
  model: string;
  /** Every model it serves (fakes with `models: n`: n copies). */
  models: string[];
  /** How many times the fake loaded a model so far, reloads included (0 for the others). */
  loads(): Promise<number>;
  /** A relay's young-generation collections, when started with `gcTrace`. */
  gc?: GcLog;
  stop(): Promise<void>;
}

/** Models of the two fakes. */
export const MODELS = { fixture: "llama3.2:latest", stamp: "bench:latest" } as const;

/** The models a fake serves: its own, or `n` copies of it under other names. */
export function modelNames(kind: "fixture" | "stamp", n = 1): string[] {
  if (n <= 1) return [MODELS[kind]];
  const base = MODELS[kind].replace(/:.*/, "");
  return Array.from({ length: n }, (_, i) => `${base}-${i}:latest`);
}

const VOCAB = ("the a model answer question household recipe garden weather train ticket " +
  "reminder because however quickly tomorrow evening kitchen library photo music school " +
  "doctor invoice holiday mountain river bicycle battery printer password calendar").split(" ");

/** The last message's text of an Ollama chat body. */
function lastContent(body: Record<string, unknown>): string {
  const messages = Array.isArray(body.messages) ? body.messages : [];
  const last = messages.at(-1) as { content?: unknown } | undefined;
  return typeof last?.content === "string" ? last.content : "";
}

/** How many tokens a request asks for (`words=N`; a title request gets 2). */
export function wordsAsked(body: Record<string, unknown>): number {
  const text = lastContent(body);
  if (text.startsWith("Write a title")) return 2;
  return Math.min(Number(/words=(\d+)/.exec(text)?.[1] ?? 20), 1_000_000);
}

/** N words of reply text (one fake token each). */
export function replyText(words: number): string {
  let text = "";
  for (let i = 0; i < words; i++) text += VOCAB[(i * 7) % VOCAB.length] + " ";
  return text;
}

/** Epoch milliseconds with sub-millisecond precision. */
export function epochMs(): number {
  return performance.timeOrigin + performance.now();
}

/** The session a storing control relay accepts (`X-Hearth-Session`). */
export const KEEPER_SESSION = "bench-session";

/**
 * What a relay that keeps conversations cannot do without, in SQLite as Hearth keeps them (WAL,
 * `synchronous = NORMAL`, prepared statements, no query builder): a session read; one
 * transaction that stores the user's message and the reply's `streaming` row; the history read;
 * one statement that stores the finished reply.
 */
class Keeper {
  readonly #db: DatabaseSync;
  readonly #session: StatementSync;
  readonly #conversation: StatementSync;
  readonly #seq: StatementSync;
  readonly #insert: StatementSync;
  readonly #history: StatementSync;
  readonly #finish: StatementSync;
  #n = 0;

  constructor(path: string) {
    const db = this.#db = new DatabaseSync(path);
    db.exec(`PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;
      CREATE TABLE sessions (token TEXT PRIMARY KEY, profile_id TEXT NOT NULL) STRICT;
      CREATE TABLE conversations (id TEXT PRIMARY KEY, profile_id TEXT NOT NULL,
        updated_at TEXT NOT NULL) STRICT;
      CREATE TABLE messages (id TEXT PRIMARY KEY, conversation_id TEXT NOT NULL,
        profile_id TEXT NOT NULL, seq INTEGER NOT NULL, role TEXT NOT NULL, content TEXT NOT NULL,
        status TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
        UNIQUE (conversation_id, seq)) STRICT;`);
    db.prepare("INSERT INTO sessions VALUES (?, 'p')").run(KEEPER_SESSION);
    this.#session = db.prepare("SELECT profile_id FROM sessions WHERE token = ?");
    // Conversations are made on first use; Hearth's exist already and are read instead.
    this.#conversation = db.prepare(
      "INSERT INTO conversations VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET " +
        "updated_at = excluded.updated_at WHERE profile_id = excluded.profile_id",
    );
    this.#seq = db.prepare(
      "SELECT coalesce(max(seq), 0) AS seq FROM messages WHERE conversation_id = ?",
    );
    this.#insert = db.prepare("INSERT INTO messages VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    this.#history = db.prepare(
      "SELECT role, content FROM messages WHERE conversation_id = ? AND status = 'complete' " +
        "ORDER BY seq DESC LIMIT 20",
    );
    this.#finish = db.prepare(
      "UPDATE messages SET content = ?, status = 'complete', updated_at = ? WHERE id = ?",
    );
  }

  /** The reply's id and the history to send, or null for an unknown session. */
  start(session: string | null, conversationId: string, content: string) {
    const row = this.#session.get(session) as { profile_id: string } | undefined;
    if (!row) return null;
    const at = new Date().toISOString();
    const id = `m${this.#n++}`;
    this.#db.exec("BEGIN IMMEDIATE");
    try {
      this.#conversation.run(conversationId, row.profile_id, at);
      const { seq } = this.#seq.get(conversationId) as { seq: number };
      // The user's message, then the reply's place: [id, seq, role, content, status].
      const rows = [
        [`m${this.#n++}`, seq + 1, "user", content, "complete"],
        [id, seq + 2, "assistant", "", "streaming"],
      ] as const;
      for (const [rowId, rowSeq, role, text, status] of rows) {
        this.#insert.run(rowId, conversationId, row.profile_id, rowSeq, role, text, status, at, at);
      }
      this.#db.exec("COMMIT");
    } catch (err) {
      this.#db.exec("ROLLBACK");
      throw err;
    }
    const history = (this.#history.all(conversationId) as { role: string; content: string }[])
      .reverse();
    return { id, history };
  }

  finish(id: string, content: string) {
    this.#finish.run(content, new Date().toISOString(), id);
  }
}

async function controlRelay(
  upstream: string,
  model: string,
  front: boolean,
  /** A storing relay's directory. */
  dir: string | undefined,
): Promise<string> {
  const encoder = new TextEncoder();
  const keeper = dir ? new Keeper(`${dir}/keeper.db`) : null;
  const handler = async (req: Request) => {
    const { content, model: asked, conversationId } = await req.json();
    const kept = keeper?.start(req.headers.get("x-hearth-session"), conversationId, content);
    if (keeper && !kept) return new Response(null, { status: 401 });
    let reply = "";
    const res = await fetch(`${upstream}/api/chat`, {
      method: "POST",
      body: JSON.stringify({
        model: asked ?? model,
        messages: kept ? kept.history : [{ role: "user", content }],
        stream: true,
      }),
    });
    const reader = res.body!.getReader({ mode: "byob" });
    const decoder = new TextDecoder();
    let buffer = new Uint8Array(8192);
    let carry = "";
    let id = 0;
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        while (true) {
          const { value, done } = await reader.read(buffer);
          if (done || !value) {
            if (kept) keeper!.finish(kept.id, reply);
            controller.enqueue(encoder.encode(`id: ${id}\ndata: [DONE]\n\n`));
            return controller.close();
          }
          buffer = new Uint8Array(value.buffer);
          const text = carry + decoder.decode(value, { stream: true });
          const cut = text.lastIndexOf("\n");
          carry = text.slice(cut + 1);
          if (cut < 0) continue;
          let out = "";
          for (const line of text.slice(0, cut).split("\n")) {
            const msg = JSON.parse(line);
            if (kept && !msg.done) reply += msg.message.content;
            const data = msg.done ? "{}" : JSON.stringify({ text: msg.message.content });
            out += `id: ${id++}\nevent: ${msg.done ? "done" : "token"}\ndata: ${data}\n\n`;
          }
          return controller.enqueue(encoder.encode(out));
        }
      },
      cancel: () => reader.cancel(),
    }, { highWaterMark: 0 });
    return new Response(body, { headers: { "content-type": "text/event-stream" } });
  };
  const { port } = front
    // Hearth's limits, but for the one address every benchmark stream comes from (as
    // `HEARTH_CONNECTIONS_PER_CLIENT` lifts Hearth's in the 1,000-streams row).
    ? (await serveFront({
      hostname: "127.0.0.1",
      port: 0,
      handler,
      limits: { maxActivePerAddress: FRONT_LIMITS.maxActive },
    })).addr
    : Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, handler).addr;
  return `http://127.0.0.1:${port}`;
}

function floorServer(tokensPerSecond: number): string {
  const encoder = new TextEncoder();
  const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, async (req) => {
    const words = wordsAsked({ messages: [await req.json()] });
    let id = 0;
    let timer: ReturnType<typeof setInterval>;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        timer = setInterval(() => {
          if (id === words) {
            clearInterval(timer);
            controller.enqueue(encoder.encode(`id: ${id}\ndata: [DONE]\n\n`));
            return controller.close();
          }
          controller.enqueue(encoder.encode(`id: ${id++}\nevent: token\ndata: {"text":"w "}\n\n`));
        }, 1000 / tokensPerSecond);
      },
      cancel: () => clearInterval(timer),
    });
    return new Response(body, { headers: { "content-type": "text/event-stream" } });
  });
  return `http://127.0.0.1:${server.addr.port}`;
}

/** Starts an upstream in a child process; resolves once it listens. */
export async function startUpstream(opts: UpstreamOptions): Promise<Upstream> {
  const models = opts.kind === "relay"
    ? [opts.model]
    : opts.kind === "floor"
    ? [""]
    : modelNames(opts.kind, opts.models);
  const dir = opts.kind === "relay" && opts.store
    ? await Deno.makeTempDir({ prefix: "hearth-keeper-" })
    : undefined;
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      ...(opts.kind === "relay" && opts.gcTrace ? ["--v8-flags=--trace-gc-nvp"] : []),
      new URL(import.meta.url).pathname,
      JSON.stringify({ ...opts, dir }),
    ],
    stdin: "null",
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  while (!/UPSTREAM (\S+) (\S+)\n/.test(text)) {
    const { value, done } = await reader.read();
    if (done) {
      if (dir) await Deno.remove(dir, { recursive: true });
      throw new Error(`upstream exited: ${text}`);
    }
    text += value;
  }
  const [, url, stats] = /UPSTREAM (\S+) (\S+)\n/.exec(text)!;
  // Keep draining stdout so the child never blocks on a full pipe; a traced relay's collections.
  const gc = opts.kind === "relay" && opts.gcTrace ? new GcLog() : undefined;
  gc?.feed(text);
  const drain = (async () => {
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      gc?.feed(read.value);
    }
  })();
  return {
    url,
    pid: child.pid,
    model: models[0],
    models,
    ...(gc && { gc }),
    async loads() {
      return (await (await fetch(stats)).json()).loads;
    },
    async stop() {
      try {
        child.kill("SIGKILL");
      } catch { /* already gone */ }
      await child.status;
      await drain.catch(() => {});
      if (dir) await Deno.remove(dir, { recursive: true });
    },
  };
}

if (import.meta.main) {
  const opts = JSON.parse(Deno.args[0]) as UpstreamOptions;
  let url: string;
  let loads = () => 0;
  if (opts.kind === "relay") {
    url = await controlRelay(opts.upstream, opts.model, !!opts.front, opts.dir);
  } else if (opts.kind === "floor") url = floorServer(opts.tokensPerSecond);
  else {
    const names = modelNames(opts.kind, opts.models);
    const fake = await startFakeOllama({
      tokensPerSecond: opts.tokensPerSecond,
      numParallel: opts.parallel,
      embedTokensPerSecond: opts.embedTokensPerSecond,
      ...(opts.kind === "stamp"
        ? {
          models: names.map((name) => ({ ...FAKE_INSTALLED[0], name })),
          reply: (body) => ({
            live: { tokens: wordsAsked(body), text: () => `${epochMs().toFixed(3)} ` },
          }),
        }
        : {
          ...(names.length > 1 && {
            models: [...FAKE_INSTALLED, ...names.map((name) => ({ ...FAKE_INSTALLED[0], name }))],
          }),
          reply: (body) => replyText(wordsAsked(body)),
        }),
    });
    url = fake.url;
    loads = () => fake.loads();
  }
  const stats = Deno.serve(
    { port: 0, hostname: "127.0.0.1", onListen() {} },
    () => Response.json({ loads: loads() }),
  );
  console.log(`UPSTREAM ${url} http://127.0.0.1:${stats.addr.port}`);
}
