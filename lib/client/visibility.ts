/**
 * Tells the server when this page is hidden, closed or shown again, so a reply that ends while
 * nobody looks is announced by push (`POST /api/push/visibility`). Only where notifications are
 * allowed: otherwise nothing would come of it. Imports nothing from the server.
 */
import { apiFetch } from "./session.ts";

/** Starts reporting; returns the function that stops it (a `useEffect` cleanup). */
export function reportVisibility(): () => void {
  if (!("Notification" in globalThis) || Notification.permission !== "granted") return () => {};
  // Leaving fires both visibilitychange and pagehide: one report each time it changes.
  let last: boolean | null = null;
  const send = (hidden: boolean) => {
    if (hidden === last) return;
    last = hidden;
    apiFetch("/api/push/visibility", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ hidden }),
      // Outlives the page, so a report sent as the tab closes still arrives.
      keepalive: true,
    }).then((res) => res.body?.cancel(), () => {});
  };
  const onChange = () => send(document.visibilityState === "hidden");
  const onHide = () => send(true);
  document.addEventListener("visibilitychange", onChange);
  addEventListener("pagehide", onHide);
  onChange();
  return () => {
    document.removeEventListener("visibilitychange", onChange);
    removeEventListener("pagehide", onHide);
  };
}
