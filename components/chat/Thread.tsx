/**
 * The scrolling thread. Long conversations stay fast because the DOM is bounded: at most
 * `WINDOW` messages are rendered, a slice of those loaded. Scrolling near the top widens the
 * slice upwards (loading an older page from the server when the loaded ones run out) and trims
 * the bottom; scrolling near the bottom does the reverse. Each change keeps the message in view
 * where it was. While the reader is at the bottom, a growing reply keeps it in view.
 */
import type { Signal } from "@preact/signals";
import { useComputed, useSignal } from "@preact/signals";
import { useEffect, useLayoutEffect, useRef } from "preact/hooks";
import { LiveItem, MessageItem } from "./MessageItem.tsx";
import type { Translate } from "../../lib/i18n/format.ts";
import { copyText } from "./text.ts";
import type { LiveReply, MessageView } from "./types.ts";

/** Most messages in the DOM at once. */
export const WINDOW = 120;
/** Messages added or dropped per step. */
const STEP = 40;
/** Distance from an edge (px) that counts as "near". */
const NEAR = 400;

/** Props of `Thread`. */
export interface ThreadProps {
  msgs: Signal<MessageView[]>;
  hasMore: Signal<boolean>;
  live: Signal<LiveReply | null>;
  now: Signal<number>;
  t: Translate;
  locale: string;
  /** Loads the next older page into `msgs`; resolves to how many came. */
  loadOlder(): Promise<number>;
  onResend(m: MessageView, content: string): void;
  onRegenerate(m: MessageView): void;
}

/** The thread. */
export function Thread(props: ThreadProps) {
  const { msgs, hasMore, live, t, locale } = props;
  const box = useRef<HTMLDivElement>(null);
  const list = useRef<HTMLDivElement>(null);
  // The slice runs from message `first` (null: as far up as the window allows) to `tail`
  // messages before the end. Keyed by id, older pages loading above do not move it, and new
  // messages at the bottom join it while the reader is there.
  const first = useSignal<string | null>(null);
  const tail = useSignal(0);
  const loading = useSignal(false);
  const stick = useRef(true);
  const anchor = useRef<{ id: string; top: number } | null>(null);

  const bounds = () => {
    const items = msgs.value;
    const end = Math.max(0, items.length - tail.value);
    let start = first.value ? items.findIndex((m) => m.id === first.value) : -1;
    if (start < 0 || start > end) start = end - WINDOW;
    return { items, start: Math.max(0, start, end - WINDOW), end };
  };
  const { items: all, start, end } = bounds();
  const shown = all.slice(start, end);
  // Only whether a reply streams: the thread does not re-render for each token.
  const streaming = useComputed(() => live.value !== null);
  const busy = streaming.value;
  const lastReply = all.at(-1)?.role === "assistant" ? all.at(-1)!.id : "";

  /** Remembers the first visible message, so the next render can put it back in place. */
  const pin = () => {
    const top = box.current!.getBoundingClientRect().top;
    for (const el of list.current!.children) {
      const r = el.getBoundingClientRect();
      if (el.id && r.bottom > top) {
        anchor.current = { id: el.id, top: r.top };
        return;
      }
    }
  };

  const widenUp = async () => {
    if (loading.value) return;
    const now = bounds();
    if (now.start === 0) {
      if (!hasMore.value) return;
      // Hold the slice where it is while the older page arrives above it.
      first.value = now.items[0]?.id ?? null;
      loading.value = true;
      try {
        if (!await props.loadOlder()) return;
      } finally {
        loading.value = false;
      }
    }
    const { items, start, end } = bounds();
    pin();
    const from = Math.max(0, start - STEP);
    first.value = items[from]?.id ?? null;
    if (end - from > WINDOW) tail.value += end - from - WINDOW;
  };

  const widenDown = () => {
    if (tail.value === 0) return;
    const { items, start } = bounds();
    pin();
    tail.value -= Math.min(STEP, tail.value);
    const end = items.length - tail.value;
    if (end - start > WINDOW) first.value = items[end - WINDOW].id;
  };

  const onScroll = () => {
    const el = box.current!;
    const below = el.scrollHeight - el.scrollTop - el.clientHeight;
    stick.current = below < 80 && tail.value === 0;
    if (el.scrollTop < NEAR) widenUp();
    else if (below < NEAR) widenDown();
  };

  // After a slice change, put the pinned message back where it was; else follow the bottom.
  useLayoutEffect(() => {
    const el = box.current!;
    const a = anchor.current;
    anchor.current = null;
    const target = a && document.getElementById(a.id);
    if (target) el.scrollTop += target.getBoundingClientRect().top - a.top;
    else if (stick.current) el.scrollTop = el.scrollHeight;
  });

  // A new message of ours jumps to the newest part of the thread.
  useEffect(() => {
    if (busy) {
      tail.value = 0;
      first.value = null;
      stick.current = true;
    }
  }, [busy]);

  // The live reply grows outside this component's renders: follow it while at the bottom.
  useEffect(() => {
    const el = box.current!;
    const watch = new ResizeObserver(() => {
      if (stick.current) el.scrollTop = el.scrollHeight;
    });
    watch.observe(list.current!);
    revealHash(props, first, tail).then((id) => {
      const target = id && document.getElementById(id);
      if (target) {
        stick.current = false;
        target.scrollIntoView({ block: "center" });
        target.classList.add("msg-target");
      }
    });
    return () => watch.disconnect();
  }, []);

  const onClick = async (e: MouseEvent) => {
    const button = (e.target as Element).closest?.(".code-copy");
    const code = button?.parentElement?.querySelector("code");
    if (!button || !code) return;
    const ok = await copyText(code.textContent ?? "");
    button.textContent = t(ok ? "copied" : "copyFailed");
    setTimeout(() => button.textContent = t("copy"), 1500);
  };

  return (
    <div class="chat-thread" ref={box} onScroll={onScroll} onClick={onClick}>
      {/* Takes no room (see the CSS), so showing it does not move the messages. */}
      {loading.value && (
        <p class="chat-older" role="status">
          <span>{t("loadingOlder")}</span>
        </p>
      )}
      <div class="chat-list" ref={list}>
        {!all.length && !busy && <p class="chat-empty muted">{t("empty")}</p>}
        {shown.map((m) => (
          <MessageItem
            key={m.id}
            m={m}
            t={t}
            locale={locale}
            last={m.id === lastReply}
            busy={busy}
            onResend={props.onResend}
            onRegenerate={props.onRegenerate}
            onPage={(page) => {
              msgs.value = page.items;
              hasMore.value = page.hasMore;
            }}
          />
        ))}
        {tail.value === 0 && <LiveItem live={live} now={props.now} t={t} locale={locale} />}
      </div>
    </div>
  );
}

/**
 * A search hit links to `#m-<id>`: load older pages until that message is there, move the slice
 * onto it, and return its element id.
 */
async function revealHash(
  props: ThreadProps,
  first: Signal<string | null>,
  tail: Signal<number>,
): Promise<string | null> {
  const id = decodeURIComponent(location.hash.slice(1));
  if (!id.startsWith("m-")) return null;
  const find = () => props.msgs.value.findIndex((m) => `m-${m.id}` === id);
  for (let pages = 0; find() < 0 && props.hasMore.value && pages < 100; pages++) {
    if (!await props.loadOlder()) break;
  }
  const index = find();
  if (index < 0) return null;
  const items = props.msgs.value;
  tail.value = Math.max(0, items.length - index - 1 - STEP / 2);
  first.value = items[Math.max(0, index - STEP / 2)].id;
  await new Promise((r) => requestAnimationFrame(r));
  return id;
}
