/**
 * The model queue: one line per Ollama host and model, sized to the host's parallelism, so that
 * Hearth, not Ollama, decides who goes next. Ollama serves a model's requests first come, first
 * served (`OLLAMA_NUM_PARALLEL` at once, default 1), so a title or a batch of embeddings that
 * reached it first makes a person wait. Here a request waits in Hearth until a slot is free, and
 * the next slot goes to:
 *
 * 1. the most urgent priority: a person waiting for a reply (`interactive`), then titles and
 *    summaries (`title`), then work nobody watches (`background`); so background work delays a
 *    reply by at most the requests already running;
 * 2. within a priority, the owner (a profile) with the fewest requests running, so one person's
 *    five gem runs do not queue another person's reply behind all of them;
 * 3. then arrival order.
 *
 * Waiting here costs no upstream connection and no deadline: the first-token deadline starts when
 * the request goes to Ollama. Every waiter learns how many requests are ahead of it.
 */
import { HttpError } from "../http/errors.ts";
import { modelKey } from "../ollama/modelfile.ts";
import type { Priority } from "./types.ts";

const RANK: Record<Priority, number> = { interactive: 0, title: 1, background: 2 };

/**
 * Most requests one line holds waiting; past it a request is refused (503 `model_busy`). Replies
 * are capped long before (the task registry), so only a flood of background work reaches it.
 */
export const MAX_WAITING = 256;

/** A preemptible request that was told to stop (it leaves when its caller sees it). */
const stopped = (e: Entry) => e.preempt?.signal.aborted === true;

/** One request in a line, as the admin sees it. */
export interface QueueEntryView {
  priority: Priority;
  /** Whose request it is (a profile id), when known. */
  owner?: string;
  /** What it is for (`chat`, `title`, `embed`…). */
  label?: string;
  /** Milliseconds since it entered the line (waiting) or got its slot (running). */
  forMs: number;
}

/** One line: a host and model, its slots, and who is in it. */
export interface QueueLineView {
  host: string;
  model: string;
  parallel: number;
  running: QueueEntryView[];
  /** In the order they will be served. */
  waiting: QueueEntryView[];
}

/** How a request enters a line. */
export interface EnterOptions {
  priority?: Priority;
  owner?: string;
  label?: string;
  /**
   * The request may be stopped, once running, for a reply that would otherwise wait for it
   * (titles: cheap to ask again, and nobody waits for them). Its `ticket.preempted` aborts then.
   */
  preemptible?: boolean;
}

interface Entry {
  seq: number;
  rank: number;
  priority: Priority;
  owner: string;
  label?: string;
  since: number;
  /** Requests ahead of it, last told. */
  ahead: number;
  granted: boolean;
  released: boolean;
  wake: () => void;
  /** Aborted when a reply needs this (preemptible, running) request's slot. */
  preempt?: AbortController;
}

interface Line {
  host: string;
  model: string;
  running: Entry[];
  waiting: Entry[];
  /** Owner → when it last got a slot (a grant counter), for round-robin between owners. */
  served: Map<string, number>;
}

/**
 * A place in a line. Always `release()` it (in a `finally`): before the grant that leaves the
 * line, after it that frees the slot.
 */
export class Ticket {
  #changed: Promise<void>;
  #wake!: () => void;

  constructor(readonly entry: Entry, readonly release: () => void) {
    this.#changed = this.#next();
    entry.wake = () => {
      const wake = this.#wake;
      this.#changed = this.#next();
      wake();
    };
  }

  #next(): Promise<void> {
    return new Promise<void>((resolve) => this.#wake = resolve);
  }

  /**
   * Aborts (reason: a `DOMException` named "PreemptedError") when a reply took this preemptible
   * request's slot; never for other requests.
   */
  get preempted(): AbortSignal | undefined {
    return this.entry.preempt?.signal;
  }

  /** True once a slot is this request's. */
  get granted(): boolean {
    return this.entry.granted;
  }

  /** How many requests are served before this one: those running and those waiting ahead. */
  get ahead(): number {
    return this.entry.ahead;
  }

  /**
   * Resolves when the place changes (moved up, or granted); rejects with the signal's reason
   * when it aborts.
   */
  changed(signal?: AbortSignal): Promise<void> {
    if (!signal) return this.#changed;
    signal.throwIfAborted();
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => reject(signal.reason);
      signal.addEventListener("abort", onAbort, { once: true });
      this.#changed.then(() => {
        signal.removeEventListener("abort", onAbort);
        resolve();
      });
    });
  }

  /** Waits for the slot, telling `onAhead` each new count of requests ahead. */
  async wait(signal?: AbortSignal, onAhead?: (ahead: number) => void): Promise<void> {
    let told = -1;
    while (!this.granted) {
      if (this.ahead !== told) onAhead?.(told = this.ahead);
      await this.changed(signal);
    }
  }
}

/** Every line of one Hearth. */
export class ModelQueue {
  readonly #lines = new Map<string, Line>();
  #seq = 0;
  #grants = 0;

  /**
   * @param parallel How many requests a host serves at once per model (config
   *   `ollama.parallel`, read at every grant so a change applies to the next request).
   * @param now The clock, for the admin's "waiting for" figures.
   */
  constructor(
    readonly parallel: (host: string) => number = () => 1,
    readonly now: () => number = () => performance.now(),
  ) {}

  /**
   * Enters the line of `host` and `model`. The ticket is granted at once when a slot is free and
   * nobody waits; otherwise `ticket.wait()` until it is. Throws 503 `model_busy` when the line is
   * full.
   */
  enter(host: string, model: string, opts: EnterOptions = {}): Ticket {
    const key = `${host}\n${modelKey(model)}`;
    let line = this.#lines.get(key);
    if (!line) {
      line = { host, model, running: [], waiting: [], served: new Map() };
      this.#lines.set(key, line);
    }
    if (line.waiting.length >= MAX_WAITING) {
      throw new HttpError(
        503,
        "model_busy",
        "Too many requests are waiting for this model; try again in a moment.",
      );
    }
    const priority = opts.priority ?? "interactive";
    const entry: Entry = {
      seq: this.#seq++,
      rank: RANK[priority],
      priority,
      owner: opts.owner ?? "",
      label: opts.label,
      since: this.now(),
      ahead: 0,
      granted: false,
      released: false,
      wake: () => {},
      ...(opts.preemptible && { preempt: new AbortController() }),
    };
    const ticket = new Ticket(entry, () => this.#release(key, line, entry));
    line.waiting.push(entry);
    this.#pump(line);
    if (!entry.granted && priority === "interactive" && this.#preemptFor(line)) this.#pump(line);
    return ticket;
  }

  /** Every line with someone in it, for the admin. */
  snapshot(): QueueLineView[] {
    const now = this.now();
    const view = (e: Entry): QueueEntryView => ({
      priority: e.priority,
      ...(e.owner && { owner: e.owner }),
      ...(e.label && { label: e.label }),
      forMs: Math.round(now - e.since),
    });
    return [...this.#lines.values()].map((line) => ({
      host: line.host,
      model: line.model,
      parallel: this.#parallelOf(line),
      running: line.running.map(view),
      waiting: this.#order(line).map(view),
    }));
  }

  #parallelOf(line: Line): number {
    return Math.max(1, Math.floor(this.parallel(line.host)) || 1);
  }

  #release(key: string, line: Line, entry: Entry): void {
    if (entry.released) return;
    entry.released = true;
    const from = entry.granted ? line.running : line.waiting;
    from.splice(from.indexOf(entry), 1);
    this.#pump(line);
    if (!line.running.length && !line.waiting.length && this.#lines.get(key) === line) {
      this.#lines.delete(key);
    }
  }

  /**
   * The waiting entries in the order they will be served: by priority, then the owner with the
   * fewest requests running (counting those ordered before it), then the owner served longest
   * ago, then arrival.
   */
  #order(line: Line): Entry[] {
    const busy = new Map<string, number>();
    for (const e of line.running) busy.set(e.owner, (busy.get(e.owner) ?? 0) + 1);
    const served = new Map(line.served);
    let turn = this.#grants;
    // Per priority, each owner's requests in arrival order (`waiting` is in arrival order).
    const ranks: Map<string, Entry[]>[] = [new Map(), new Map(), new Map()];
    for (const e of line.waiting) {
      const owners = ranks[e.rank];
      const own = owners.get(e.owner);
      if (own) own.push(e);
      else owners.set(e.owner, [e]);
    }
    const order: Entry[] = [];
    for (const owners of ranks) {
      // O(requests × owners): owners are a household's profiles, and a line is capped.
      while (owners.size) {
        let best: string | undefined;
        let bestKey: [number, number, number] = [Infinity, Infinity, Infinity];
        for (const [owner, own] of owners) {
          const key: [number, number, number] = [
            busy.get(owner) ?? 0,
            served.get(owner) ?? -1,
            own[0].seq,
          ];
          if (
            key[0] < bestKey[0] ||
            (key[0] === bestKey[0] &&
              (key[1] < bestKey[1] || (key[1] === bestKey[1] && key[2] < bestKey[2])))
          ) {
            best = owner;
            bestKey = key;
          }
        }
        const own = owners.get(best!)!;
        order.push(own.shift()!);
        if (!own.length) owners.delete(best!);
        busy.set(best!, (busy.get(best!) ?? 0) + 1);
        served.set(best!, turn++);
      }
    }
    return order;
  }

  /**
   * A reply waits: stop the running preemptible request that started last, unless one is
   * already stopping for a waiting reply. It leaves when its caller sees the abort and releases.
   */
  #preemptFor(line: Line): boolean {
    const waitingReplies = line.waiting.filter((e) => e.priority === "interactive").length;
    const stopping = line.running.filter(stopped).length;
    if (stopping >= waitingReplies) return false;
    const victim = line.running.findLast((e) => e.preempt && !stopped(e));
    victim?.preempt?.abort(new DOMException("A reply needed the model", "PreemptedError"));
    return victim !== undefined;
  }

  /** Grants free slots, then tells every waiter whose count of requests ahead changed. */
  #pump(line: Line): void {
    // Nobody waits: nothing to grant, nobody to tell.
    if (!line.waiting.length) return;
    const parallel = this.#parallelOf(line);
    // One waiting (each request of a burst while slots are free) is next in any order: the
    // order's maps and lists per request cost ~5 KiB of garbage a reply.
    const order = line.waiting.length === 1 ? [line.waiting[0]] : this.#order(line);
    while (line.running.length < parallel && order.length) {
      const next = order.shift()!;
      line.waiting.splice(line.waiting.indexOf(next), 1);
      next.granted = true;
      line.served.set(next.owner, this.#grants++);
      next.since = this.now();
      line.running.push(next);
      next.wake();
    }
    // A request that was told to stop is leaving: nobody waits behind it.
    const staying = line.running.filter((e) => !stopped(e)).length;
    for (const [i, e] of order.entries()) {
      const ahead = staying + i;
      if (ahead !== e.ahead) {
        e.ahead = ahead;
        e.wake();
      }
    }
  }
}
