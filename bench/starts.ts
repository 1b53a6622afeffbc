/**
 * Server CPU a reply's start costs (issue 12): bursts of 100 replies of 3 words started at once,
 * through Hearth and through the control that keeps the conversations (bench/upstream.ts
 * `Keeper`), one burst of each in turn, on the same fake. CPU is every thread's run time from
 * `/proc/<pid>/task/<thread>/schedstat` (nanoseconds, not the 10 ms ticks of `/proc/<pid>/stat`),
 * divided by the burst's replies. Not a target: the streaming rows of `bench/relay.ts` are decided
 * by this cost, and it moves less from run to run than they do, so it shows a change to a start
 * in a few minutes. Two builds compare by running it in turn with BENCH_SERVER_ENTRY naming each
 * one's `_build/hearth.js` (copied aside before the next `deno task build`).
 *
 * With `history`, each conversation starts with that many messages of 1,500 characters: the
 * starts of a long conversation, whose history is read as far back as the model's context could
 * reach (lib/chat/reply_reads.ts `pathTo`).
 *
 * `deno run -A bench/starts.ts [rounds = 5] [replies a burst = 100] [history = 0]`
 */
import { fmt, median } from "./harness.ts";
import { controlRelay, type Relay, rig, viaRelay } from "./stream_client.ts";

/** Nanoseconds of CPU every thread of `pid` has run so far. */
function cpuNs(pid: number): number {
  let ns = 0;
  for (const thread of Deno.readDirSync(`/proc/${pid}/task`)) {
    try {
      ns += Number(
        Deno.readTextFileSync(`/proc/${pid}/task/${thread.name}/schedstat`).split(" ")[0],
      );
    } catch {
      // The thread ended meanwhile.
    }
  }
  return ns;
}

/** Milliseconds of `pid`'s CPU a reply, over one burst of a reply in each conversation. */
async function burst(relay: Relay, pid: number, ids: string[]): Promise<number> {
  const before = cpuNs(pid);
  const reads = await Promise.all(ids.map((id) => viaRelay(relay, id, 3)));
  if (!reads.every((r) => r.ok)) throw new Error("a reply of the burst was incomplete");
  return (cpuNs(pid) - before) / 1e6 / ids.length;
}

/** Per round, Hearth's and the control's CPU a start (ms). */
export async function benchStarts(rounds = 5, replies = 100, history = 0): Promise<
  { hearth: number[]; control: number[] }
> {
  const r = await rig("stamp", 1000, replies, {}, { history });
  const keeper = await controlRelay(r.up, r.modelOf, true, true);
  try {
    const hearth: number[] = [];
    const control: number[] = [];
    // Two bursts each first: compiled code, kept connections and grown heaps on both sides.
    for (let i = 0; i < 2; i++) {
      await burst(r.h, r.h.pid, r.ids);
      await burst(keeper, keeper.pid, r.ids);
    }
    for (let i = 0; i < rounds; i++) {
      hearth.push(await burst(r.h, r.h.pid, r.ids));
      control.push(await burst(keeper, keeper.pid, r.ids));
    }
    return { hearth, control };
  } finally {
    await keeper.stop();
    await r.stop();
  }
}

if (import.meta.main) {
  const [rounds = 5, replies = 100, history = 0] = Deno.args.map(Number);
  const { hearth, control } = await benchStarts(rounds, replies, history);
  const row = (xs: number[]) =>
    `${xs.map((x) => fmt(x, 2)).join(" ")}; median ${fmt(median(xs), 2)}`;
  const long = history ? `, conversations of ${history} messages and more` : "";
  console.log(`server CPU a start, ms (bursts of ${replies}${long}):`);
  console.log(`  Hearth:                            ${row(hearth)}`);
  console.log(`  control keeping the conversations: ${row(control)}`);
}
