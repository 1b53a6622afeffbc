/**
 * The admin's live log: connects to `/ws`, shows the ring buffer and every new line (errors
 * highlighted), with a text filter, pause (new lines wait, bounded, and are counted) and follow
 * (keeps the newest line in view until the reader scrolls up). Reconnects with backoff.
 */
import { useComputed, useSignal } from "@preact/signals";
import { useEffect, useRef } from "preact/hooks";
import { fill } from "../lib/i18n/format.ts";
import type { LogEntry } from "../lib/log/types.ts";

interface Props {
  /** `en` or `de`, for times. */
  locale: string;
  /** The `logs.*` messages in the page's language. */
  messages: Record<string, string>;
}

/** Lines shown at most; older ones leave the page. */
const MAX_SHOWN = 2000;
/** Lines kept while paused; past it the oldest waiting ones are dropped (still counted). */
const MAX_WAITING = 5000;
const MAX_BACKOFF_S = 30;
/** Close code of a login that ended (lib/log/sockets.ts). */
const LOGGED_OUT = 4001;

function lineText(e: LogEntry): string {
  const fields = e.fields ? " " + JSON.stringify(e.fields) : "";
  return `${e.level.toUpperCase()} ${e.source ? `[${e.source}] ` : ""}${e.msg}${fields}`;
}

/** The time of day with seconds, as a log reader needs it (the date is in the title). */
function clock(iso: string, locale: string): string {
  return new Date(iso).toLocaleTimeString(locale, {
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hour12: false,
  });
}

export default function LogTail({ locale, messages: m }: Props) {
  const lines = useSignal<LogEntry[]>([]);
  const waiting = useSignal<LogEntry[]>([]);
  const dropped = useSignal(0);
  const paused = useSignal(false);
  const follow = useSignal(true);
  const filter = useSignal("");
  const errorsOnly = useSignal(false);
  const status = useSignal<{ state: "connecting" | "live" | "retry"; seconds?: number }>({
    state: "connecting",
  });
  const box = useRef<HTMLOListElement>(null);
  /** Where the list was last scrolled to, by the reader or by following. */
  const lastTop = useRef(0);

  const add = (entries: LogEntry[]) => {
    const last = lines.value.at(-1)?.seq ?? 0;
    const fresh = entries.filter((e) => e.seq > last);
    if (fresh.length) lines.value = [...lines.value, ...fresh].slice(-MAX_SHOWN);
  };

  useEffect(() => {
    let socket: WebSocket | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let backoff = 1;
    let stopped = false;
    const connect = () => {
      status.value = { state: "connecting" };
      const scheme = location.protocol === "https:" ? "wss" : "ws";
      socket = new WebSocket(`${scheme}://${location.host}/ws`);
      socket.onopen = () => {
        backoff = 1;
        status.value = { state: "live" };
      };
      socket.onmessage = (event) => {
        const message = JSON.parse(event.data);
        if (message.type === "backlog") add(message.entries);
        else if (message.type === "entry") {
          if (!paused.value) return add([message.entry]);
          const next = [...waiting.value, message.entry];
          if (next.length > MAX_WAITING) dropped.value += next.length - MAX_WAITING;
          waiting.value = next.slice(-MAX_WAITING);
        }
      };
      socket.onclose = (event) => {
        if (stopped) return;
        // The admin login ended: the page sends the browser to the login.
        if (event.code === LOGGED_OUT) return location.reload();
        status.value = { state: "retry", seconds: backoff };
        timer = setTimeout(connect, backoff * 1000);
        backoff = Math.min(backoff * 2, MAX_BACKOFF_S);
      };
    };
    connect();
    return () => {
      stopped = true;
      clearTimeout(timer);
      socket?.close();
    };
  }, []);

  const shown = useComputed(() => {
    const needle = filter.value.trim().toLowerCase();
    return lines.value.filter((e) =>
      (!errorsOnly.value || e.isError) && (!needle || lineText(e).toLowerCase().includes(needle))
    );
  });

  useEffect(() => {
    const el = box.current;
    if (el && follow.value) {
      el.scrollTop = el.scrollHeight;
      lastTop.current = el.scrollTop;
    }
  }, [shown.value, follow.value]);

  // Only a scroll up turns follow off. A scroll event arrives a frame late: lines added in
  // between put the bottom further down, and that event alone must not stop the following.
  const onScroll = () => {
    const el = box.current;
    if (!el) return;
    const atBottom = el.scrollTop + el.clientHeight >= el.scrollHeight - 8;
    const up = el.scrollTop < lastTop.current;
    lastTop.current = el.scrollTop;
    if (atBottom) follow.value = true;
    else if (up) follow.value = false;
  };

  const togglePause = () => {
    if (paused.value) {
      add(waiting.value);
      waiting.value = [];
      dropped.value = 0;
    }
    paused.value = !paused.value;
  };

  const waitingCount = waiting.value.length + dropped.value;
  const s = status.value;
  return (
    <div class="logtail">
      <div class="logtail-bar">
        <label class="logtail-filter">
          <span>{m["logs.filter"]}</span>
          <input
            type="search"
            placeholder={m["logs.filterHint"]}
            value={filter.value}
            onInput={(e) => filter.value = (e.target as HTMLInputElement).value}
          />
        </label>
        <label class="logtail-check">
          <input
            type="checkbox"
            checked={errorsOnly.value}
            onClick={() => errorsOnly.value = !errorsOnly.value}
          />
          {m["logs.errorsOnly"]}
        </label>
        <label class="logtail-check">
          <input
            type="checkbox"
            name="follow"
            checked={follow.value}
            onClick={() => follow.value = !follow.value}
          />
          {m["logs.follow"]}
        </label>
        <button type="button" class="button" aria-pressed={paused.value} onClick={togglePause}>
          {paused.value ? m["logs.resume"] : m["logs.pause"]}
        </button>
      </div>
      <p class="logtail-status muted" role="status">
        <span class={s.state === "live" ? "health-ok" : undefined}>
          {s.state === "live"
            ? m["logs.live"]
            : s.state === "retry"
            ? fill(m["logs.retry"], { seconds: s.seconds ?? 1 })
            : m["logs.connecting"]}
        </span>{" "}
        · {fill(m["logs.lines"], { shown: shown.value.length, total: lines.value.length })}
        {paused.value && (
          <strong class="logtail-waiting">
            {" · "}
            {fill(m["logs.waiting"], { count: waitingCount })}
          </strong>
        )}
      </p>
      <ol class="logtail-lines" ref={box} onScroll={onScroll} aria-live="off">
        {shown.value.length === 0 && <li class="muted">{m["logs.empty"]}</li>}
        {shown.value.map((e) => (
          <li
            key={e.seq}
            class={e.isError ? "logtail-line logtail-error" : `logtail-line logtail-${e.level}`}
          >
            <time dateTime={e.time} title={e.time}>{clock(e.time, locale)}</time> {lineText(e)}
          </li>
        ))}
      </ol>
    </div>
  );
}
