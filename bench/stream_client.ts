/**
 * The measuring client of the streaming benchmarks: one reply through Hearth (or the control
 * relay) as SSE, or the same reply from the fake directly as NDJSON, timed per stream and,
 * when asked, per token.
 */
import type { Db } from "../lib/db/mod.ts";
import { newId } from "../lib/db/ids.ts";
import { indexPending } from "../lib/db/search_later.ts";
import { type Hearth, startHearth } from "./harness.ts";
import { epochMs, KEEPER_SESSION, startUpstream, type Upstream } from "./upstream.ts";
import type { GcLog } from "./gc_log.ts";

/** One stream as the client saw it (`performance.now()` ms). */
export interface Read {
  start: number;
  first: number;
  end: number;
  tokens: number;
  ok: boolean;
}

/** Called with each token event's text (one or more tokens) and its arrival time (epoch ms). */
export type OnToken = (text: string, arrival: number) => void;

/** Something that answers `POST /api/chat/stream` `{conversationId, content}` with SSE. */
export interface Relay {
  url: string;
  headers: Record<string, string>;
  /** The model to name in the request (the control relay; Hearth knows the conversation's). */
  modelOf?: (conversationId: string) => string;
}

/** A fake, a Hearth on it, and titled conversations (so no title request follows a reply). */
export interface Rig {
  up: Upstream;
  h: Hearth;
  ids: string[];
  /** The model of a conversation (the one a direct read of the same stream must ask for). */
  modelOf(conversationId: string): string;
  stop(): Promise<void>;
}

/** Most requests of one model Hearth's queue runs at once (`ollama.parallel`'s maximum). */
export const MAX_PARALLEL = 64;

/** Reads an SSE (relay) or NDJSON (Ollama) body to its end, counting or parsing tokens. */
async function consume(
  res: Response,
  kind: "sse" | "ndjson",
  start: number,
  onToken?: OnToken,
): Promise<Read> {
  const read: Read = { start, first: 0, end: 0, tokens: 0, ok: false };
  if (!res.ok || !res.body) {
    await res.body?.cancel();
    return read;
  }
  const sep = kind === "sse" ? "\n\n" : "\n";
  const decoder = new TextDecoder();
  let carry = "";
  let last = "";
  // A BYOB reader: Deno's default reader allocates 64 KiB per read, which would make this
  // client, not what it measures, the bottleneck (see lib/ollama/ndjson.ts).
  const reader = res.body.getReader({ mode: "byob" });
  let buffer = new Uint8Array(64 * 1024);
  while (true) {
    const { value: bytes, done } = await reader.read(buffer);
    if (done || !bytes) break;
    buffer = new Uint8Array(bytes.buffer);
    const now = performance.now();
    const text = carry + decoder.decode(bytes, { stream: true });
    const cut = text.lastIndexOf(sep);
    if (cut < 0) {
      carry = text;
      continue;
    }
    carry = text.slice(cut + sep.length);
    const arrival = onToken ? epochMs() : 0;
    for (const item of text.slice(0, cut).split(sep)) {
      if (!item) continue;
      last = item;
      let token: string | undefined;
      let count = 1;
      if (kind === "sse") {
        if (!item.includes("\nevent: token\n")) continue;
        // Tokens that reached Hearth together arrive as one event with their `count`.
        if (onToken || item.includes('"count":')) {
          const data = JSON.parse(item.slice(item.indexOf("\ndata: ") + 7));
          token = data.text;
          count = data.count ?? 1;
        }
      } else {
        if (item.includes('"done":true')) continue;
        if (onToken) token = JSON.parse(item).message?.content;
      }
      if (read.tokens === 0) read.first = now;
      read.tokens += count;
      if (onToken && token !== undefined) onToken(token, arrival);
    }
  }
  read.end = performance.now();
  read.ok = kind === "sse" ? last.endsWith("data: [DONE]") : last.includes('"done":true');
  return read;
}

/** One reply of `words` tokens through `POST /api/chat/stream`. */
export async function viaRelay(
  relay: Relay,
  conversationId: string,
  words: number,
  onToken?: OnToken,
): Promise<Read> {
  const start = performance.now();
  const res = await fetch(`${relay.url}/api/chat/stream`, {
    method: "POST",
    headers: { ...relay.headers, "content-type": "application/json" },
    body: JSON.stringify({
      conversationId,
      content: `words=${words}`,
      ...(relay.modelOf && { model: relay.modelOf(conversationId) }),
    }),
  });
  return await consume(res, "sse", start, onToken);
}

/**
 * The same reply read from the fake's `/api/chat` directly. It sends the runner options Hearth
 * sends for the bench models (none: neither the catalogue nor the model sets `num_ctx`), so both
 * paths share one loaded model and neither makes the fake reload it.
 */
export async function direct(
  up: Upstream,
  words: number,
  onToken?: OnToken,
  model = up.model,
): Promise<Read> {
  const start = performance.now();
  const res = await fetch(`${up.url}/api/chat`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      model,
      messages: [{ role: "user", content: `words=${words}` }],
      stream: true,
    }),
  });
  return await consume(res, "ndjson", start, onToken);
}

/**
 * `n` titled conversations, inserted before the server opens the database, each with `history`
 * messages of 1,500 characters before its first reply (a long conversation's starts).
 */
function seedConversations(n: number, models: string[], ids: string[], history = 0) {
  return (db: Db, profileId: string) => {
    const at = new Date().toISOString();
    const insert = db.raw.prepare(
      "INSERT INTO conversations (id, profile_id, title, model, system_prompt, created_at, " +
        "updated_at) VALUES (?, ?, ?, ?, '', ?, ?)",
    );
    const message = db.raw.prepare(
      "INSERT INTO messages (id, conversation_id, profile_id, seq, parent_id, role, content, " +
        "status, meta, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'complete', '{}', ?, ?)",
    );
    const leaf = db.raw.prepare("UPDATE conversations SET leaf_id = ? WHERE id = ?");
    const text = "All work and no play makes a long conversation. ".repeat(32).slice(0, 1500);
    db.raw.exec("BEGIN");
    for (let i = 0; i < n; i++) {
      const id = newId();
      insert.run(id, profileId, `Bench ${i}`, models[i % models.length], at, at);
      let parent: string | null = null;
      for (let seq = 1; seq <= history; seq++) {
        const mid = newId();
        const role = seq % 2 ? "user" : "assistant";
        message.run(mid, id, profileId, seq, parent, role, text, at, at);
        parent = mid;
      }
      if (parent) leaf.run(parent, id);
      ids.push(id);
    }
    db.raw.exec("COMMIT");
    // Indexed for search now, not by the server while it is measured.
    if (history) indexPending(db.raw);
    return Promise.resolve();
  };
}

/**
 * Starts a fake and a Hearth on it with `conversations` titled conversations, each of which
 * streams one reply, all at once: Hearth's queue (`HEARTH_OLLAMA_PARALLEL`) runs as many
 * requests of a model at once as it has conversations, and the fake (`numParallel`) twice as
 * many, for the same number of direct reads alongside. Past `MAX_PARALLEL` the conversations take
 * turns over several copies of the model, none with more than `MAX_PARALLEL`, so no request
 * waits in either queue.
 */
export async function rig(
  kind: "fixture" | "stamp",
  tokensPerSecond: number,
  conversations: number,
  env: Record<string, string> = {},
  /**
   * `gcTrace`: Hearth reports its collections (`Hearth.gc`); `history`: messages each
   * conversation has before its first reply.
   */
  options: { gcTrace?: boolean; history?: number } = {},
): Promise<Rig> {
  const copies = Math.ceil(conversations / MAX_PARALLEL);
  const parallel = Math.ceil(conversations / copies);
  const up = await startUpstream({
    kind,
    tokensPerSecond,
    parallel: 2 * parallel,
    ...(copies > 1 && { models: copies }),
  });
  const ids: string[] = [];
  try {
    const h = await startHearth(
      { HEARTH_OLLAMA_URL: up.url, HEARTH_OLLAMA_PARALLEL: String(parallel), ...env },
      seedConversations(conversations, up.models, ids, options.history),
      { gcTrace: options.gcTrace },
    );
    const models = new Map(ids.map((id, i) => [id, up.models[i % up.models.length]]));
    return {
      up,
      h,
      ids,
      modelOf: (id) => models.get(id) ?? up.model,
      async stop() {
        await h.stop();
        await up.stop();
      },
    };
  } catch (err) {
    await up.stop();
    throw err;
  }
}

/** The control relay in front of `up`, as a `Relay` (`modelOf`: a rig's, for several models). */
export async function controlRelay(
  up: Upstream,
  modelOf?: (conversationId: string) => string,
  /** Behind Hearth's front door (`lib/http/front.ts`). */
  front = false,
  /** Keeping the conversations (bench/upstream.ts `Keeper`). */
  store = false,
  /** The relay reports its collections (`gc`). */
  gcTrace = false,
): Promise<Relay & { pid: number; gc?: GcLog; stop(): Promise<void> }> {
  const control = await startUpstream({
    kind: "relay",
    upstream: up.url,
    model: up.model,
    front,
    store,
    gcTrace,
  });
  const headers: Record<string, string> = store ? { "x-hearth-session": KEEPER_SESSION } : {};
  return {
    url: control.url,
    headers,
    modelOf,
    pid: control.pid,
    ...(control.gc && { gc: control.gc }),
    stop: control.stop,
  };
}

/** Tokens per second of a read, start of request to last byte. */
export function rate(r: Read): number {
  return r.tokens / ((r.end - r.start) / 1000);
}
