/**
 * Browser side of the service worker (`lib/web/build/sw.ts` writes the worker): registers it,
 * and tells the page when a new build's worker is installed and waiting behind the one in
 * charge, so the page can offer to reload. Imports nothing from the server.
 */

/** Where the worker is served; its scope is the whole site. */
export const SW_PATH = "/sw.js";
/** What a page posts to a waiting worker to make it take over. */
export const ACTIVATE_MESSAGE = "hearth:activate";

/**
 * Registers the worker and calls `onWaiting` with a new build's worker once it waits (at once
 * when one already does). The first worker of a device takes over without asking. Checks for a
 * new build at every page load and whenever the page comes back to the front (an app on a
 * phone is rarely reloaded).
 */
export async function registerWorker(onWaiting: (worker: ServiceWorker) => void): Promise<void> {
  const sw = navigator.serviceWorker;
  if (!sw) return; // Not a secure context (plain http to a LAN address), or an old browser.
  const reg = await sw.register(SW_PATH, { scope: "/" });
  const check = () => reg.update().catch(() => {});
  // A worker in charge already: ask whether a new build is live (a 304 when not).
  if (sw.controller) check();
  const offer = (worker: ServiceWorker | null) => {
    if (worker && sw.controller) onWaiting(worker);
  };
  offer(reg.waiting);
  reg.addEventListener("updatefound", () => {
    const worker = reg.installing;
    worker?.addEventListener("statechange", () => {
      if (worker.state === "installed") offer(worker);
    });
  });
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") check();
  });
}

/** Makes `worker` take over and reloads the page once it does. */
export function activate(worker: ServiceWorker): void {
  // Another tab's Reload made it take over already.
  if (navigator.serviceWorker.controller === worker) return location.reload();
  let reloaded = false;
  navigator.serviceWorker.addEventListener("controllerchange", () => {
    if (!reloaded) location.reload();
    reloaded = true;
  });
  worker.postMessage({ type: ACTIVATE_MESSAGE });
}
