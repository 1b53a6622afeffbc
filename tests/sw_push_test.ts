/**
 * `static/sw-push.js` against a stand-in for the service worker's global scope: what a push
 * shows, and where a tap on it goes (Chromium's DevTools protocol can deliver a push, which
 * `push_browser_test.ts` does, but cannot tap a notification).
 */
import assert from "node:assert/strict";

const SOURCE = await Deno.readTextFile(new URL("../static/sw-push.js", import.meta.url));
const ORIGIN = "https://hearth.example";

interface FakeWindow {
  url: string;
  focused: boolean;
  /** Whether this worker controls it (only then may it be steered). */
  controlled: boolean;
  focus(): Promise<FakeWindow>;
  navigate(url: string): Promise<FakeWindow>;
}

function fakeWindow(url: string, controlled = true): FakeWindow {
  const w: FakeWindow = {
    url,
    focused: false,
    controlled,
    focus() {
      w.focused = true;
      return Promise.resolve(w);
    },
    navigate(to) {
      if (!w.controlled) return Promise.reject(new TypeError("not controlled"));
      w.url = to;
      return Promise.resolve(w);
    },
  };
  return w;
}

/** Runs the script in a fresh scope; returns how to fire its events and what they did. */
function worker(windows: FakeWindow[] = []) {
  const listeners: Record<string, (event: unknown) => void> = {};
  const shown: { title: string; options: Record<string, unknown> }[] = [];
  const opened: string[] = [];
  const self = {
    location: new URL(`${ORIGIN}/sw.js`),
    addEventListener: (type: string, fn: (event: unknown) => void) => listeners[type] = fn,
    registration: {
      showNotification: (title: string, options: Record<string, unknown>) => {
        shown.push({ title, options });
        return Promise.resolve();
      },
    },
    clients: {
      matchAll: () => Promise.resolve(windows),
      openWindow: (url: string) => {
        opened.push(url);
        return Promise.resolve(null);
      },
    },
  };
  new Function("self", SOURCE)(self);
  const fire = async (type: string, event: Record<string, unknown>) => {
    let work: Promise<unknown> = Promise.resolve();
    listeners[type]({ ...event, waitUntil: (p: Promise<unknown>) => work = p });
    await work;
  };
  return {
    shown,
    opened,
    push: (data: string | null) =>
      fire("push", {
        data: data === null ? null : { json: () => JSON.parse(data) },
      }),
    click: (data: unknown) => {
      let closed = false;
      return fire("notificationclick", {
        notification: { data, close: () => closed = true },
      }).then(() => closed);
    },
  };
}

Deno.test("sw-push - a push shows its title, body and tag, and keeps its page for the tap", async () => {
  const sw = worker();
  await sw.push(JSON.stringify({
    kind: "reply",
    title: "Picnic plans",
    body: "Your answer is ready.",
    url: "/chat/abc",
    tag: "chat:abc",
  }));
  assert.equal(sw.shown.length, 1);
  assert.equal(sw.shown[0].title, "Picnic plans");
  assert.equal(sw.shown[0].options.body, "Your answer is ready.");
  assert.equal(sw.shown[0].options.tag, "chat:abc");
  assert.deepEqual(sw.shown[0].options.data, { url: "/chat/abc" });
});

Deno.test("sw-push - a push without JSON still shows something; a page elsewhere becomes /", async () => {
  const sw = worker();
  await sw.push(null);
  await sw.push("not json");
  await sw.push(JSON.stringify({ title: "x", url: "https://evil.example/" }));
  await sw.push(JSON.stringify({ title: "x", url: "//evil.example/" }));
  assert.deepEqual(sw.shown.map((s) => s.title), ["Hearth", "Hearth", "x", "x"]);
  assert.deepEqual(sw.shown.map((s) => (s.options.data as { url: string }).url), [
    "/",
    "/",
    "/",
    "/",
  ]);
});

Deno.test("sw-push - a tap focuses the window on that chat, else steers a Hearth window there, else opens one", async () => {
  const onIt = fakeWindow(`${ORIGIN}/chat/abc`);
  const other = fakeWindow(`${ORIGIN}/chat/zzz`);
  let sw = worker([other, onIt]);
  assert.equal(await sw.click({ url: "/chat/abc" }), true, "the notification closes");
  assert.ok(onIt.focused && !other.focused);
  assert.deepEqual(sw.opened, []);

  const elsewhere = fakeWindow(`${ORIGIN}/search`);
  sw = worker([elsewhere]);
  await sw.click({ url: "/chat/abc" });
  assert.equal(elsewhere.url, `${ORIGIN}/chat/abc`);
  assert.ok(elsewhere.focused);
  assert.deepEqual(sw.opened, []);

  // A window this worker does not control cannot be steered; none at all: a new one.
  sw = worker([fakeWindow(`${ORIGIN}/`, false)]);
  await sw.click({ url: "/chat/abc" });
  assert.deepEqual(sw.opened, [`${ORIGIN}/chat/abc`]);
  sw = worker([]);
  await sw.click(undefined);
  assert.deepEqual(sw.opened, [`${ORIGIN}/`]);
});
