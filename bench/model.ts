/**
 * Benchmarks of the way to the model (issue 12): time to the first token through Hearth against
 * the same fake read directly (and through the control relay), the model queue's priorities, and
 * the loads a conversation with a title causes. Each figure has its control from the same run.
 */
import { startFakeOllama } from "../lib/ollama/fake_server.ts";
import { OllamaProvider } from "../lib/ai/ollama.ts";
import { ModelQueue } from "../lib/ai/queue.ts";
import { ROUTING_TTL_MS } from "../lib/ai/ollama_routing.ts";
import type { Priority } from "../lib/ai/types.ts";
import {
  fmt,
  median,
  percentile,
  runParts,
  sleep,
  startHearth,
  TABLE_HEADER,
  verdict,
} from "./harness.ts";
import { controlRelay, direct, type Read, type Relay, rig, viaRelay } from "./stream_client.ts";
import { replyText, wordsAsked } from "./upstream.ts";
import { benchStarts } from "./starts.ts";

const ms = (x: number) => fmt(x, 2);
const signed = (x: number) => `${x < 0 ? "" : "+"}${ms(x)}`;
const ttft = (r: Read) => {
  if (!r.ok || !r.tokens) throw new Error(`a stream was incomplete: ${JSON.stringify(r)}`);
  return r.first - r.start;
};

/**
 * Time to the first token, 1 stream and 10 started together: through Hearth's real HTTP path
 * (`POST /api/chat/stream` to its first `token` event), through the control relay (bare, and behind
 * Hearth's front door), and directly (`/api/chat` to its first NDJSON line), all on one warm fake,
 * one path after the other.
 */
async function firstToken(rounds = { one: 40, ten: 10 }): Promise<string[]> {
  const WORDS = 3;
  // 10 conversations for the replies started together, 1 for the single stream.
  const { up, h, ids, stop } = await rig("fixture", 50, 11);
  const control = await controlRelay(up);
  const fronted = await controlRelay(up, undefined, true);
  try {
    const together = ids.slice(0, 10);
    const one = ids[10];
    const paths: [string, (id: string) => Promise<Read>][] = [
      ["hearth", (id) => viaRelay(h, id, WORDS)],
      ["control", (id) => viaRelay(control as Relay, id, WORDS)],
      ["front", (id) => viaRelay(fronted as Relay, id, WORDS)],
      ["direct", () => direct(up, WORDS)],
    ];
    // Warm-up: JIT everywhere, the model loaded; then Hearth's routing listing (2 s) is renewed,
    // so it knows the model is loaded and sends no load request.
    for (const [, read] of paths) await Promise.all(together.map(read));
    await sleep(ROUTING_TTL_MS + 100);
    for (const [, read] of paths) await read(one);
    const single: Record<string, number[]> = { hearth: [], control: [], front: [], direct: [] };
    for (let i = 0; i < rounds.one; i++) {
      for (const [name, read] of paths) single[name].push(ttft(await read(one)));
    }
    const ten: Record<string, number[]> = { hearth: [], control: [], front: [], direct: [] };
    for (let i = 0; i < rounds.ten; i++) {
      for (const [name, read] of paths) {
        ten[name].push(...(await Promise.all(together.map(read))).map(ttft));
      }
    }
    const loads = await up.loads();
    const oneAdded = median(single.hearth) - median(single.direct);
    const oneControl = median(single.control) - median(single.direct);
    const p95 = (xs: number[]) => percentile(xs, 95);
    const tenAdded = p95(ten.hearth) - p95(ten.direct);
    const tenControl = p95(ten.control) - p95(ten.direct);
    return [
      `| 8. time to first token, 1 stream, ${rounds.one} runs: median, through Hearth (POST /api/chat/stream to the first token event) − direct (/api/chat to the first line: ${
        ms(median(single.direct))
      } ms) | ${ms(median(single.hearth))} ms (${
        signed(oneAdded)
      } ms) | control (bare Deno relay): ${ms(median(single.control))} ms (${
        signed(oneControl)
      } ms) | ${signed(oneAdded - oneControl)} ms | added ≤ 5 ms | ${verdict(oneAdded <= 5)} |`,
      `| 8. … 10 replies started together, ${rounds.ten} rounds: p95 − direct's p95 (${
        ms(p95(ten.direct))
      } ms) | ${ms(p95(ten.hearth))} ms (${signed(tenAdded)} ms) | control: ${
        ms(p95(ten.control))
      } ms (${signed(tenControl)} ms) | ${signed(tenAdded - tenControl)} ms | added ≤ 20 ms | ${
        verdict(tenAdded <= 20)
      } |`,
      `| 8. … control behind Hearth's front door (issue 11's deadlines and caps): 1 stream, median; 10 together, p95 | ${
        ms(median(single.front))
      } ms (${signed(median(single.front) - median(single.direct))} ms); ${
        ms(p95(ten.front))
      } ms (${signed(p95(ten.front) - p95(ten.direct))} ms) | | Hearth beyond it: ${
        signed(median(single.hearth) - median(single.front))
      }; ${signed(p95(ten.hearth) - p95(ten.front))} ms | | |`,
      `| 8. … Hearth's parallelism; the fake's model loads in the run | 11; ${loads} | | | 1 load | ${
        verdict(loads === 1)
      } |`,
    ];
  } finally {
    await control.stop();
    await fronted.stop();
    await stop();
  }
}

/** When one chat through the provider got its slot, its first token and its end. */
interface Timed {
  start: number;
  granted: number;
  first: number;
  end: number;
}

/**
 * The model queue at parallelism 1: 5 background chats of about 1 s each queued, then a reply
 * (`interactive`, from a person) once the first of them has run a while. The reply should wait
 * for that one only. The control is the same reply at `background` from the jobs' own owner:
 * first come, first served, as Ollama's own queue serves it.
 */
async function queueWait(jobMs = 1_000): Promise<string[]> {
  const TPS = 20;
  const words = Math.round((jobMs / 1000) * TPS);
  const model = "llama3.2:latest";
  const fake = await startFakeOllama({
    tokensPerSecond: TPS,
    numParallel: 1,
    reply: (body) => replyText(wordsAsked(body)),
  });
  try {
    const provider = new OllamaProvider({ hosts: [fake.url], queue: new ModelQueue(() => 1) });
    const chat = async (n: number, priority: Priority, owner: string): Promise<Timed> => {
      const t: Timed = { start: performance.now(), granted: 0, first: 0, end: 0 };
      const messages = [{ role: "user" as const, content: `words=${n}` }];
      for await (const e of provider.chat({ model, messages, options: {} }, { priority, owner })) {
        if (e.type === "wait" && e.state !== "queued") t.granted ||= performance.now();
        if (e.type === "token") t.first ||= performance.now();
      }
      t.end = performance.now();
      return t;
    };
    await chat(1, "interactive", "warm-up");
    const scenario = async (priority: Priority, owner: string) => {
      const jobs = Array.from({ length: 5 }, () => chat(words, "background", "briefings"));
      // Once the first job streams, a while into it, a person sends a message.
      while (fake.running(model) === 0) await sleep(5);
      await sleep(jobMs * 0.3);
      const reply = await chat(5, priority, owner);
      const done = await Promise.all(jobs);
      const running = done.reduce((a, b) => (a.granted < b.granted ? a : b));
      const before = done.filter((j) => j.granted < reply.granted).length;
      return {
        wait: reply.granted - reply.start,
        remaining: running.end - reply.start,
        before,
        firstToken: reply.first - reply.start,
      };
    };
    const fair = await scenario("interactive", "alice");
    const fifo = await scenario("background", "briefings");
    const beyond = fair.wait - fair.remaining;
    const ok = fair.before === 1 && beyond <= 20;
    return [
      `| 9. parallelism 1, 5 background chats of ~${
        fmt(jobMs / 1000, 1)
      } s queued, then a reply: its wait for a slot vs what the running job had left | ${
        fmt(fair.wait, 0)
      } ms vs ${fmt(fair.remaining, 0)} ms (${signed(beyond)} ms); ${fair.before} job${
        fair.before === 1 ? "" : "s"
      } served first; first token after ${
        fmt(fair.firstToken, 0)
      } ms | control, the reply first come, first served (Ollama's own order): ${
        fmt(fifo.wait, 0)
      } ms; ${fifo.before} jobs first | ${
        fmt(fifo.wait / fair.wait, 1)
      }× shorter | the one running job only | ${verdict(ok)} |`,
    ];
  } finally {
    await fake.close();
  }
}

/**
 * A 10-turn conversation through a real Hearth (parallelism 1, as Ollama's default) on a fake
 * that counts loads: the first message, its title (asked after the reply, at `title`
 * priority), then 9 more. Every request should run on the one load.
 */
async function reloads(model: string): Promise<string[]> {
  const fake = await startFakeOllama({ tokensPerSecond: 200, loadMs: 200, titles: true });
  const h = await startHearth({ HEARTH_OLLAMA_URL: fake.url });
  try {
    const send = async (content: string, conversationId?: string) => {
      const res = await fetch(`${h.url}/api/chat/stream`, {
        method: "POST",
        headers: { ...h.headers, "content-type": "application/json" },
        body: JSON.stringify({ content, ...(conversationId ? { conversationId } : { model }) }),
      });
      const text = await res.text();
      if (!res.ok || !text.includes("event: done")) {
        throw new Error(`turn failed: ${res.status} ${text.slice(-300)}`);
      }
      return /"conversationId":"([^"]+)"/.exec(text)![1];
    };
    const id = await send("How long do I boil an egg for a soft yolk?");
    const start = performance.now();
    let title = "";
    while (!title) {
      if (performance.now() - start > 30_000) throw new Error("no title after 30 s");
      await sleep(20);
      const res = await fetch(`${h.url}/api/conversations/${id}`, { headers: h.headers });
      title = (await res.json()).title ?? "";
    }
    for (let turn = 2; turn <= 10; turn++) await send(`And question number ${turn}?`, id);
    const chats = fake.requests.filter((r) => r.path === "/api/chat");
    const titles = chats.filter((r) => JSON.stringify(r.body).includes("Write a title")).length;
    const loadRequests = chats.filter((r) => (r.body?.messages as unknown[])?.length === 0).length;
    const sizes = [...new Set(fake.loadLog.map((l) => l.numCtx))].join(", ");
    const loads = fake.loads();
    return [
      `| 10. 10-turn conversation with its title through Hearth, ${model}: model loads (num_ctx) | ${loads} (${sizes}); ${
        loads - 1
      } reloads | ${chats.length} chat requests: 10 replies, ${titles} title, ${loadRequests} load request${
        loadRequests === 1 ? "" : "s"
      } | | 1 load, 0 reloads | ${verdict(loads === 1)} |`,
    ];
  } finally {
    await h.stop();
    await fake.close();
  }
}

/**
 * What the idle collection (lib/system/idle_gc.ts) costs the next reply: it drops compiled code,
 * which that reply's path compiles again. First token after 35 s of quiet (the collection ran)
 * against 0.3 s after the last reply, alternating.
 */
async function firstAfterQuiet(rounds = 3): Promise<string[]> {
  const { h, ids, stop } = await rig("fixture", 50, 1);
  try {
    for (let i = 0; i < 5; i++) await viaRelay(h, ids[0], 3);
    const quiet: number[] = [];
    const busy: number[] = [];
    for (let i = 0; i < rounds; i++) {
      await sleep(35_000);
      quiet.push(ttft(await viaRelay(h, ids[0], 3)));
      await sleep(300);
      busy.push(ttft(await viaRelay(h, ids[0], 3)));
    }
    return [
      `| 11. first token after 35 s of quiet (the idle collection ran), ${rounds} rounds: median | ${
        ms(median(quiet))
      } ms (${quiet.map(ms).join(", ")}) | 0.3 s after the last reply: ${ms(median(busy))} ms | ${
        signed(median(quiet) - median(busy))
      } ms | | |`,
    ];
  } finally {
    await stop();
  }
}

/**
 * A start's server CPU (bench/starts.ts): bursts of 100 replies in new conversations and in
 * conversations of 300 messages of 1,500 characters, whose history is read only as far back as
 * the model's context could reach; each against the control that keeps the conversations (which
 * reads no history) in the same bursts. Not a target: it shows what the streaming rows are made of,
 * and how much more a long conversation's start costs (its ~19 rows of text: 0.4–0.5 ms when this
 * row came, ~2.2 ms before the history read stopped at the context).
 */
async function starts(rounds = 5): Promise<string[]> {
  const row = async (history: number, what: string) => {
    const { hearth, control } = await benchStarts(rounds, 100, history);
    return `| 12. server CPU a start, bursts of 100, ${what}, ${rounds} rounds: median (range) | ${
      ms(median(hearth))
    } ms (${ms(Math.min(...hearth))}–${
      ms(Math.max(...hearth))
    }) | control that keeps the conversations: ${ms(median(control))} ms | ×${
      fmt(median(hearth) / median(control), 1)
    } | | |`;
  };
  return [await row(0, "new conversations"), await row(300, "conversations of 300 messages")];
}

/** Runs the model benchmarks; returns Markdown table rows (see `TABLE_HEADER`). */
export async function benchModel(only = ["8", "9", "10", "11", "12"]): Promise<string[]> {
  const parts: [string, () => Promise<string[]>][] = [
    ["8. first token", () => firstToken()],
    ["9. queue", () => queueWait()],
    ["10. reloads (qwen2.5:0.5b)", () => reloads("qwen2.5:0.5b")],
    ["10. reloads (qwen3:0.6b)", () => reloads("qwen3:0.6b")],
    ["11. after quiet", () => firstAfterQuiet()],
    ["12. starts", () => starts()],
  ];
  return await runParts(parts.filter(([name]) => only.includes(name.split(".")[0])));
}

// `deno run -A bench/model.ts [8] [9] [10] [11] [12]` runs some of them alone.
if (import.meta.main) {
  const rows = await benchModel(Deno.args.length ? Deno.args : undefined);
  console.log([...TABLE_HEADER, ...rows].join("\n"));
}
