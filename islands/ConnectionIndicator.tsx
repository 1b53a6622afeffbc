/**
 * The shell's connection light: keeps this tab's session alive, and shows whether the box is
 * reachable (online), the device has no network (offline), or Hearth is retrying (reconnecting).
 */
import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import { refreshSession } from "../lib/client/session.ts";
import { fill, formatTime } from "../lib/i18n/format.ts";

type Status = "connecting" | "online" | "offline" | "reconnecting";

interface Props {
  /** The `conn.*` messages in the page's language. */
  labels: Record<string, string>;
  /** How often to renew the session while the page is open (ms). */
  keepAliveMs?: number;
}

export default function ConnectionIndicator({ labels, keepAliveMs = 5 * 60_000 }: Props) {
  const status = useSignal<Status>("connecting");
  const checkedAt = useSignal<Date | null>(null);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let failures = 0;
    let stopped = false;
    let inFlight: AbortController | undefined;

    const schedule = (ms: number) => {
      clearTimeout(timer);
      timer = setTimeout(check, ms);
    };

    async function check() {
      if (stopped) return;
      if (!navigator.onLine) {
        status.value = "offline";
        return;
      }
      inFlight?.abort();
      inFlight = new AbortController();
      const timeout = setTimeout(() => inFlight?.abort(), 10_000);
      try {
        await refreshSession(inFlight.signal);
        failures = 0;
        status.value = "online";
        checkedAt.value = new Date();
        schedule(keepAliveMs);
      } catch {
        if (stopped) return;
        failures++;
        status.value = "reconnecting";
        // Back off so a sleeping box is not hammered: 1 s, 2 s, 4 s … up to 30 s.
        schedule(Math.min(30_000, 1000 * 2 ** (failures - 1)));
      } finally {
        clearTimeout(timeout);
      }
    }

    const onOnline = () => {
      status.value = "reconnecting";
      check();
    };
    const onOffline = () => {
      clearTimeout(timer);
      status.value = "offline";
    };
    const onVisible = () => {
      // A phone waking up: check at once instead of waiting for the timer.
      if (document.visibilityState === "visible") check();
    };
    addEventListener("online", onOnline);
    addEventListener("offline", onOffline);
    document.addEventListener("visibilitychange", onVisible);
    check();
    return () => {
      stopped = true;
      clearTimeout(timer);
      inFlight?.abort();
      removeEventListener("online", onOnline);
      removeEventListener("offline", onOffline);
      document.removeEventListener("visibilitychange", onVisible);
    };
  }, [keepAliveMs]);

  const title = checkedAt.value
    // In the page's language, like the labels (the browser's own may differ).
    ? fill(labels["conn.lastSeen"], {
      time: formatTime(checkedAt.value, document.documentElement.lang || "en"),
    })
    : labels["conn.never"];
  return (
    <button
      type="button"
      class={`conn conn-${status.value}`}
      data-status={status.value}
      title={title}
      aria-live="polite"
      // Clicking is a manual retry; other islands listening for "online" retry too.
      onClick={() => dispatchEvent(new Event("online"))}
    >
      <span class="conn-dot" aria-hidden="true" />
      <span class="conn-label">{labels[`conn.${status.value}`]}</span>
    </button>
  );
}
