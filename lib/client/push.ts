/**
 * Web Push in the browser, for islands: whether this browser can take notifications, and
 * subscribing this device through the service worker. Imports nothing from the server.
 */
import { apiJson } from "./api.ts";
import { SW_PATH } from "./worker.ts";

/** Why notifications are not possible here, or `ok`. */
export type PushSupport = "ok" | "insecure" | "unsupported";

/** Whether this page can subscribe to push. */
export function pushSupport(): PushSupport {
  if (!globalThis.isSecureContext) return "insecure";
  if (!("serviceWorker" in navigator) || !("PushManager" in globalThis)) return "unsupported";
  if (!("Notification" in globalThis)) return "unsupported";
  return "ok";
}

async function registration(): Promise<ServiceWorkerRegistration> {
  const existing = await navigator.serviceWorker.getRegistration("/");
  if (existing) return existing;
  await navigator.serviceWorker.register(SW_PATH, { scope: "/" });
  return await navigator.serviceWorker.ready;
}

/** This browser's subscription, if it has one. */
export async function currentSubscription(): Promise<PushSubscription | null> {
  if (pushSupport() !== "ok") return null;
  const reg = await navigator.serviceWorker.getRegistration("/");
  return (await reg?.pushManager.getSubscription()) ?? null;
}

function keyBytes(base64url: string): Uint8Array<ArrayBuffer> {
  const plain = base64url.replaceAll("-", "+").replaceAll("_", "/");
  return Uint8Array.from(
    atob(plain + "=".repeat((4 - plain.length % 4) % 4)),
    (c) => c.charCodeAt(0),
  );
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/**
 * Asks for permission (call it inside the tap: browsers refuse a prompt started later),
 * subscribes with the server's key and tells the server. Resolves to the permission's answer.
 */
export async function subscribeThisDevice(): Promise<NotificationPermission> {
  const permission = await Notification.requestPermission();
  if (permission !== "granted") return permission;
  const [{ publicKey }, reg] = await Promise.all([
    apiJson<{ publicKey: string }>("/api/push/key"),
    registration(),
  ]);
  const wanted = keyBytes(publicKey);
  let sub = await reg.pushManager.getSubscription();
  // A subscription made with another key (the box's key file was replaced) cannot be used.
  const key = sub?.options.applicationServerKey;
  if (sub && key && !sameBytes(new Uint8Array(key), wanted)) {
    await sub.unsubscribe();
    sub = null;
  }
  sub ??= await reg.pushManager.subscribe({
    userVisibleOnly: true,
    applicationServerKey: wanted,
  });
  await apiJson("/api/push/subscriptions", "POST", sub.toJSON());
  return permission;
}

/** Unsubscribes this browser, here and on the server. */
export async function unsubscribeThisDevice(): Promise<void> {
  const sub = await currentSubscription();
  if (!sub) return;
  await apiJson("/api/push/subscriptions", "DELETE", { endpoint: sub.endpoint });
  await sub.unsubscribe();
}
