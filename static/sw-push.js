/*
 * Hearth's Web Push handlers for the service worker (`importScripts("/sw-push.js")`; on its own
 * it is also a complete worker). A push carries small JSON from the box (lib/push/types.ts
 * `PushPayload`: kind, title, body, url, tag); a tap focuses a Hearth window on that page, or
 * steers one there, or opens one.
 */
self.addEventListener("push", (event) => {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch {
    // Not JSON: still say something, a push must always show a notification.
  }
  const text = (value, fallback) => typeof value === "string" && value ? value : fallback;
  const url = text(data.url, "/");
  event.waitUntil(self.registration.showNotification(text(data.title, "Hearth"), {
    body: text(data.body, ""),
    tag: text(data.tag, "hearth"),
    icon: "/icon.svg",
    // Only a path on this origin: never a page elsewhere.
    data: { url: url.startsWith("/") && !url.startsWith("//") ? url : "/" },
  }));
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const target = new URL(event.notification.data?.url ?? "/", self.location.origin).href;
  event.waitUntil((async () => {
    const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
    const same = windows.find((w) => w.url === target);
    if (same) return same.focus();
    for (const w of windows) {
      if (new URL(w.url).origin !== self.location.origin) continue;
      try {
        const moved = await w.navigate(target);
        if (moved) return moved.focus();
      } catch {
        // A window this worker does not control cannot be steered: open a new one.
      }
    }
    return self.clients.openWindow(target);
  })());
});
